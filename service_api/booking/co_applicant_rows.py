"""The pieces of a booking write that joint appointments (issue 18) add, run inside the caller's
transaction: checking and inviting co-applicants at booking, telling them of a cancellation, and
refusing completion until everyone's identity is checked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.domain import co_applicants as rules
from service_api.domain.co_applicants import CoApplicantIn, CoApplicantStatus
from service_api.domain.errors import RuleViolation
from service_api.domain.kinds import OutboxKind
from service_api.domain.rules import Status
from service_api.models import Booking, BookingCoApplicant, IdentityVerification


def requirement(service: Any) -> rules.Requirement:
    """What ``service`` (a ``Service`` row or the catalogue cache's copy) asks of co-applicants."""
    return rules.Requirement(
        count=int(getattr(service, "co_applicants", 0) or 0),
        required=bool(getattr(service, "co_applicants_required", False)),
        confirm_hours=int(getattr(service, "co_applicant_confirm_hours", rules.DEFAULT_CONFIRM_HOURS) or 0),
    )


def check_request(
    service: Any, entries: Sequence[CoApplicantIn], *, booker_email: str, hold: bool = False
) -> bool:
    """Refuse co-applicants the service does not take, or required ones missing; True when the new
    booking must wait for co-applicants. A hold names none yet: they come with its confirmation."""
    if hold:
        if entries:
            raise RuleViolation(
                "Name the co-applicants when you confirm the booking.",
                fields={"co_applicants": "Not accepted with a hold."},
            )
        return False
    need = requirement(service)
    if need.count and (entries or need.required) and not booker_email.strip():
        raise RuleViolation(
            "A joint appointment needs the applicant's e-mail.",
            fields={"citizen.email": "Required with co-applicants."},
        )
    rules.require_valid(entries, booker_email=booker_email, need=need)
    return bool(entries)


def invite(
    session: Session,
    *,
    booking_id: int,
    service: Any,
    start: datetime,
    entries: Sequence[CoApplicantIn],
    now: datetime,
) -> list[BookingCoApplicant]:
    """The co-applicant rows of a new joint booking and each one's invitation e-mail."""
    need = requirement(service)
    deadline = rules.confirm_deadline(
        now=now,
        start=start,
        lead_minutes=int(service.lead_time_minutes or 0),
        window_hours=need.confirm_hours,
    )
    rows = [
        BookingCoApplicant(
            booking_id=booking_id,
            position=position,
            email=entry.email.strip(),
            name=entry.name.strip(),
            status=CoApplicantStatus.INVITED.value,
            afm_hash=None,
            citizen_key="",
            via_taxisnet=False,
            invited_at=now,
            deadline=deadline,
        )
        for position, entry in enumerate(entries, start=1)
    ]
    session.add_all(rows)
    session.flush()
    for row in rows:
        journal.enqueue_for(
            session, OutboxKind.EMAIL_CO_APPLICANT_INVITATION, booking_id, co_applicant=row.position
        )
    return rows


def of_booking(session: Session, booking_id: int) -> list[BookingCoApplicant]:
    return list(
        session.scalars(
            select(BookingCoApplicant)
            .where(BookingCoApplicant.booking_id == booking_id)
            .order_by(BookingCoApplicant.position)
        )
    )


def notify_all(
    session: Session,
    kind: OutboxKind,
    booking: Booking,
    *,
    confirmed_only: bool = False,
    due: datetime | None = None,
) -> None:
    """The same e-mail to every co-applicant of ``booking`` (confirmed ones only, if asked)."""
    for row in of_booking(session, booking.id):
        if confirmed_only and row.status != CoApplicantStatus.CONFIRMED.value:
            continue
        journal.enqueue_for(
            session, kind, booking.id, due=due, co_applicant=row.position, sequence=booking.sequence
        )


def on_cancel(session: Session, booking: Booking, *, previous: str, by_position: int | None = None) -> None:
    """A joint booking cancelled by either side: the others are told. The booker of a confirmed
    booking hears from ``BookingService.cancel`` already; while waiting, they hear from here."""
    rows = of_booking(session, booking.id)
    if not rows:
        return
    for row in rows:
        if row.position != by_position:
            journal.enqueue_for(session, OutboxKind.EMAIL_CANCELLED, booking.id, co_applicant=row.position)
    if previous == Status.AWAITING_CO_APPLICANT.value:
        journal.enqueue(session, OutboxKind.EMAIL_CANCELLED, booking)


def require_everyone_verified(session: Session, booking: Booking) -> None:
    """Completion of a joint appointment: the booker and every co-applicant verified (409 otherwise)."""
    rows = of_booking(session, booking.id)
    if not rows:
        return
    rules.require_all_verified(
        booker_verified=session.get(IdentityVerification, booking.id) is not None,
        unverified_positions=[r.position for r in rows if r.verified_at is None],
    )
