"""Attendance evidence from the meeting provider (issue 18): some minutes after a Teams appointment's end,
the job runner reads the meeting's attendance report and records whether the citizen joined; one who
did not is marked «no-show» from that evidence, unless the clerk already closed the booking. A report
with a guest who could not be matched to the citizen is «unclear»: the clerk decides.

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
from service_api.domain.timeutil import ensure_utc
from service_api.domain.webhooks import WebhookEvent
from service_api.models import Booking, BookingRescue, Staff

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


def _claim(bookings: BookingService, booking_id: int) -> tuple[str, str, datetime] | None:
    """Take the booking for this runner for ``CLAIM``; its meeting id, join URL and the claim's end (the
    writer checks the claim is still this one), or None when another runner has it or it no longer
    qualifies."""
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
        return booking.meeting_external_id, booking.meeting_url, record.attendance_next_at


def _not_known(bookings: BookingService, booking_id: int, error: str, claimed_until: datetime) -> None:
    """No report yet (or Graph failed): ask again later, with growing waits (unless another runner took
    the booking meanwhile)."""
    now = bookings.clock()
    with bookings.transaction() as session:
        record = session.get(BookingRescue, booking_id)
        if record is None or not _still_claimed(record, claimed_until):
            return
        record.attendance_attempts += 1
        record.attendance_checked_at = now
        record.attendance_next_at = now + no_show.attendance_retry_after(record.attendance_attempts)
        record.attendance_error = error[:300]


def _still_claimed(record: BookingRescue, claimed_until: datetime | None) -> bool:
    """Not written yet, and the claim is still this runner's: a Graph read that outlasted ``CLAIM`` lets
    another runner claim (and write) the booking, and then this late answer must not be written again."""
    if record.attendance:
        return False
    if claimed_until is None:
        return True
    held = record.attendance_next_at
    return held is not None and ensure_utc(held) == ensure_utc(claimed_until)


def _staff_emails(session: Session, municipality_id: int) -> list[str]:
    return list(session.scalars(select(Staff.email).where(Staff.municipality_id == municipality_id)))


def record_attendance(
    bookings: BookingService,
    booking_id: int,
    records: Sequence[AttendeeRecord],
    *,
    claimed_until: datetime | None = None,
) -> str:
    """Write what the report says of the citizen: joined (the evidence); unclear (someone unmatched
    joined: counted, and left to the clerk); or absent — then the booking becomes a no-show with the
    evidence noted, unless the clerk recorded an outcome or checked them in, or offered new times by
    «we missed you» (the citizen may still take one). Nothing is written when another runner's claim
    replaced ``claimed_until``. Returns the attendance written (empty when nothing was)."""
    now = bookings.clock()
    actor = Actor.system()
    with bookings.transaction() as session:
        booking = session.get(Booking, booking_id, with_for_update=transaction.is_postgres(session))
        record = session.get(BookingRescue, booking_id)
        if booking is None or record is None:
            return Attendance.UNKNOWN
        if not _still_claimed(record, claimed_until):
            return Attendance.UNKNOWN
        reading = no_show.read_attendance(
            records,
            email=booking.citizen_email,
            name=booking.citizen_name,
            staff_emails=_staff_emails(session, booking.municipality_id),
        )
        record.attendance_checked_at = now
        record.attendance_next_at = None
        record.attendance_error = ""
        record.attendance = reading.attendance
        transaction.touch(booking, now=now)
        if reading.record is not None:
            record.joined_at = reading.record.first_join
            record.attended_seconds = reading.record.seconds
            journal.audit(session, actor, "attendance_joined", booking, seconds=reading.record.seconds)
        elif reading.attendance == Attendance.UNCLEAR:
            record.attended_seconds = reading.guest_seconds
            journal.audit(
                session,
                actor,
                "attendance_unclear",
                booking,
                guests=reading.guests,
                seconds=reading.guest_seconds,
            )
        else:
            journal.audit(session, actor, "attendance_absent", booking, attendees=len(records))
            _no_show_from_evidence(session, booking, record, actor)
        journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
        return record.attendance


def _no_show_from_evidence(session: Session, booking: Booking, record: BookingRescue, actor: Actor) -> None:
    """Absent by the report: a no-show, unless the clerk closed it or «we missed you» offered new times."""
    open_booking = booking.status == Status.CONFIRMED.value and booking.checked_in_at is None
    if not open_booking or record.missed_you_sent_at is not None:
        return
    booking.status = Status.NO_SHOW.value
    booking.outcome = Outcome.NO_SHOW.value
    booking.outcome_note = booking.outcome_note or "Teams attendance report: the citizen did not join."
    journal.audit(
        session, actor, "outcome", booking, outcome=Outcome.NO_SHOW.value, evidence="attendance_report"
    )
    webhook_events.booking_event(session, WebhookEvent.COMPLETED, booking, outcome=Outcome.NO_SHOW.value)


def check_round(bookings: BookingService, read: Reader) -> int:
    """One round over the due bookings; returns how many got their attendance recorded."""
    with bookings.store.read() as session:
        due = _due(session, bookings.clock())
    recorded = 0
    for booking_id in due:
        claimed = _claim(bookings, booking_id)
        if claimed is None:
            continue
        meeting_id, join_url, claimed_until = claimed
        try:
            records = read(meeting_id, join_url)
        except Exception as exc:  # noqa: BLE001 - any failure of the provider: ask again later
            log.warning("attendance report of booking %s not read: %s", booking_id, type(exc).__name__)
            _not_known(bookings, booking_id, str(exc), claimed_until)
            continue
        if records is None:
            _not_known(bookings, booking_id, "no attendance report yet", claimed_until)
            continue
        if record_attendance(bookings, booking_id, records, claimed_until=claimed_until):
            recorded += 1
    return recorded
