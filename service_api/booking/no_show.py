"""No-show rescue (issue 18): the «we missed you» e-mail (one guarded write), and the citizen's one-click
reschedule from it. What counts as missing lives in ``domain/no_show.py``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from service_api.booking import journal, transaction
from service_api.booking.availability_cache import AvailabilityCache
from service_api.booking.calendars import zone_of
from service_api.booking.service import BookingService
from service_api.domain import no_show, policy
from service_api.domain.errors import NotFound, SlotUnavailable
from service_api.domain.kinds import ChangeOp, OutboxKind
from service_api.domain.needs import needs_from_json
from service_api.domain.policy import Actor
from service_api.domain.rules import Status
from service_api.domain.timeutil import ensure_utc
from service_api.models import Booking, BookingRescue, Municipality, Service

# How many local days ahead the next free times are looked for.
SEARCH_DAYS = 14


@dataclass(frozen=True)
class RescueView:
    """A booking's rescue state, as the API shows it (``api/serialize.rescue_json``)."""

    due_at: datetime
    missing: bool
    missed_you_sent_at: datetime | None
    offered_starts: tuple[datetime, ...]
    attendance: str
    joined_at: datetime | None
    attended_seconds: int | None


def rescue_view(session: Session, booking: Booking, *, now: datetime) -> RescueView:
    """Whether the booking is missing now, and what was done and learnt about it."""
    record = session.get(BookingRescue, booking.id)
    attendance = record.attendance if record is not None else no_show.Attendance.UNKNOWN
    minutes = booking.service.no_show_rescue_minutes
    return RescueView(
        due_at=no_show.rescue_due_at(booking.start_at, minutes),
        missing=no_show.is_missing(
            status=booking.status,
            checked_in=booking.checked_in_at is not None,
            joined=attendance == no_show.Attendance.JOINED,
            start=booking.start_at,
            end=booking.end_at,
            now=now,
            minutes=minutes,
        ),
        missed_you_sent_at=record.missed_you_sent_at if record is not None else None,
        offered_starts=tuple(_starts(record)),
        attendance=attendance,
        joined_at=record.joined_at if record is not None else None,
        attended_seconds=record.attended_seconds if record is not None else None,
    )


def _starts(record: BookingRescue | None) -> list[datetime]:
    return [datetime.fromisoformat(s) for s in (record.offered_starts if record is not None else [])]


def free_starts(
    session: Session, availability: AvailabilityCache, booking: Booking, *, now: datetime
) -> list[datetime]:
    """The next free times of the booking's service and mode that suit its needs (an interpreter, sign
    language, extra time): the availability engine's answer for those needs, as the reschedule checks."""
    service = session.get(Service, booking.service_id)
    municipality = session.get(Municipality, booking.municipality_id)
    if service is None or municipality is None or not service.active:
        return []
    today = now.astimezone(zone_of(municipality)).date()
    slots = availability.slots(
        session,
        service,
        booking.mode,
        today,
        today + timedelta(days=SEARCH_DAYS),
        now=now,
        needs=needs_from_json(booking.needs),
    )
    return no_show.next_choices((s.start for s in slots if s.capacity > 0), after=now)


def send_missed_you(
    bookings: BookingService, availability: AvailabilityCache, *, reference: str, actor: Actor
) -> Booking:
    """Queue the «we missed you» e-mail with the next free times: once per booking, while it is missing,
    by its clerk or a supervisor; audited and on the change feed in the same transaction."""
    now = bookings.clock()
    with bookings.transaction() as session:
        booking = transaction.booking_for_update(session, reference=reference)
        policy.require_may_change_booking(
            actor, municipality_id=booking.municipality_id, staff_id=booking.staff_id
        )
        view = rescue_view(session, booking, now=now)
        no_show.require_missed_you_allowed(missing=view.missing, already_sent=view.missed_you_sent_at)
        if not booking.citizen_email.strip():
            raise no_show.RescueRefused("The citizen left no e-mail address; call them instead.")
        starts = free_starts(session, availability, booking, now=now)
        record = session.get(BookingRescue, booking.id)
        if record is None:
            record = BookingRescue(booking_id=booking.id, offered_starts=[])
            session.add(record)
        record.missed_you_sent_at = now
        record.missed_you_by = actor.id
        record.offered_starts = [s.isoformat() for s in starts]
        transaction.touch(booking, now=now)
        journal.audit(session, actor, "missed_you_sent", booking, choices=len(starts))
        journal.enqueue(session, OutboxKind.EMAIL_MISSED_YOU, booking, link_version=booking.link_version)
        journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
        return booking


@dataclass(frozen=True)
class RescueOffer:
    """What a «we missed you» link opens: the booking as the citizen reads it, and the offered times
    still free. ``closed``: the booking got its outcome or was cancelled since (nothing to take)."""

    reference: str
    service_name_el: str
    service_name_en: str
    mode: str
    timezone: str
    choices: tuple[datetime, ...]
    closed: bool


def open_offer(
    bookings: BookingService,
    availability: AvailabilityCache,
    *,
    reference: str,
    link_version: int,
) -> RescueOffer:
    """The offer a link belongs to, if still live: the booking not moved since (its link version), and
    the offered times that are still free and ahead. 404 otherwise (nothing leaks)."""
    now = bookings.clock()
    with bookings.store.read() as session:
        booking = transaction.booking_for_update(session, reference=reference, lock=False)
        record = session.get(BookingRescue, booking.id)
        if booking.link_version != link_version or record is None or record.missed_you_sent_at is None:
            raise NotFound("No such booking.")
        closed = booking.status != Status.CONFIRMED.value
        free = set() if closed else _still_free(session, availability, booking, _starts(record), now=now)
        return RescueOffer(
            reference=booking.reference,
            service_name_el=booking.service.name_el,
            service_name_en=booking.service.name_en,
            mode=booking.mode,
            timezone=booking.citizen_timezone,
            choices=tuple(s for s in _starts(record) if s in free),
            closed=closed,
        )


def _still_free(
    session: Session,
    availability: AvailabilityCache,
    booking: Booking,
    starts: list[datetime],
    *,
    now: datetime,
) -> set[datetime]:
    """Which of ``starts`` (offered earlier, perhaps beyond the first few free now) are free for the
    booking's needs."""
    service = session.get(Service, booking.service_id)
    municipality = session.get(Municipality, booking.municipality_id)
    ahead = [s for s in starts if s > now]
    if service is None or municipality is None or not ahead:
        return set()
    zone = zone_of(municipality)
    first = min(ahead).astimezone(zone).date()
    last = max(ahead).astimezone(zone).date()
    slots = availability.slots(
        session, service, booking.mode, first, last, now=now, needs=needs_from_json(booking.needs)
    )
    free = {ensure_utc(s.start) for s in slots if s.capacity > 0}
    return {s for s in ahead if ensure_utc(s) in free}


def take_offer(bookings: BookingService, *, reference: str, link_version: int, start: datetime) -> Booking:
    """The citizen chose an offered time: reschedule through the one reschedule path (which bumps the link
    version, revoking the e-mail's other links). A time taken meanwhile raises ``SlotUnavailable``."""
    with bookings.store.read() as session:
        booking = transaction.booking_for_update(session, reference=reference, lock=False)
        record = session.get(BookingRescue, booking.id)
        if booking.link_version != link_version or record is None:
            raise NotFound("No such booking.")
        if ensure_utc(start) not in {ensure_utc(s) for s in _starts(record)}:
            raise SlotUnavailable("This time was not offered.")
        version = booking.version  # a second click racing this one meets a version conflict
    return bookings.reschedule(reference, start, Actor.citizen(), missed=True, expected_version=version)
