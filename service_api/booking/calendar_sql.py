"""The statements behind the calendar reads, and the named shapes of the rows they return.

The booking path reads a clerk's bookings, absences and (in the same statement) the catalogue stamp
or their load in one round trip, so the rows of different kinds come back through one UNION. Every
column of a UNION here means one thing; the kind column says which columns a row fills (``TimeRow``
and ``ClerkRow`` name them) and is read once per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from service_api.domain.availability import Busy, Interval
from service_api.domain.kinds import AbsenceStatus, ChangeEntity
from service_api.domain.rules import ACTIVE_STATUSES, Status
from service_api.domain.timeutil import from_epoch
from service_api.models import Absence, Booking, ChangeLog

ACTIVE = [s.value for s in ACTIVE_STATUSES]
# The catalogue caps a service's buffers at two hours, so a booking further away than that from a
# slot can never touch it: reads around one start stay small however full the diary is.
MAX_BUFFER = timedelta(minutes=120)
# ... and a service's duration at eight hours, so a booking that overlaps a range starts at most
# that long before it: the lower bound that keeps an index scan on (staff_id, start_at) to about a
# day per clerk instead of their whole history.
MAX_DURATION = timedelta(minutes=480)

# Change-log entities whose writes can change a service, a holiday, a plan or a qualification.
CATALOGUE_ENTITIES = (ChangeEntity.STAFF.value, ChangeEntity.CATALOGUE.value)

Holds = dict[int, list[tuple[datetime, datetime, datetime]]]  # clerk -> (expires, start, end)


# The statements run on every booking and every availability catch-up, so each is built once per
# dialect with bound parameters: no expression building per call, and on PostgreSQL lists of ids go
# as one array (``= ANY``), so the SQL text stays the same and the server keeps it prepared.


def in_ids(column: Any, name: str, dialect: str) -> Any:
    """``column IN (:name)``, as one array parameter on PostgreSQL."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def catalogue_stamp() -> Any:
    """The newest staff or catalogue change (0 if none), as a scalar subquery.

    The entities are written into the SQL, as the partial index ``ix_change_log_catalogue`` has
    them, so a prepared (generic) plan can still use that index.
    """
    return (
        select(func.coalesce(func.max(ChangeLog.seq), 0))
        .where(ChangeLog.entity.in_([literal_column(f"'{e}'") for e in CATALOGUE_ENTITIES]))
        .scalar_subquery()
    )


def status_in(statuses: Iterable[str]) -> Any:
    """``booking.status IN (...)`` with the statuses written into the SQL.

    A list bound as one expanding parameter makes SQLAlchemy render the statement again on every
    execution; the statuses are our own constants, so they can be part of the statement's text.
    """
    values = sorted(statuses)
    unknown = set(values) - {s.value for s in Status}
    if unknown:
        raise ValueError(f"not booking statuses: {sorted(unknown)}")
    return Booking.status.in_([literal_column(f"'{status}'") for status in values])


def busy_condition(now: Any) -> object:
    """Bookings that occupy time: active ones, but a hold only until it expires."""
    return and_(
        status_in(ACTIVE),
        or_(Booking.status != Status.HELD.value, Booking.hold_expires_at > now),
    )


def approved_absence() -> Any:
    """Absences that block a clerk: approved ones (the status written into the SQL, as ``status_in``).

    A clerk's request, or a refused one, leaves availability as it was.
    """
    return Absence.status == literal_column(f"'{AbsenceStatus.APPROVED.value}'")


def epoch_seconds(column: Any, dialect: str) -> Any:
    """A stored UTC time as whole seconds since the epoch, computed by the database.

    The domain searches in seconds; asking the database for them spares making a datetime per
    value in Python and converting it back, which was half the cost of a cold availability answer.
    """
    # PostgreSQL floors, as Python's int() does (a plain cast would round). SQLite's %s takes the
    # time to the millisecond first, so a stored .9996 s counts as the next second: a hold's expiry
    # only looks later for it, never earlier.
    if dialect == "postgresql":
        return sql_cast(func.floor(func.extract("epoch", column)), BigInteger)
    return sql_cast(func.strftime(literal_column("'%s'"), column), Integer)


def _no_number() -> Any:
    """A typed NULL: PostgreSQL resolves a UNION's column types pairwise, and NULL alone is text."""
    return sql_cast(null(), BigInteger)


# --------------------------------------------------------------------- clerks' time near a range
class TimeRowKind(StrEnum):
    BUSY = "b"  # a booking that occupies time: span, buffers, and a live hold's expiry
    ABSENCE = "a"  # an absence: span only
    LOAD = "n"  # a clerk's count of active bookings in the load window: bookings only


class TimeRow(NamedTuple):
    """The columns of ``time_rows_statement``, in order; a kind leaves the others NULL."""

    kind: str
    staff_id: int
    start_s: int | None
    end_s: int | None
    buffer_before_minutes: int | None
    buffer_after_minutes: int | None
    hold_expires_s: int | None
    bookings: int | None


@lru_cache(maxsize=8)
def time_rows_statement(dialect: str, with_load: bool) -> Any:
    """Busy bookings and absences of clerks near a range, and with ``with_load`` each clerk's count
    of bookings in a window, as ``TimeRow``s of one UNION."""
    lo: Any = bindparam("lo")
    hi: Any = bindparam("hi")
    # Every column comes as a plain number or string: the rows are read straight off the driver's
    # cursor (see ``read_time_rows``), with no SQLAlchemy type processing.
    busy_rows = select(
        literal(TimeRowKind.BUSY.value).label("kind"),
        Booking.staff_id,
        epoch_seconds(Booking.start_at, dialect),
        epoch_seconds(Booking.end_at, dialect),
        Booking.buffer_before_minutes,
        Booking.buffer_after_minutes,
        case((Booking.status == Status.HELD.value, epoch_seconds(Booking.hold_expires_at, dialect))),
        _no_number(),
    ).where(
        in_ids(Booking.staff_id, "ids", dialect),
        Booking.start_at < hi,
        Booking.start_at > bindparam("earliest"),
        Booking.end_at > lo,
        busy_condition(bindparam("now")),  # type: ignore[arg-type]
        Booking.id != bindparam("exclude"),
    )
    absence_rows = select(
        literal(TimeRowKind.ABSENCE.value),
        Absence.staff_id,
        epoch_seconds(Absence.start_at, dialect),
        epoch_seconds(Absence.end_at, dialect),
        _no_number(),
        _no_number(),
        _no_number(),
        _no_number(),
    ).where(
        in_ids(Absence.staff_id, "ids", dialect),
        Absence.start_at < hi,
        Absence.end_at > lo,
        approved_absence(),
    )
    if not with_load:
        return union_all(busy_rows, absence_rows)
    load_rows = (
        select(
            literal(TimeRowKind.LOAD.value),
            Booking.staff_id,
            _no_number(),
            _no_number(),
            _no_number(),
            _no_number(),
            _no_number(),
            func.count(),
        )
        .where(
            in_ids(Booking.staff_id, "ids", dialect),
            Booking.start_at >= bindparam("load_from"),
            Booking.start_at < bindparam("load_until"),
            status_in(ACTIVE),
        )
        .group_by(Booking.staff_id)
    )
    return union_all(busy_rows, absence_rows, load_rows)


@dataclass(frozen=True)
class ClerksTime:
    """What ``read_time_rows`` found, per clerk: absences, busy times, loads and live holds."""

    absences: dict[int, list[Interval]]
    busy: dict[int, list[Busy]]
    load: dict[int, int]
    holds: Holds


def read_time_rows(
    session: Session,
    staff_ids: Sequence[int],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None,
    load_window: tuple[datetime, datetime] | None = None,
) -> ClerksTime:
    """Absences, busy times, loads (with ``load_window``) and live holds (expires, start, end)."""
    # Widen by the longest buffer so bookings just outside the range still count with theirs.
    params: dict[str, Any] = {
        "ids": list(staff_ids),
        "lo": start - MAX_BUFFER,
        "earliest": start - MAX_BUFFER - MAX_DURATION,
        "hi": end + MAX_BUFFER,
        "now": now,
        "exclude": exclude_booking_id if exclude_booking_id is not None else 0,
    }
    if load_window is not None:
        params["load_from"], params["load_until"] = load_window
    statement = time_rows_statement(dialect_of(session), load_window is not None)
    absences: dict[int, list[Interval]] = {sid: [] for sid in staff_ids}
    busy: dict[int, list[Busy]] = {sid: [] for sid in staff_ids}
    load: dict[int, int] = {}
    holds: Holds = {}
    # A Core statement on the session's connection, its rows taken straight from the driver's cursor:
    # SQLAlchemy's Row objects cost as much as the query itself when a cold answer reads 10,000.
    result = session.connection().execute(statement, params)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    # Unpacked in ``TimeRow``'s order; no tuple is built per row (a cold answer reads 10,000), and
    # the kinds are compared as plain strings.
    busy_kind, absence_kind = TimeRowKind.BUSY.value, TimeRowKind.ABSENCE.value
    for kind, sid, start_s, end_s, before, after, hold_expires_s, bookings in rows:
        if kind == busy_kind:
            busy[sid].append(booked := Busy.from_row(start_s, end_s, before, after))
            if hold_expires_s is not None:
                # Whole seconds, rounded up: the answer looks again once the hold has surely lapsed.
                holds.setdefault(sid, []).append((from_epoch(hold_expires_s + 1), booked.start, booked.end))
        elif kind == absence_kind:
            absences[sid].append(Interval.from_seconds(start_s, end_s))
        else:
            load[sid] = int(bookings)
    return ClerksTime(absences, busy, load, holds)


# --------------------------------------------------------------------- one clerk, under their lock
class ClerkRowKind(StrEnum):
    BOOKING = "b"  # an active booking: id, status, hold expiry, span, buffers
    ABSENCE = "a"  # an absence: span only
    STAMP = "s"  # the catalogue stamp as this statement saw it: stamp only


class ClerkRow(NamedTuple):
    """The columns of ``clerk_rows_statement``, in order; a kind leaves the others NULL."""

    kind: str
    booking_id: int | None
    status: str | None
    hold_expires_at: datetime | None
    start_s: int | None
    end_s: int | None
    buffer_before_minutes: int | None
    buffer_after_minutes: int | None
    stamp: int | None


@lru_cache(maxsize=4)
def clerk_rows_statement(dialect: str) -> Any:
    lo: Any = bindparam("lo")
    hi: Any = bindparam("hi")
    staff_id: Any = bindparam("staff_id")
    booking_rows = select(
        literal(ClerkRowKind.BOOKING.value).label("kind"),
        Booking.id,
        Booking.status,
        Booking.hold_expires_at,
        epoch_seconds(Booking.start_at, dialect),
        epoch_seconds(Booking.end_at, dialect),
        Booking.buffer_before_minutes,
        Booking.buffer_after_minutes,
        _no_number(),
    ).where(
        Booking.staff_id == staff_id,
        Booking.start_at < hi,
        Booking.start_at > bindparam("earliest"),
        Booking.end_at > lo,
        status_in(ACTIVE),
        Booking.id != bindparam("exclude"),
    )
    absence_rows = select(
        literal(ClerkRowKind.ABSENCE.value),
        null(),
        null(),
        null(),
        epoch_seconds(Absence.start_at, dialect),
        epoch_seconds(Absence.end_at, dialect),
        null(),
        null(),
        _no_number(),
    ).where(Absence.staff_id == staff_id, Absence.start_at < hi, Absence.end_at > lo, approved_absence())
    stamp_row = select(
        literal(ClerkRowKind.STAMP.value),
        null(),
        null(),
        null(),
        null(),
        null(),
        null(),
        null(),
        catalogue_stamp(),
    )
    return union_all(booking_rows, absence_rows, stamp_row)


@dataclass(frozen=True)
class ClerkTime:
    """What ``read_clerk_rows`` found: busy times, absences, lapsed holds and the catalogue stamp."""

    busy: list[Busy]
    absences: list[Interval]
    lapsed: list[int]
    stamp: int | None


def read_clerk_rows(
    session: Session,
    staff_id: int,
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None,
) -> ClerkTime:
    """One clerk's bookings and absences around ``[start, end)`` and the catalogue stamp, in one trip.

    A hold that has lapsed is listed in ``lapsed`` instead of ``busy``: free time for the rules, but
    still an active row for the database's overlap constraint.
    """
    params = {
        "staff_id": staff_id,
        "lo": start - MAX_BUFFER,
        "earliest": start - MAX_BUFFER - MAX_DURATION,
        "hi": end + MAX_BUFFER,
        "exclude": exclude_booking_id if exclude_booking_id is not None else 0,
    }
    busy: list[Busy] = []
    absences: list[Interval] = []
    lapsed: list[int] = []
    stamp = None
    rows = session.connection().execute(clerk_rows_statement(dialect_of(session)), params).all()
    # Unpacked in ``ClerkRow``'s order.
    for kind, booking_id, status, expires, start_s, end_s, before, after, seen_stamp in rows:
        if kind == ClerkRowKind.STAMP:
            stamp = seen_stamp
        elif kind == ClerkRowKind.ABSENCE:
            absences.append(Interval.from_seconds(start_s, end_s))
        elif status == Status.HELD.value and expires is not None and expires <= now:
            lapsed.append(booking_id)
        else:
            busy.append(Busy.from_row(start_s, end_s, before, after))
    return ClerkTime(busy, absences, lapsed, stamp)
