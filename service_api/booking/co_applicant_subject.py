"""A co-applicant as the subject of a data-protection request (issues 17 and 18).

Someone named as co-applicant on another citizen's joint booking is a data subject too: the invited
address, the name the booker typed and (once they confirmed through TAXISnet) their AFM hash and citizen
key sit in ``booking_co_applicant``. The export shows them their own rows and the booking's public facts,
never the booker's details (another person's data); erasure waits while such a booking is to come, then
blanks only their rows. Called inside ``data_protection``'s read and write transactions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true, tuple_, update
from sqlalchemy.orm import Session

from service_api.domain.data_subject import Subject, SubjectKind, holds_time_ahead
from service_api.models import Booking, BookingCoApplicant, Outbox, Service
from service_api.security import afm_hash, citizen_key


def named_as_co_applicant(secret: str, subject: Subject) -> ColumnElement[bool]:
    """Rows naming the citizen: by the invited address, or by the AFM hash / key kept at confirmation."""
    if subject.kind == SubjectKind.AFM:
        return or_(
            BookingCoApplicant.afm_hash == afm_hash(secret, subject.value),
            BookingCoApplicant.citizen_key == citizen_key(secret, "", subject.value),
        )
    return or_(
        func.lower(BookingCoApplicant.email) == subject.value,
        BookingCoApplicant.citizen_key == citizen_key(secret, subject.value),
    )


@dataclass(frozen=True)
class JointRecords:
    """The joint bookings a citizen was named in (for the access log) and what the export shows of them."""

    bookings: list[Booking]
    rows: list[dict[str, Any]]
    emails: list[dict[str, Any]]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def gather(session: Session, secret: str, subject: Subject, scope: int | None) -> JointRecords:
    """Their own co-applicant rows with the booking's reference, service, time and status; no booker."""
    found = session.execute(
        select(BookingCoApplicant, Booking, Service.name_el, Service.name_en)
        .join(Booking, Booking.id == BookingCoApplicant.booking_id)
        .join(Service, Service.id == Booking.service_id)
        .where(
            named_as_co_applicant(secret, subject),
            Booking.anonymised_at.is_(None),
            true() if scope is None else Booking.municipality_id == scope,
        )
        .order_by(Booking.start_at, Booking.id, BookingCoApplicant.position)
    ).all()
    rows = [
        {
            "reference": booking.reference,
            "service": {"el": name_el, "en": name_en},
            "start": _iso(booking.start_at),
            "end": _iso(booking.end_at),
            "mode": booking.mode,
            "booking_status": booking.status,
            "position": row.position,
            "email": row.email,
            "name": row.name,
            "status": row.status,
            "invited_at": _iso(row.invited_at),
            "confirmed_at": _iso(row.confirmed_at),
            "via_taxisnet": row.via_taxisnet,
            "identity": (
                {"document_type": row.document_type, "verified_at": _iso(row.verified_at)}
                if row.verified_at is not None
                else None
            ),
        }
        for row, booking, name_el, name_en in found
    ]
    unique = {booking.id: booking for _, booking, _, _ in found}
    return JointRecords(bookings=list(unique.values()), rows=rows, emails=_mails_to(session, found))


def _mails_to(session: Session, found: Any) -> list[dict[str, Any]]:
    """The e-mails addressed to them as co-applicant (the payload names their position), not the booker's."""
    theirs = {(booking.id, row.position): booking.reference for row, booking, _, _ in found}
    ids = sorted({booking_id for booking_id, _ in theirs})
    jobs = session.scalars(
        select(Outbox)
        .where(Outbox.booking_id.in_(ids), Outbox.kind.like("email.%"))
        .order_by(Outbox.created_at, Outbox.id)
    )
    return [
        {
            "reference": theirs[(job.booking_id or 0, job.payload.get("co_applicant"))],
            "kind": job.kind,
            "status": job.status,
            "queued_at": job.created_at.isoformat(),
            "sent_at": job.done_at.isoformat() if job.done_at else None,
            "attempts": job.attempts,
        }
        for job in jobs
        if (job.booking_id or 0, job.payload.get("co_applicant")) in theirs
    ]


@dataclass(frozen=True)
class JointErasure:
    """The joint bookings still to come (erasure waits for them), or the rows that are the citizen's."""

    ahead: list[str]
    keys: list[tuple[int, int]]
    bookings: list[Booking]
    addresses: set[str]  # where their invitations and copies went (the outbox folder's mails to delete)


def find_for_erasure(
    session: Session, secret: str, subject: Subject, scope: int | None, now: datetime
) -> JointErasure:
    """Lock the joint bookings naming the citizen (so none is confirmed meanwhile) and sort them."""
    found = session.execute(
        select(BookingCoApplicant.booking_id, BookingCoApplicant.position, BookingCoApplicant.email, Booking)
        .join(Booking, Booking.id == BookingCoApplicant.booking_id)
        .where(
            named_as_co_applicant(secret, subject),
            Booking.anonymised_at.is_(None),
            true() if scope is None else Booking.municipality_id == scope,
        )
        .order_by(Booking.start_at, Booking.id)
        .with_for_update(of=Booking)
    ).all()
    unique = {booking.id: booking for _, _, _, booking in found}
    ahead = [
        b.reference for b in unique.values() if holds_time_ahead(b.status, b.end_at, b.hold_expires_at, now)
    ]
    keys = [(bid, pos) for bid, pos, _, _ in found]
    addresses = {email.lower() for _, _, email, _ in found if email}  # as the booking compared them
    return JointErasure(ahead, keys, list(unique.values()), addresses)


def forget(session: Session, keys: list[tuple[int, int]]) -> int:
    """Blank the citizen's own co-applicant rows (as retention does for a whole booking); the count."""
    if not keys:
        return 0
    session.execute(
        update(BookingCoApplicant)
        .where(tuple_(BookingCoApplicant.booking_id, BookingCoApplicant.position).in_(keys))
        .values(email="", name="", afm_hash=None, citizen_key="")
        .execution_options(synchronize_session=False)
    )
    return len(keys)
