"""Reads that turn stored rows into the domain's inputs: rules, clerk calendars, closing days."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holiday_lib
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

from service_api.domain.availability import Busy, Interval, ServiceRules, StaffCalendar, WorkingPeriod
from service_api.domain.rules import ACTIVE_STATUSES, Status
from service_api.domain.timeutil import from_epoch
from service_api.models import (
    Absence,
    Booking,
    ChangeLog,
    Holiday,
    Municipality,
    Service,
    Staff,
    StaffQualification,
)
from service_api.models import WorkingPeriod as WorkingPeriodRow

ACTIVE = [s.value for s in ACTIVE_STATUSES]
# The catalogue caps a service's buffers at two hours, so a booking further away than that from a
# slot can never touch it: reads around one start stay small however full the diary is.
MAX_BUFFER = timedelta(minutes=120)
# ... and a service's duration at eight hours, so a booking that overlaps a range starts at most
# that long before it: the lower bound that keeps an index scan on (staff_id, start_at) to about a
# day per clerk instead of their whole history.
MAX_DURATION = timedelta(minutes=480)


def rules_of(service: Service) -> ServiceRules:
    return ServiceRules(
        duration_minutes=service.duration_minutes,
        slot_interval_minutes=service.slot_interval_minutes,
        lead_time_minutes=service.lead_time_minutes,
        horizon_days=service.horizon_days,
        buffer_before_minutes=service.buffer_before_minutes,
        buffer_after_minutes=service.buffer_after_minutes,
    )


def zone_of(municipality: Municipality) -> ZoneInfo:
    return ZoneInfo(municipality.timezone)


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    # Greece's public holidays, Orthodox Easter Monday and Whit Monday (Αγίου Πνεύματος) included.
    return frozenset(holiday_lib.country_holidays("GR", years=year).keys())


def national_holiday_names(year: int) -> dict[date, str]:
    return dict(holiday_lib.country_holidays("GR", years=year, language="el").items())


def closed_days(session: Session, municipality_id: int, first: date, last: date) -> set[date]:
    """National holidays plus the municipality's own (e.g. Larissa's Saint Achillios on 15 May)."""
    return closed_days_from(holiday_rows(session, municipality_id), first, last)


def holiday_rows(session: Session, municipality_id: int) -> tuple[tuple[int | None, int, int], ...]:
    """The municipality's own holidays as (year or None for every year, month, day)."""
    rows = session.execute(
        select(Holiday.year, Holiday.month, Holiday.day).where(Holiday.municipality_id == municipality_id)
    )
    return tuple((year, month, day) for year, month, day in rows)


def closed_days_from(municipal: Iterable[tuple[int | None, int, int]], first: date, last: date) -> set[date]:
    """``closed_days`` from the municipality's holiday rows, read earlier."""
    days: set[date] = set()
    for year in range(first.year, last.year + 1):
        days |= _national_holidays(year)
    for row_year, month, day in municipal:
        for year in range(first.year, last.year + 1):
            if row_year not in (None, year):
                continue
            try:
                days.add(date(year, month, day))
            except ValueError:  # 29 February in a common year
                continue
    return {d for d in days if first <= d <= last}


def _qualified_for(mode: str) -> tuple[Any, ...]:
    """Who may serve a service in a mode: one definition for the qualified ids and their plans.

    Expects the statement to join Staff and StaffQualification, and binds ``service_id`` and
    ``municipality_id``.
    """
    mode_column = StaffQualification.in_person if mode == "in_person" else StaffQualification.teleconference
    return (
        StaffQualification.service_id == bindparam("service_id"),
        mode_column.is_(True),
        Staff.active.is_(True),
        Staff.municipality_id == bindparam("municipality_id"),
    )


def qualified_staff_ids(session: Session, service: Service, mode: str) -> list[int]:
    query = (
        select(Staff.id)
        .join(StaffQualification, StaffQualification.staff_id == Staff.id)
        .where(*_qualified_for(mode))
        .order_by(Staff.id)
    )
    params = {"service_id": service.id, "municipality_id": service.municipality_id}
    return list(session.scalars(query, params))


# The reads below run on every booking and every availability catch-up, so each statement is built
# once per dialect with bound parameters: no expression building per call, and on PostgreSQL lists of
# ids go as one array (``= ANY``), so the SQL text stays the same and the server keeps it prepared.


def _in(column: Any, name: str, dialect: str) -> Any:
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


@lru_cache(maxsize=8)
def _qualified_plans_statement(mode: str) -> Any:
    return (
        select(
            WorkingPeriodRow.staff_id, WorkingPeriodRow.weekday, WorkingPeriodRow.start, WorkingPeriodRow.end
        )
        .join(StaffQualification, StaffQualification.staff_id == WorkingPeriodRow.staff_id)
        .join(Staff, Staff.id == WorkingPeriodRow.staff_id)
        .where(*_qualified_for(mode))
        .order_by(WorkingPeriodRow.staff_id)
    )


def qualified_plans(session: Session, service: Service, mode: str) -> dict[int, list[WorkingPeriod]]:
    """Weekly plans of the active clerks qualified for a service in a mode, in one query.

    A qualified clerk without a plan never works, so leaving them out changes no answer.
    """
    plans: dict[int, list[WorkingPeriod]] = {}
    rows = session.execute(
        _qualified_plans_statement(mode),
        {"service_id": service.id, "municipality_id": service.municipality_id},
    )
    for sid, weekday, p_start, p_end in rows:
        plans.setdefault(sid, []).append(WorkingPeriod(weekday, p_start, p_end))
    return plans


@lru_cache(maxsize=8)
def _plans_statement(dialect: str) -> Any:
    return select(
        WorkingPeriodRow.staff_id, WorkingPeriodRow.weekday, WorkingPeriodRow.start, WorkingPeriodRow.end
    ).where(_in(WorkingPeriodRow.staff_id, "ids", dialect))


def working_plans(session: Session, staff_ids: Sequence[int]) -> dict[int, list[WorkingPeriod]]:
    plans: dict[int, list[WorkingPeriod]] = {sid: [] for sid in staff_ids}
    for sid, weekday, p_start, p_end in session.execute(
        _plans_statement(_dialect(session)), {"ids": list(staff_ids)}
    ):
        plans[sid].append(WorkingPeriod(weekday, p_start, p_end))
    return plans


# Change-log entities whose writes can change a service, a holiday, a plan or a qualification.
CATALOGUE_ENTITIES = ("staff", "catalogue")


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


@lru_cache(maxsize=8)
def _time_rows_statement(dialect: str, with_load: bool) -> Any:
    """Busy bookings ('b') and absences ('a') of clerks near a range, and with ``with_load`` each
    clerk's count of bookings in a window ('n'), as one row shape in one UNION."""
    lo: Any = bindparam("lo")
    hi: Any = bindparam("hi")
    # Every column comes as a plain number or string: the rows are read straight off the driver's
    # cursor (see ``_time_rows``), with no SQLAlchemy type processing.
    busy_rows = select(
        literal("b").label("kind"),
        Booking.staff_id,
        epoch_seconds(Booking.start_at, dialect),
        epoch_seconds(Booking.end_at, dialect),
        Booking.buffer_before_minutes,
        Booking.buffer_after_minutes,
        case((Booking.status == Status.HELD.value, epoch_seconds(Booking.hold_expires_at, dialect))),
    ).where(
        _in(Booking.staff_id, "ids", dialect),
        Booking.start_at < hi,
        Booking.start_at > bindparam("earliest"),
        Booking.end_at > lo,
        busy_condition(bindparam("now")),  # type: ignore[arg-type]
        Booking.id != bindparam("exclude"),
    )
    absence_rows = select(
        literal("a"),
        Absence.staff_id,
        epoch_seconds(Absence.start_at, dialect),
        epoch_seconds(Absence.end_at, dialect),
        literal(0),
        literal(0),
        null(),
    ).where(_in(Absence.staff_id, "ids", dialect), Absence.start_at < hi, Absence.end_at > lo)
    if not with_load:
        return union_all(busy_rows, absence_rows)
    load_rows = (
        select(literal("n"), Booking.staff_id, null(), null(), func.count(), literal(0), null())
        .where(
            _in(Booking.staff_id, "ids", dialect),
            Booking.start_at >= bindparam("load_from"),
            Booking.start_at < bindparam("load_until"),
            status_in(ACTIVE),
        )
        .group_by(Booking.staff_id)
    )
    return union_all(busy_rows, absence_rows, load_rows)


def _time_rows(
    session: Session,
    staff_ids: Sequence[int],
    start: datetime,
    end: datetime,
    now: datetime,
    exclude_booking_id: int | None,
    load_window: tuple[datetime, datetime] | None = None,
) -> tuple[
    dict[int, list[Interval]],
    dict[int, list[Busy]],
    dict[int, int],
    dict[int, list[tuple[datetime, datetime, datetime]]],
]:
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
    statement = _time_rows_statement(_dialect(session), load_window is not None)
    absences: dict[int, list[Interval]] = {sid: [] for sid in staff_ids}
    busy: dict[int, list[Busy]] = {sid: [] for sid in staff_ids}
    load: dict[int, int] = {}
    holds: dict[int, list[tuple[datetime, datetime, datetime]]] = {}
    # A Core statement on the session's connection, its rows taken straight from the driver's cursor:
    # SQLAlchemy's Row objects cost as much as the query itself when a cold answer reads 10,000.
    result = session.connection().execute(statement, params)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    for kind, sid, r_start, r_end, x, y, expires in rows:
        if kind == "b":
            busy[sid].append(booked := Busy.from_row(r_start, r_end, x, y))
            if expires is not None:
                # Whole seconds, rounded up: the answer looks again once the hold has surely lapsed.
                holds.setdefault(sid, []).append((from_epoch(expires + 1), booked.start, booked.end))
        elif kind == "a":
            absences[sid].append(Interval.from_seconds(r_start, r_end))
        else:
            load[sid] = int(x)
    return absences, busy, load, holds


def staff_calendars(
    session: Session,
    staff_ids: Sequence[int],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None = None,
    plans: Mapping[int, list[WorkingPeriod]] | None = None,
) -> list[StaffCalendar]:
    """Plans (unless given), absences and busy times of clerks around ``[start, end)``."""
    return calendars_with_holds(
        session, staff_ids, start, end, now=now, exclude_booking_id=exclude_booking_id, plans=plans
    )[0]


def calendars_with_holds(
    session: Session,
    staff_ids: Sequence[int],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None = None,
    plans: Mapping[int, list[WorkingPeriod]] | None = None,
) -> tuple[list[StaffCalendar], dict[int, list[tuple[datetime, datetime, datetime]]]]:
    """``staff_calendars`` and the holds among the busy times: (expires, start, end) per clerk.

    A hold frees its time when it lapses, with nothing written anywhere, so a cached availability
    answer keeps their expiry to know when to look again.
    """
    if not staff_ids:
        return [], {}
    if plans is None:
        plans = working_plans(session, staff_ids)
    absences, busy, _, holds = _time_rows(session, staff_ids, start, end, now, exclude_booking_id)
    return [StaffCalendar(sid, plans.get(sid, []), absences[sid], busy[sid]) for sid in staff_ids], holds


def calendars_around(
    session: Session,
    plans: Mapping[int, list[WorkingPeriod]],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    load_window: tuple[datetime, datetime],
    exclude_booking_id: int | None = None,
) -> tuple[list[StaffCalendar], dict[int, int]]:
    """Clerks' absences and busy times around ``[start, end)`` and their load in ``load_window``.

    One round trip because the booking path runs it on every request.
    """
    ids = list(plans)
    if not ids:
        return [], {}
    absences, busy, load, _ = _time_rows(session, ids, start, end, now, exclude_booking_id, load_window)
    return [StaffCalendar(sid, plans[sid], absences[sid], busy[sid]) for sid in ids], load


@lru_cache(maxsize=4)
def _clerk_rows_statement(dialect: str) -> Any:
    lo: Any = bindparam("lo")
    hi: Any = bindparam("hi")
    staff_id: Any = bindparam("staff_id")
    booking_rows = select(
        Booking.id,
        Booking.status,
        Booking.hold_expires_at,
        epoch_seconds(Booking.start_at, dialect),
        epoch_seconds(Booking.end_at, dialect),
        Booking.buffer_before_minutes,
        Booking.buffer_after_minutes,
    ).where(
        Booking.staff_id == staff_id,
        Booking.start_at < hi,
        Booking.start_at > bindparam("earliest"),
        Booking.end_at > lo,
        status_in(ACTIVE),
        Booking.id != bindparam("exclude"),
    )
    absence_rows = select(
        null(),
        literal("absence"),
        null(),
        epoch_seconds(Absence.start_at, dialect),
        epoch_seconds(Absence.end_at, dialect),
        literal(0),
        literal(0),
    ).where(Absence.staff_id == staff_id, Absence.start_at < hi, Absence.end_at > lo)
    stamp_row = select(null(), literal("stamp"), null(), null(), null(), catalogue_stamp(), literal(0))
    return union_all(booking_rows, absence_rows, stamp_row)


def clerk_calendar(
    session: Session,
    staff_id: int,
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None = None,
    plan: list[WorkingPeriod] | None = None,
    stamp: int | None = None,
) -> tuple[StaffCalendar, list[int]]:
    """One clerk around ``[start, end)``, read under their lock, and the lapsed holds near it.

    A lapsed hold is free time for the rules but still an active row for the database's overlap
    constraint, so the writer cancels those before inserting. ``plan`` is the clerk's weekly plan
    as of the catalogue ``stamp``; it is read again here if a staff change committed since (the
    writer may have waited for this clerk's lock behind it).
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
    seen_stamp = None
    for booking_id, status, expires, r_start, r_end, before, after in (
        session.connection().execute(_clerk_rows_statement(_dialect(session)), params).all()
    ):
        if status == "stamp":
            seen_stamp = before
        elif status == "absence":
            absences.append(Interval.from_seconds(r_start, r_end))
        elif status == Status.HELD.value and expires is not None and expires <= now:
            lapsed.append(booking_id)
        else:
            busy.append(Busy.from_row(r_start, r_end, before, after))
    if plan is None or stamp is None or seen_stamp != stamp:
        plan = working_plans(session, [staff_id])[staff_id]
    return StaffCalendar(staff_id, plan, absences, busy), lapsed


def daily_load(
    session: Session, staff_ids: Iterable[int], day_start: datetime, day_end: datetime
) -> dict[int, int]:
    """Active bookings per clerk in a window: the measure of 'least loaded'."""
    ids = list(staff_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Booking.staff_id, func.count())
        .where(
            Booking.staff_id.in_(ids),
            Booking.start_at >= day_start,
            Booking.start_at < day_end,
            Booking.status.in_(ACTIVE),
        )
        .group_by(Booking.staff_id)
    )
    return {sid: int(count) for sid, count in rows}
