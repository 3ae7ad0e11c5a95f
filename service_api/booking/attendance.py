"""Attendance evidence from the meeting provider (issue 18): some minutes after a Teams appointment's end,
the job runner reads the meeting's attendance report and records whether the citizen joined; one who
did not is marked «no-show» from that evidence, unless the clerk already closed the booking.

Restart-safe and safe with two runners: a booking is claimed by moving its ``attendance_next_at`` ahead
inside a transaction that holds the booking's row (PostgreSQL) or the single writer (SQLite), so only
one runner asks Graph at a time; everything else it knows is in the database. A report not ready yet,
or Graph down, is asked again later with growing waits, until ``ATTENDANCE_GIVE_UP`` after the end.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service_api.booking import journal, transaction, webhook_events
from service_api.booking.service import BookingService
from service_api.domain import no_show
from service_api.domain.kinds import ChangeOp
from service_api.domain.no_show import Attendance, AttendeeRecord
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Outcome, Status
from service_api.domain.webhooks import WebhookEvent
from service_api.models import Booking, BookingRescue

log = logging.getLogger(__name__)

BATCH = 20
# How long one runner may hold a claimed booking before another may ask Graph for it again.
CLAIM = timedelta(minutes=5)
# The reader of a meeting's attendance: None while no report exists (``GraphProvider.attendance``).
Reader = Callable[[str, str], Sequence[AttendeeRecord] | None]


def _due(session: Session, now: datetime) -> list[int]:
    """Teleconference bookings still confirmed, ended ``ATTENDANCE_DELAY`` ago (and not too long ago),
    with a meeting, whose attendance is not known and not being asked for."""
    rescue = BookingRescue
    query = (
        select(Booking.id)
        .outerjoin(rescue, rescue.booking_id == Booking.id)
        .where(
            Booking.mode == Mode.TELECONFERENCE.value,
            Booking.status == Status.CONFIRMED.value,
            Booking.meeting_external_id != "",
            Booking.end_at <= now - no_show.ATTENDANCE_DELAY,
            Booking.end_at > now - no_show.ATTENDANCE_GIVE_UP,
            Booking.anonymised_at.is_(None),
            or_(rescue.booking_id.is_(None), rescue.attendance == Attendance.UNKNOWN),
            or_(rescue.attendance_next_at.is_(None), rescue.attendance_next_at <= now),
        )
        .order_by(Booking.end_at)
        .limit(BATCH)
    )
    return list(session.scalars(query))


def _claim(bookings: BookingService, booking_id: int) -> tuple[str, str] | None:
    """Take the booking for this runner for ``CLAIM``; its meeting id and join URL, or None when another
    runner has it or it no longer qualifies."""
    now = bookings.clock()
    with bookings.transaction() as session:
        booking = session.get(Booking, booking_id, with_for_update=transaction.is_postgres(session))
        if booking is None or booking.status != Status.CONFIRMED.value:
            return None
        record = session.get(BookingRescue, booking_id)
        if record is None:
            record = BookingRescue(booking_id=booking_id, offered_starts=[])
            session.add(record)
        elif record.attendance or (record.attendance_next_at is not None and record.attendance_next_at > now):
            return None
        record.attendance_next_at = now + CLAIM
        return booking.meeting_external_id, booking.meeting_url


def _not_known(bookings: BookingService, booking_id: int, error: str) -> None:
    """No report yet (or Graph failed): ask again later, with growing waits."""
    now = bookings.clock()
    with bookings.transaction() as session:
        record = session.get(BookingRescue, booking_id)
        if record is None:
            return
        record.attendance_attempts += 1
        record.attendance_checked_at = now
        record.attendance_next_at = now + no_show.attendance_retry_after(record.attendance_attempts)
        record.attendance_error = error[:300]


def record_attendance(bookings: BookingService, booking_id: int, records: Sequence[AttendeeRecord]) -> str:
    """Write what the report says of the citizen: joined (the evidence), or absent — then the booking
    becomes a no-show with the evidence noted, unless the clerk recorded an outcome or checked them in,
    or offered new times by «we missed you» (the citizen may still take one). Returns the attendance."""
    now = bookings.clock()
    actor = Actor.system()
    with bookings.transaction() as session:
        booking = session.get(Booking, booking_id, with_for_update=transaction.is_postgres(session))
        record = session.get(BookingRescue, booking_id)
        if booking is None or record is None:
            return Attendance.UNKNOWN
        found = no_show.citizen_record(records, email=booking.citizen_email, name=booking.citizen_name)
        record.attendance_checked_at = now
        record.attendance_next_at = None
        record.attendance_error = ""
        if found is not None:
            record.attendance = Attendance.JOINED
            record.joined_at = found.first_join
            record.attended_seconds = found.seconds
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "attendance_joined", booking, seconds=found.seconds)
        else:
            record.attendance = Attendance.ABSENT
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "attendance_absent", booking, attendees=len(records))
            open_booking = booking.status == Status.CONFIRMED.value and booking.checked_in_at is None
            if open_booking and record.missed_you_sent_at is None:
                booking.status = Status.NO_SHOW.value
                booking.outcome = Outcome.NO_SHOW.value
                booking.outcome_note = (
                    booking.outcome_note or "Teams attendance report: the citizen did not join."
                )
                journal.audit(
                    session,
                    actor,
                    "outcome",
                    booking,
                    outcome=Outcome.NO_SHOW.value,
                    evidence="attendance_report",
                )
                webhook_events.booking_event(
                    session, WebhookEvent.COMPLETED, booking, outcome=Outcome.NO_SHOW.value
                )
        journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
        return record.attendance


def check_round(bookings: BookingService, read: Reader) -> int:
    """One round over the due bookings; returns how many got their attendance recorded."""
    with bookings.store.read() as session:
        due = _due(session, bookings.clock())
    recorded = 0
    for booking_id in due:
        claimed = _claim(bookings, booking_id)
        if claimed is None:
            continue
        try:
            records = read(*claimed)
        except Exception as exc:  # noqa: BLE001 - any failure of the provider: ask again later
            log.warning("attendance report of booking %s not read: %s", booking_id, type(exc).__name__)
            _not_known(bookings, booking_id, str(exc))
            continue
        if records is None:
            _not_known(bookings, booking_id, "no attendance report yet")
            continue
        record_attendance(bookings, booking_id, records)
        recorded += 1
    return recorded
