"""The public building blocks of a write transaction, for every module that changes bookings or staff.

A writer opens ``BookingService.transaction()`` (``guarded_write`` with the process's after-commit
hooks) and, inside it, uses these keyword-only functions: lock clerks in id order, load a booking
for update, load a service, expire lapsed holds, check the version the caller saw, touch a booking,
record a move to another clerk. The order every write takes its locks is bookings first (by
reference), then clerks (by id): two writers then never wait for each other in a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from service_api.booking import co_applicant_rows, journal, webhook_events
from service_api.db import Store
from service_api.domain.errors import NotFound, SlotUnavailable, VersionConflict
from service_api.domain.kinds import HOLD_EXPIRED, ChangeEntity, ChangeOp, OutboxKind
from service_api.domain.policy import Actor, require_supervises
from service_api.domain.rules import Mode, Status
from service_api.domain.webhooks import WebhookEvent, previous_time
from service_api.models import BOOKING_NO_OVERLAP, Base, Booking, BookingRescue, Service, Staff

# PostgreSQL's SQLSTATEs for the two refusals a booking write expects under concurrency.
EXCLUSION_VIOLATION = "23P01"
DEADLOCK_DETECTED = "40P01"
# SQLite names the columns of a refused UNIQUE or PRIMARY KEY constraint, never the constraint.
_SQLITE_UNIQUE_PREFIX = "UNIQUE constraint failed: "

MOVE_FORBIDDEN = "Only a supervisor of this municipality may move bookings between clerks."
# Meeting providers whose meeting belongs to the clerk: a booking moved to another clerk gets a new link.
CLERK_OWNED_MEETINGS = ("teams-static", "graph")


@contextmanager
def guarded_write(
    store: Store,
    *,
    after_commit: Sequence[Callable[[], None]] = (),
    clock: Callable[[], datetime] | None = None,
) -> Iterator[Session]:
    """One write transaction whose database-level refusals surface as domain errors.

    On PostgreSQL the exclusion constraint ``booking_no_overlap`` is the last word on double
    bookings, and a deadlock between two writers is a busy slot too. SQLite's single writer
    (``BEGIN IMMEDIATE``) serialises every write, so it has no overlap constraint to refuse with.
    ``after_commit`` runs once the transaction has committed (e.g. to wake change-feed long-polls).
    ``clock`` is the service's: outbox work written in the transaction is due by it (``journal.enqueue``).
    """
    try:
        with store.write() as session:
            if clock is not None:
                session.info[journal.CLOCK] = clock
            yield session
    except IntegrityError as exc:
        if sqlstate(exc) == EXCLUSION_VIOLATION and refused_constraint(exc) == BOOKING_NO_OVERLAP:
            raise SlotUnavailable("This time was just taken by someone else. Please choose another.") from exc
        raise
    except OperationalError as exc:
        if sqlstate(exc) == DEADLOCK_DETECTED:
            raise SlotUnavailable("This time is being booked right now. Please try again.") from exc
        raise
    for callback in after_commit:
        callback()


def sqlstate(exc: DBAPIError) -> str | None:
    """PostgreSQL's SQLSTATE of a refusal; ``None`` on SQLite."""
    code = getattr(exc.orig, "sqlstate", None)
    return code if isinstance(code, str) else None


def refused_constraint(exc: DBAPIError) -> str | None:
    """The name of the constraint a database refused a write for, on either database.

    PostgreSQL reports it in the error's diagnostics. SQLite reports the table and columns of a
    unique or primary key constraint: they are looked up in the table metadata, so the name is the
    same as on PostgreSQL.
    """
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:
        name = getattr(diag, "constraint_name", None)
        return name if isinstance(name, str) else None
    message = str(exc.orig)
    if not message.startswith(_SQLITE_UNIQUE_PREFIX):
        return None
    qualified = [part.strip() for part in message[len(_SQLITE_UNIQUE_PREFIX) :].split(",")]
    tables = {name.partition(".")[0] for name in qualified}
    if len(tables) != 1:
        return None
    table = Base.metadata.tables.get(tables.pop())
    if table is None:
        return None
    columns = {name.partition(".")[2] for name in qualified}
    for constraint in table.constraints:
        if (
            isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint)
            and {c.name for c in constraint.columns} == columns
        ):
            return str(constraint.name)
    return None


def is_postgres(session: Session) -> bool:
    bind = session.bind
    return bind is not None and bind.dialect.name == "postgresql"


def lock_staff(session: Session, *, staff_ids: Iterable[int]) -> None:
    """Per-clerk lock, taken in id order so two writers never deadlock (SQLite already serialises)."""
    ids = sorted(set(staff_ids))
    if ids and is_postgres(session):
        session.execute(select(Staff.id).where(Staff.id.in_(ids)).order_by(Staff.id).with_for_update())


def booking_for_update(session: Session, *, reference: str, lock: bool = True) -> Booking:
    """The booking with this reference, row-locked (PostgreSQL) unless ``lock`` is false; 404 if gone."""
    query = select(Booking).where(Booking.reference == reference)
    if lock and is_postgres(session):
        query = query.with_for_update()
    booking = session.scalar(query)
    if booking is None or booking.anonymised_at is not None:
        raise NotFound("No such booking.")
    return booking


def active_service(session: Session, *, service_id: int) -> Service:
    """An active service of the catalogue; 404 otherwise (the booking path reads the catalogue cache)."""
    service = session.get(Service, service_id)
    if service is None or not service.active:
        raise NotFound("No such service.")
    return service


def expire_lapsed_holds(
    session: Session, *, staff_ids: Sequence[int], now: datetime, only: Sequence[int] | None = None
) -> set[int]:
    """Turn lapsed holds into cancellations so they free the clerk, also for the constraint.

    One guarded UPDATE: a hold confirmed by a concurrent request in the meantime is no longer
    'held' when this runs (PostgreSQL re-checks the WHERE after waiting for that row), so it is
    left alone. ``only`` limits it to those bookings. Returns the ids actually expired.
    """
    if not staff_ids or (only is not None and not only):
        return set()
    statement = (
        update(Booking)
        .where(
            Booking.staff_id.in_(staff_ids),
            Booking.status == Status.HELD.value,
            Booking.hold_expires_at <= now,
        )
        .values(
            status=Status.CANCELLED.value,
            cancel_reason=HOLD_EXPIRED,
            version=Booking.version + 1,
            updated_at=now,
        )
        .returning(Booking.id, Booking.municipality_id, Booking.staff_id)
        .execution_options(synchronize_session="fetch")
    )
    if only is not None:
        statement = statement.where(Booking.id.in_(only))
    expired = session.execute(statement).all()
    for booking_id, municipality_id, staff_id in expired:
        journal.audit(session, Actor.system(), HOLD_EXPIRED, None, booking_id=booking_id)
        journal.record_change(
            session,
            entity=ChangeEntity.BOOKING,
            entity_id=booking_id,
            op=ChangeOp.CANCELLED,
            municipality_id=municipality_id,
            staff_id=staff_id,
        )
    return {booking_id for booking_id, _, _ in expired}


def check_version(booking: Booking, *, expected_version: int | None) -> None:
    """Refuse a change made on a stale copy: the caller saw ``expected_version`` (``None``: not checked)."""
    if expected_version is not None and booking.version != expected_version:
        raise VersionConflict(
            "This booking was changed meanwhile (now version "
            f"{booking.version}, you had {expected_version}). Reload it and try again."
        )


def touch(booking: Booking, *, now: datetime) -> None:
    """Every change of a booking bumps its version (optimistic locking) and its change time."""
    booking.version += 1
    booking.updated_at = now


def require_may_move(actor: Actor, booking: Booking) -> None:
    """Refuse (403) moving a booking between clerks unless ``actor`` supervises its municipality."""
    require_supervises(actor, booking.municipality_id, MOVE_FORBIDDEN)


def record_move(
    session: Session,
    booking: Booking,
    *,
    actor: Actor,
    to_staff: int,
    old_start: datetime,
    reason: str,
    now: datetime,
    meeting_provider: str,
) -> None:
    """Hand a booking (already checked free) to another clerk: audit, citizen notice, webhooks, change log.

    The citizen hears of it only when something changes for them: a new time, or a meeting that
    belongs to the clerk (Teams) and so gets a new link; a Jitsi room or a desk stays the same.
    """
    old_staff = booking.staff_id
    old_end = old_start + (booking.end_at - booking.start_at)
    booking.staff_id = to_staff
    time_changed = booking.start_at != old_start
    touch(booking, now=now)
    journal.audit(
        session,
        actor,
        "reassigned",
        booking,
        from_staff=old_staff,
        to_staff=to_staff,
        reason=reason,
        from_start=old_start.isoformat(),
        to_start=booking.start_at.isoformat(),
    )
    meeting_follows_clerk = meeting_provider in CLERK_OWNED_MEETINGS
    if booking.status == Status.CONFIRMED.value:
        tele = booking.mode == Mode.TELECONFERENCE.value
        if tele and (meeting_follows_clerk or time_changed):
            booking.sequence += 1
            journal.enqueue(session, OutboxKind.MEETING_UPDATE, booking, previous_staff_id=old_staff)
            journal.enqueue(session, OutboxKind.EMAIL_RESCHEDULED, booking)
            co_applicant_rows.notify_all(session, OutboxKind.EMAIL_RESCHEDULED, booking, confirmed_only=True)
        elif time_changed:
            booking.sequence += 1
            journal.enqueue(session, OutboxKind.EMAIL_RESCHEDULED, booking)
            co_applicant_rows.notify_all(session, OutboxKind.EMAIL_RESCHEDULED, booking, confirmed_only=True)
    if webhook_events.was_booked(booking.status):
        webhook_events.booking_event(
            session,
            WebhookEvent.REASSIGNED,
            booking,
            previous=previous_time(old_start, old_end, old_staff),
        )
    journal.booking_changed(session, booking, ChangeOp.UPDATED, previous_staff_id=old_staff)


def reset_rescue(session: Session, booking: Booking) -> None:
    """The booking moved to a new time (issue 18): its rescue row — the «we missed you» send, the offered
    times, the attendance read — was about the old appointment, so the new one starts afresh (it can be
    rescued, and its own attendance is read). The audit log keeps what happened to the old one."""
    record = session.get(BookingRescue, booking.id)
    if record is None:
        return
    record.missed_you_sent_at = None
    record.missed_you_by = None
    record.offered_starts = []
    record.attendance = ""
    record.joined_at = None
    record.attended_seconds = None
    record.attendance_checked_at = None
    record.attendance_attempts = 0
    record.attendance_next_at = None
    record.attendance_error = ""
