"""Reads that turn stored rows into the domain's inputs: rules, clerk calendars, closing days."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holiday_lib
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

# The statements' building blocks and caps live in calendar_sql; callers know them from here.
from service_api.booking.calendar_sql import ACTIVE as ACTIVE
from service_api.booking.calendar_sql import CATALOGUE_ENTITIES as CATALOGUE_ENTITIES
from service_api.booking.calendar_sql import MAX_BUFFER as MAX_BUFFER
from service_api.booking.calendar_sql import MAX_DURATION as MAX_DURATION
from service_api.booking.calendar_sql import busy_condition as busy_condition
from service_api.booking.calendar_sql import catalogue_stamp as catalogue_stamp
from service_api.booking.calendar_sql import dialect_of, in_ids, read_clerk_rows, read_time_rows
from service_api.booking.calendar_sql import epoch_seconds as epoch_seconds
from service_api.booking.calendar_sql import status_in as status_in
from service_api.domain.availability import Interval, ServiceRules, StaffCalendar, WorkingPeriod
from service_api.domain.closures import ClosureKind, ClosureRule, closed_whole_days
from service_api.domain.closures import closed_hours as closed_hours_from
from service_api.domain.rules import Mode
from service_api.models import Booking, Holiday, Municipality, Service, Staff, StaffQualification
from service_api.models import WorkingPeriod as WorkingPeriodRow


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
    """National holidays plus the municipality's whole-day closures (e.g. Saint Achillios on 15 May)."""
    return closed_days_from(holiday_rows(session, municipality_id), first, last)


def holiday_rows(session: Session, municipality_id: int) -> tuple[ClosureRule, ...]:
    """The municipality's own closures (``domain/closures.py``), whole-day and of some hours."""
    rows = session.scalars(select(Holiday).where(Holiday.municipality_id == municipality_id))
    return tuple(closure_rule(row) for row in rows)


def closure_rule(row: Holiday) -> ClosureRule:
    """A stored closure as the calendar needs it; its form follows from which columns are set."""
    if row.easter_offset is not None:
        kind = ClosureKind.EASTER
    elif row.year is not None:
        kind = ClosureKind.ONCE
    else:
        kind = ClosureKind.ANNUAL
    return ClosureRule(kind, row.month, row.day, row.year, row.easter_offset, row.start, row.end)


def closed_days_from(municipal: Iterable[ClosureRule], first: date, last: date) -> set[date]:
    """``closed_days`` from the municipality's closures, read earlier."""
    days: set[date] = set()
    for year in range(first.year, last.year + 1):
        days |= _national_holidays(year)
    days = {d for d in days if first <= d <= last}
    return days | closed_whole_days(municipal, first, last)


def closed_hours(
    session: Session, municipality_id: int, first: date, last: date, zone: ZoneInfo
) -> list[Interval]:
    """The hours the municipality's partial closures take out of ``first``..``last``."""
    return closed_hours_from(holiday_rows(session, municipality_id), first, last, zone)


def _qualified_for(mode: str) -> tuple[Any, ...]:
    """Who may serve a service in a mode: one definition for the qualified ids and their plans.

    Expects the statement to join Staff and StaffQualification, and binds ``service_id`` and
    ``municipality_id``.
    """
    mode_column = (
        StaffQualification.in_person if mode == Mode.IN_PERSON else StaffQualification.teleconference
    )
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
    ).where(in_ids(WorkingPeriodRow.staff_id, "ids", dialect))


def working_plans(session: Session, staff_ids: Sequence[int]) -> dict[int, list[WorkingPeriod]]:
    plans: dict[int, list[WorkingPeriod]] = {sid: [] for sid in staff_ids}
    for sid, weekday, p_start, p_end in session.execute(
        _plans_statement(dialect_of(session)), {"ids": list(staff_ids)}
    ):
        plans[sid].append(WorkingPeriod(weekday, p_start, p_end))
    return plans


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
    found = read_time_rows(session, staff_ids, start, end, now=now, exclude_booking_id=exclude_booking_id)
    calendars = [
        StaffCalendar(sid, plans.get(sid, []), found.absences[sid], found.busy[sid]) for sid in staff_ids
    ]
    return calendars, found.holds


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
    found = read_time_rows(
        session, ids, start, end, now=now, exclude_booking_id=exclude_booking_id, load_window=load_window
    )
    return [StaffCalendar(sid, plans[sid], found.absences[sid], found.busy[sid]) for sid in ids], found.load


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
    found = read_clerk_rows(session, staff_id, start, end, now=now, exclude_booking_id=exclude_booking_id)
    if plan is None or stamp is None or found.stamp != stamp:
        plan = working_plans(session, [staff_id])[staff_id]
    return StaffCalendar(staff_id, plan, found.absences, found.busy), found.lapsed


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
