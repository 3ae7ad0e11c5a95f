"""A clerk's secret iCalendar feed of their bookings, its revocation, and the closing days they shade."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, Timezone
from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import booking_reads, calendars, ical_links, journal
from service_api.booking.journal import Actor
from service_api.booking.service import BookingService
from service_api.domain.errors import NotFound
from service_api.domain.kinds import AbsenceStatus
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import ATHENS
from service_api.ical_times import event_times
from service_api.ical_zones import VTIMEZONES
from service_api.models import Absence, Booking, Holiday, Staff

FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 90
TZID = "Europe/Athens"
PRODID = "-//Dimos//Municipal appointments//EL"
IN_PERSON_LABEL = "Φυσική Παρουσία"
TELECONFERENCE_LABEL = "Τηλεδιάσκεψη"


def revoke_ical_token(service: BookingService, actor: Actor) -> None:
    """Forget the clerk's feed token: the secret URL stops working at once."""

    with service.transaction() as session:
        staff = session.get(Staff, actor.id)
        if staff is None:
            raise NotFound("No such staff member.")
        staff.ical_token_hash = None
        journal.audit(session, actor, "ical_token_revoked", None, staff_id=staff.id)


def feed_bookings(session: Session, staff_id: int, now: datetime) -> list[Booking]:
    """The clerk's bookings from 30 days ago to 90 days ahead that still hold their time."""
    rows = booking_reads.bookings_in_range(
        session,
        now - timedelta(days=FEED_PAST_DAYS),
        now + timedelta(days=FEED_FUTURE_DAYS),
        staff_ids=[staff_id],
        include_cancelled=False,
    )
    return [b for b in rows if not _lapsed_hold(b, now)]


def _lapsed_hold(booking: Booking, now: datetime) -> bool:
    return (
        booking.status == Status.HELD.value
        and booking.hold_expires_at is not None
        and booking.hold_expires_at <= now
    )


def _event(booking: Booking) -> Event:
    teleconference = booking.mode == Mode.TELECONFERENCE.value
    mode_label = TELECONFERENCE_LABEL if teleconference else IN_PERSON_LABEL
    description = [
        f"Κωδικός: {booking.reference}",
        f"Τρόπος: {mode_label}",
        f"Τηλέφωνο: {booking.citizen_phone or '-'}",
    ]
    if booking.meeting_url:
        description.append(f"Σύνδεσμος: {booking.meeting_url}")
    event = Event()
    event.add("uid", f"{booking.reference}@dimos")
    # Without METHOD, DTSTAMP is when the event was last revised: stable, so the feed's ETag is too.
    event.add("dtstamp", booking.updated_at)
    event.add("created", booking.created_at)
    event.add("last-modified", booking.updated_at)
    start, end = event_times(booking.start_at, booking.end_at, ATHENS)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{booking.service.name_el} – {booking.citizen_name}")
    if teleconference:
        event.add("location", booking.meeting_url or TELECONFERENCE_LABEL)
    else:
        event.add("location", IN_PERSON_LABEL)
    event.add("description", "\n".join(description))
    if booking.meeting_url:
        event.add("url", booking.meeting_url)
    event.add("sequence", booking.sequence)
    # A hold not yet confirmed by the citizen is shown as tentative; everything else is confirmed.
    event.add("status", "TENTATIVE" if booking.status == Status.HELD.value else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def build_calendar(staff: Staff, bookings: Sequence[Booking], now: datetime) -> bytes:
    """The VCALENDAR text of a clerk's bookings, times in Europe/Athens with its VTIMEZONE.

    Times in the hour lived twice when summer time ends are written in UTC (``event_times``).
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Ραντεβού – {staff.display_name}")
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", timedelta(minutes=15), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT15M")
    # Rule-based, as Outlook writes it: the RDATE lists of Timezone.from_tzid are read an hour off
    # in summer by dateutil-based readers.
    cal.add_component(Timezone.from_ical(VTIMEZONES[TZID]))
    for booking in bookings:
        cal.add_component(_event(booking))
    return cal.to_ical()


@dataclass(frozen=True)
class FeedDocument:
    """A clerk's feed: the VCALENDAR text, whose it is, and the bookings it names (for the access log)."""

    staff: Staff
    bookings: list[Booking]
    body: bytes


def calendar_for_token(session: Session, secret: str, token: str, now: datetime) -> FeedDocument | None:
    """The feed behind a secret URL, or None whatever the reason it does not exist."""
    staff = ical_links.staff_for_token(session, secret, token)
    if staff is None:
        return None
    bookings = feed_bookings(session, staff.id, now)
    return FeedDocument(staff, bookings, build_calendar(staff, bookings, now))


def holidays_between(
    session: Session, municipality_id: int | None, first: date, last: date
) -> list[tuple[date, str]]:
    """Closing days from ``first`` to ``last`` with their Greek names, national and municipal."""
    names: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        names.update(calendars.national_holiday_names(year))
    if municipality_id is None:
        return sorted((d, n) for d, n in names.items() if first <= d <= last)
    for row in session.scalars(select(Holiday).where(Holiday.municipality_id == municipality_id)):
        rule = calendars.closure_rule(row)
        if rule.whole_day:  # closures of some hours leave the day open
            for day in rule.dates(first, last):
                names.setdefault(day, row.name_el)
    closed = calendars.closed_days(session, municipality_id, first, last)
    return [(d, names.get(d, "")) for d in sorted(closed)]


def absences_between(session: Session, staff_id: int, start: datetime, end: datetime) -> Sequence[Absence]:
    """Approved absences of a clerk overlapping ``[start, end)``: a pending request shades nothing."""
    return session.scalars(
        select(Absence)
        .where(
            Absence.staff_id == staff_id,
            Absence.start_at < end,
            Absence.end_at > start,
            Absence.status == AbsenceStatus.APPROVED.value,
        )
        .order_by(Absence.start_at, Absence.id)
    ).all()
