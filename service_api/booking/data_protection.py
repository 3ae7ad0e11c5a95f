"""The data-protection officer's work (issue 17): the access log read by citizen or staff member, and a
citizen's requests to see everything held about them (Art. 15) or to be forgotten now (Art. 17).

Who may do what comes from ``domain/policy.py``; a citizen is named by ``domain/data_subject.py``. The
export only gathers: the API serialises its bookings through ``api/staff_reads.py``, which records that
read in the access log like any other. Erasure anonymises with the retention purge's own function, so
the result is the same as the purge's and statistics keep their counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, true
from sqlalchemy.orm import Session

from service_api import retention
from service_api.auth import email_code
from service_api.auth.models import CitizenEmailCode, CitizenLoginAudit, CitizenSession
from service_api.booking import access_log, co_applicant_subject, journal
from service_api.booking.access_log import AccessEntry, AccessPage
from service_api.booking.booking_reads import booking_query
from service_api.booking.service import BookingService
from service_api.domain.data_subject import CitizenHasUpcomingBookings, Subject, SubjectKind, holds_time_ahead
from service_api.domain.kinds import ChangeOp
from service_api.domain.policy import (
    Actor,
    ActorKind,
    municipality_scope,
    require_handles_subject_requests,
    require_reads_access_log,
)
from service_api.models import AuditLog, Booking, Outbox, Service, Staff, WaitlistEntry
from service_api.security import afm_hash, citizen_key


def citizen_bookings(secret: str, subject: Subject) -> ColumnElement[bool]:
    """Bookings made with the citizen's address, or by TAXISnet with their AFM (stored as a keyed hash)."""
    if subject.kind == SubjectKind.AFM:
        return Booking.citizen_afm_hash == afm_hash(secret, subject.value)
    return func.lower(Booking.citizen_email) == subject.value


def citizen_waitlist(secret: str, subject: Subject) -> ColumnElement[bool]:
    """The citizen's waitlist entries: by the identity they joined with (an entry keeps the address only
    while open, the key for good)."""
    if subject.kind == SubjectKind.AFM:
        return WaitlistEntry.citizen_key == citizen_key(secret, "", subject.value)
    return or_(
        WaitlistEntry.citizen_key == citizen_key(secret, subject.value),
        func.lower(WaitlistEntry.citizen_email) == subject.value,
    )


def _in_scope(actor: Actor) -> ColumnElement[bool]:
    scope = municipality_scope(actor)
    return true() if scope is None else Booking.municipality_id == scope


# ---------------------------------------------------------------------------------------- access log
def read_access_log(
    session: Session,
    actor: Actor,
    secret: str,
    *,
    reference: str | None = None,
    subject: Subject | None = None,
    staff_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before: int | None = None,
    limit: int = access_log.PAGE_SIZE,
) -> AccessPage:
    """The dpo's view of the log, newest first: of one booking, one citizen or one member of staff."""
    require_reads_access_log(actor)
    condition = _in_scope(actor)
    if reference is not None:
        condition = and_(condition, Booking.reference == reference)
    if subject is not None:
        condition = and_(condition, citizen_bookings(secret, subject))
    return access_log.entries(
        session,
        bookings=condition,
        staff_id=staff_id,
        since=since,
        until=until,
        before=before,
        limit=limit,
    )


# ---------------------------------------------------------------------------------------- Art. 15
@dataclass(frozen=True)
class SubjectRecords:
    """Everything held about one citizen; ``bookings`` are serialised (and logged) by the API."""

    subject: Subject
    generated_at: datetime
    generated_by: str
    bookings: list[Booking]
    emails: list[dict[str, Any]]
    audit: list[dict[str, Any]]
    access: list[AccessEntry]
    sign_ins: list[dict[str, Any]]
    waitlist: list[dict[str, Any]]
    joint: co_applicant_subject.JointRecords


def gather(service: BookingService, actor: Actor, subject: Subject) -> SubjectRecords:
    """The citizen's bookings, the e-mails and SMS sent about them, their audit entries and who read them,
    their waitlist entries, the joint bookings they were named in as co-applicant (without the booker's
    details), and (named by AFM) their TAXISnet sign-ins."""
    require_handles_subject_requests(actor)
    secret = service.config.secret_key
    with service.store.read() as session:
        bookings = list(
            session.scalars(
                booking_query()
                .where(citizen_bookings(secret, subject), _in_scope(actor), Booking.anonymised_at.is_(None))
                .order_by(Booking.start_at, Booking.id)
            )
        )
        references = {b.id: b.reference for b in bookings}
        ids = list(references)
        emails = [
            {
                "reference": references[job.booking_id or 0],
                "kind": job.kind,
                "status": job.status,
                "queued_at": job.created_at.isoformat(),
                "sent_at": job.done_at.isoformat() if job.done_at else None,
                "attempts": job.attempts,
            }
            for job in session.scalars(
                select(Outbox)
                .where(
                    Outbox.booking_id.in_(ids), or_(Outbox.kind.like("email.%"), Outbox.kind.like("sms.%"))
                )
                .order_by(Outbox.created_at, Outbox.id)
            )
        ]
        audit_rows = session.scalars(
            select(AuditLog).where(AuditLog.booking_id.in_(ids)).order_by(AuditLog.at, AuditLog.id)
        ).all()
        staff_ids = {row.actor_id for row in audit_rows if row.actor_kind == ActorKind.STAFF}
        names = dict(
            session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(staff_ids))).all()
        )
        audit = [
            {
                "at": row.at.isoformat(),
                "reference": references[row.booking_id or 0],
                "action": row.action,
                "actor_kind": row.actor_kind,
                "actor_id": row.actor_id,
                "actor_name": names.get(row.actor_id or 0) if row.actor_kind == ActorKind.STAFF else None,
                "details": dict(row.details),
            }
            for row in audit_rows
        ]
        access: list[AccessEntry] = []
        before: int | None = None
        while ids:  # every entry, oldest last: pages of the log's own reader
            page = access_log.entries(
                session, bookings=Booking.id.in_(ids), before=before, limit=access_log.MAX_PAGE_SIZE
            )
            access.extend(page.entries)
            if page.next_cursor is None:
                break
            before = page.next_cursor
        sign_ins = []
        if subject.kind == SubjectKind.AFM:
            sign_ins = [
                {"at": row.at.isoformat(), "provider": row.provider, "outcome": row.outcome}
                for row in session.scalars(
                    select(CitizenLoginAudit)
                    .where(CitizenLoginAudit.taxid_hash == afm_hash(secret, subject.value))
                    .order_by(CitizenLoginAudit.at)
                )
            ]
        scope = municipality_scope(actor)
        waitlist = [
            {
                "service": {"el": name_el, "en": name_en},
                "mode": entry.mode,
                "from": entry.first_day.isoformat(),
                "to": entry.last_day.isoformat(),
                "part_of_day": entry.part_of_day,
                "status": entry.status,
                "joined_at": entry.created_at.isoformat(),
            }
            for entry, name_el, name_en in session.execute(
                select(WaitlistEntry, Service.name_el, Service.name_en)
                .join(Service, Service.id == WaitlistEntry.service_id)
                .where(
                    citizen_waitlist(secret, subject),
                    true() if scope is None else WaitlistEntry.municipality_id == scope,
                )
                .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
            )
        ]
        joint = co_applicant_subject.gather(session, secret, subject, scope)
        emails.extend(joint.emails)  # those sent to them as co-applicant
        me = session.get(Staff, actor.id) if actor.id is not None else None
    return SubjectRecords(
        subject=subject,
        generated_at=service.clock(),
        generated_by=me.display_name if me is not None else "",
        bookings=bookings,
        emails=emails,
        audit=audit,
        access=access,
        sign_ins=sign_ins,
        waitlist=waitlist,
        joint=joint,
    )


# ---------------------------------------------------------------------------------------- Art. 17
@dataclass(frozen=True)
class Erasure:
    """What one erasure forgot: counts only, as its audit entry keeps them."""

    bookings: int
    sign_ins: int
    sign_in_codes: int
    sessions: int
    mails: int
    waitlist: int = 0
    co_applicants: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "bookings": self.bookings,
            "sign_ins": self.sign_ins,
            "sign_in_codes": self.sign_in_codes,
            "sessions": self.sessions,
            "mails": self.mails,
            "waitlist": self.waitlist,
            "co_applicants": self.co_applicants,
        }


def erase(service: BookingService, actor: Actor, subject: Subject) -> Erasure:
    """Anonymise every booking of the citizen now, as the retention purge would; 409 while any is still
    to come (cancel it first), a joint booking they are named in as co-applicant included; of those only
    their own co-applicant rows are blanked. Their sign-in records, codes and open sessions (which hold
    their address and AFM, and what they typed on the form) go too; the audit entry names no one."""
    require_handles_subject_requests(actor)
    secret = service.config.secret_key
    now = service.clock()
    with service.transaction() as session:
        bookings = list(
            session.scalars(
                select(Booking)
                .where(citizen_bookings(secret, subject), _in_scope(actor), Booking.anonymised_at.is_(None))
                .order_by(Booking.start_at, Booking.id)
                .with_for_update()
            )
        )
        scope = municipality_scope(actor)
        joint = co_applicant_subject.find_for_erasure(session, secret, subject, scope, now)
        ahead = [
            b.reference for b in bookings if holds_time_ahead(b.status, b.end_at, b.hold_expires_at, now)
        ]
        if ahead or joint.ahead:
            raise CitizenHasUpcomingBookings(ahead + joint.ahead)
        retention.anonymise(session, [b.id for b in bookings], now=now)
        for booking in bookings:  # open desktops drop it, and their offline copies with it
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
        co_applicants = co_applicant_subject.forget(session, joint.keys)
        for booking in joint.bookings:  # the booker's stays; desktops re-read it without the co-applicant
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
        sign_ins = codes = 0
        if subject.kind == SubjectKind.AFM:
            hashed = afm_hash(secret, subject.value)
            gone = delete(CitizenLoginAudit).where(CitizenLoginAudit.taxid_hash == hashed)
            sign_ins = _deleted(session.execute(gone))
        else:
            hashed = email_code.email_hash(secret, subject.value)
            gone = delete(CitizenEmailCode).where(CitizenEmailCode.email_hash == hashed)
            codes = _deleted(session.execute(gone))
        signed_in = _sessions_of(session, subject)
        session.execute(delete(CitizenSession).where(CitizenSession.id_hash.in_(signed_in)))
        waiting = _deleted(
            session.execute(
                delete(WaitlistEntry).where(
                    citizen_waitlist(secret, subject),
                    true() if scope is None else WaitlistEntry.municipality_id == scope,
                )
            )
        )
        journal.audit(
            session,
            actor,
            "citizen_erased",
            None,
            named_by=subject.kind.value,
            bookings=len(bookings),
            sign_ins=sign_ins,
            sign_in_codes=codes,
            sessions=len(signed_in),
            waitlist=waiting,
            co_applicants=co_applicants,
        )
    mails = retention.forget_mails_about(service, {b.reference for b in bookings})
    mails += retention.forget_mails_about(
        service, {b.reference for b in joint.bookings}, only_to=joint.addresses
    )
    return Erasure(len(bookings), sign_ins, codes, len(signed_in), mails, waiting, co_applicants)


def _sessions_of(session: Session, subject: Subject) -> list[str]:
    """The citizen's open sessions (web form and API tokens), by the identity each holds."""
    key = "afm" if subject.kind == SubjectKind.AFM else "email"
    found = []
    for id_hash, data in session.execute(select(CitizenSession.id_hash, CitizenSession.data)):
        try:
            who = json.loads(data).get("citizen")
        except (ValueError, AttributeError):
            continue
        if isinstance(who, dict) and str(who.get(key) or "").strip().lower() == subject.value:
            found.append(id_hash)
    return found


def _deleted(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
