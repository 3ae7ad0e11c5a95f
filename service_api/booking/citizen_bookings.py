"""A citizen's own bookings («Τα ραντεβού μου»): which ones are theirs, and sending a confirmation again.

Whose a booking is follows the per-citizen key the booking service stores (``security.citizen_key``):
a TAXISnet citizen's bookings are those made with their AFM, anyone else's those made with the e-mail
address they proved (and no AFM). Both columns are compared, so neither alone decides. Holds that were
never confirmed (still held, given back or lapsed) are no booking of anyone's and are left out. An
anonymised booking has lost its key with the rest of the citizen's details (``retention.py``): it is
nobody's any more and never listed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.orm import Session

from service_api.booking import booking_reads, journal, transaction
from service_api.booking.service import BookingService
from service_api.domain.co_applicants import CoApplicantStatus
from service_api.domain.errors import NotFound, RuleViolation, TooManyRequests
from service_api.domain.kinds import HOLD_EXPIRED, HOLD_RELEASED, OutboxKind
from service_api.domain.policy import Actor
from service_api.domain.rules import Status
from service_api.domain.timeutil import ensure_utc
from service_api.models import Booking, BookingCoApplicant, Municipality, Outbox
from service_api.security import afm_hash, citizen_key

# A confirmation e-mail goes to a booking at most once in this long (the first one included):
# "send it again" cannot be used to flood anyone's mailbox.
RESEND_EVERY = timedelta(minutes=15)
# More than any citizen has within the retention period; a list is never unbounded.
LIST_LIMIT = 200
# What a citizen still has ahead of them; everything else is history.
# Issue 18: a joint booking waiting for its co-applicants is upcoming too.
UPCOMING = (Status.CONFIRMED.value, Status.CHECKED_IN.value, Status.AWAITING_CO_APPLICANT.value)
# Holds nobody confirmed: never a booking, so never in anyone's list.
_NEVER_BOOKED = (HOLD_EXPIRED, HOLD_RELEASED)


@dataclass(frozen=True)
class Owner:
    """Who asks: the AFM TAXISnet gave, or else the e-mail address they proved with a code."""

    afm: str | None = None
    email: str = ""

    def condition(self, secret: str) -> ColumnElement[bool] | None:
        """The bookings that are this citizen's, or None when nothing identifies them; with those they
        confirmed as a co-applicant (issue 18)."""
        own = self._own_condition(secret)
        if own is None:
            return None
        key = (
            citizen_key(secret, "", self.afm)
            if self.afm and self.afm.strip()
            else citizen_key(secret, self.email)
        )
        joined = select(BookingCoApplicant.booking_id).where(
            BookingCoApplicant.citizen_key == key,
            BookingCoApplicant.status == CoApplicantStatus.CONFIRMED.value,
        )
        return or_(own, Booking.id.in_(joined))

    def _own_condition(self, secret: str) -> ColumnElement[bool] | None:
        if self.afm and self.afm.strip():
            return and_(
                Booking.citizen_key == citizen_key(secret, "", self.afm),
                Booking.citizen_afm_hash == afm_hash(secret, self.afm),
            )
        email = self.email.strip()
        if not email:
            return None
        return and_(
            Booking.citizen_key == citizen_key(secret, email),
            Booking.citizen_afm_hash.is_(None),
            func.lower(Booking.citizen_email) == email.lower(),
        )

    def owns(self, secret: str, booking: Booking) -> bool:
        """The same rule as ``condition`` for a loaded booking."""
        if booking.anonymised_at is not None:
            return False
        if self.afm and self.afm.strip():
            return booking.citizen_key == citizen_key(
                secret, "", self.afm
            ) and booking.citizen_afm_hash == afm_hash(secret, self.afm)
        email = self.email.strip()
        return (
            bool(email)
            and booking.citizen_afm_hash is None
            and booking.citizen_key == citizen_key(secret, email)
            and booking.citizen_email.strip().lower() == email.lower()
        )


@dataclass(frozen=True)
class MyBookings:
    """A citizen's bookings: those ahead (soonest first) and the rest (latest first), with their
    municipalities by id."""

    upcoming: list[Booking]
    past: list[Booking]
    municipalities: dict[int, Municipality]


def is_upcoming(booking: Booking, now: datetime) -> bool:
    return booking.status in UPCOMING and booking.end_at > now


def bookings_of(session: Session, owner: Owner, *, secret: str, now: datetime) -> MyBookings:
    """The citizen's bookings, split into upcoming and past (cancelled ones are past)."""
    owned = owner.condition(secret)
    if owned is None:
        return MyBookings([], [], {})
    query = (
        booking_reads.booking_query()
        .where(
            owned,
            Booking.anonymised_at.is_(None),
            Booking.status != Status.HELD.value,
            not_(and_(Booking.status == Status.CANCELLED.value, Booking.cancel_reason.in_(_NEVER_BOOKED))),
        )
        .order_by(Booking.start_at.desc(), Booking.id.desc())
        .limit(LIST_LIMIT)
    )
    rows: Sequence[Booking] = session.scalars(query).all()
    upcoming = sorted((b for b in rows if is_upcoming(b, now)), key=lambda b: (b.start_at, b.id))
    past = [b for b in rows if not is_upcoming(b, now)]
    ids = {b.municipality_id for b in rows}
    municipalities = (
        {m.id: m for m in session.scalars(select(Municipality).where(Municipality.id.in_(ids)))}
        if ids
        else {}
    )
    return MyBookings(upcoming, past, municipalities)


def owned_booking(session: Session, owner: Owner, reference: str, *, secret: str) -> Booking:
    """One of the citizen's bookings; anyone else's, an anonymised or an unknown one is NotFound alike."""
    try:
        booking = booking_reads.booking_by_reference(session, reference)
    except NotFound:
        raise NotFound("No such booking.") from None
    if not owner.owns(secret, booking) or booking.status == Status.HELD.value:
        raise NotFound("No such booking.")
    return booking


class ResendTooSoon(TooManyRequests):
    """A confirmation went to this booking less than ``RESEND_EVERY`` ago; ``next_at`` says when."""

    code = "resend_too_soon"

    def __init__(self, message: str, *, next_at: datetime, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)
        self.next_at = next_at


class NotResendable(RuleViolation):
    """Only an upcoming confirmed booking with an address has a confirmation to send again."""

    code = "not_resendable"


def resend_confirmation(service: BookingService, owner: Owner, reference: str, actor: Actor) -> Booking:
    """Queue the confirmation e-mail of the citizen's booking again: one guarded write, audited.

    Refused (``ResendTooSoon``) while a confirmation went to this booking less than ``RESEND_EVERY``
    ago; the booking row is locked, so two clicks at once queue one e-mail.
    """
    now = service.clock()
    secret = service.config.secret_key
    with service.transaction() as session:
        try:
            booking = transaction.booking_for_update(session, reference=reference)
        except NotFound:
            raise NotFound("No such booking.") from None
        if not owner.owns(secret, booking) or booking.status == Status.HELD.value:
            raise NotFound("No such booking.")
        if booking.status != Status.CONFIRMED.value or booking.end_at <= now:
            raise NotResendable(
                "Only the confirmation of an upcoming confirmed appointment can be sent again."
            )
        if not booking.citizen_email.strip():
            raise NotResendable("This appointment has no e-mail address to send the confirmation to.")
        last = session.scalar(
            select(func.max(Outbox.created_at)).where(
                Outbox.booking_id == booking.id, Outbox.kind == OutboxKind.EMAIL_CONFIRMATION.value
            )
        )
        if last is not None and ensure_utc(last) + RESEND_EVERY > now:
            next_at = ensure_utc(last) + RESEND_EVERY
            raise ResendTooSoon(
                "The confirmation of this appointment was sent a few minutes ago; "
                "it can be sent again in a few minutes.",
                next_at=next_at,
                retry_after=max(1, math.ceil((next_at - now).total_seconds())),
            )
        journal.enqueue(session, OutboxKind.EMAIL_CONFIRMATION, booking, resent=True)
        journal.audit(session, actor, "confirmation_resent", booking)
        return booking
