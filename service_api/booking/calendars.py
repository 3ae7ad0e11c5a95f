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
from service_api.domain.working_plan import PlanException, PlanVersion, WorkingPlan
from service_api.models import Booking, Holiday, Municipality, Service, Staff, StaffQualification
from service_api.models import PlanException as PlanExceptionRow
from service_api.models import WorkingPeriod as WorkingPeriodRow
from service_api.models import WorkingPlanVersion as PlanVersionRow


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


def national_holiday_names(year: int, language: str = "el") -> dict[date, str]:
    """The national holidays of ``year`` by date, named in Greek or (``"en"``) in English."""
    words = "en_US" if language == "en" else "el"
    return dict(holiday_lib.country_holidays("GR", years=year, language=words).items())


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


def _plan_rows_statement() -> Any:
    """Every version of a plan with its periods (none for a version of no working time)."""
    return (
        select(
            PlanVersionRow.staff_id,
            PlanVersionRow.effective_from,
            WorkingPeriodRow.weekday,
            WorkingPeriodRow.start,
            WorkingPeriodRow.end,
            WorkingPeriodRow.weeks,
        )
        .select_from(PlanVersionRow)
        .outerjoin(WorkingPeriodRow, WorkingPeriodRow.version_id == PlanVersionRow.id)
    )


def _exception_rows_statement() -> Any:
    return select(
        PlanExceptionRow.staff_id,
        PlanExceptionRow.day,
        PlanExceptionRow.kind,
        PlanExceptionRow.start,
        PlanExceptionRow.end,
    )


@lru_cache(maxsize=8)
def _qualified_plans_statements(mode: str) -> tuple[Any, Any]:
    qualified = (
        select(Staff.id)
        .join(StaffQualification, StaffQualification.staff_id == Staff.id)
        .where(*_qualified_for(mode))
    )
    return (
        _plan_rows_statement().where(PlanVersionRow.staff_id.in_(qualified)),
        _exception_rows_statement().where(PlanExceptionRow.staff_id.in_(qualified)),
    )


def _plans_from_rows(version_rows: Iterable[Any], exception_rows: Iterable[Any]) -> dict[int, WorkingPlan]:
    versions: dict[int, dict[date, list[WorkingPeriod]]] = {}
    for sid, effective_from, weekday, p_start, p_end, weeks in version_rows:
        periods = versions.setdefault(sid, {}).setdefault(effective_from, [])
        if weekday is not None:
            periods.append(WorkingPeriod(weekday, p_start, p_end, weeks))
    exceptions: dict[int, list[PlanException]] = {}
    for sid, day, kind, e_start, e_end in exception_rows:
        exceptions.setdefault(sid, []).append(PlanException(day, kind, e_start, e_end))
    return {
        sid: WorkingPlan(
            tuple(PlanVersion(since, tuple(periods)) for since, periods in versions.get(sid, {}).items()),
            tuple(exceptions.get(sid, ())),
        )
        for sid in sorted(versions.keys() | exceptions.keys())
    }


def qualified_plans(session: Session, service: Service, mode: str) -> dict[int, WorkingPlan]:
    """Working plans of the active clerks qualified for a service in a mode, in two queries.

    A qualified clerk without a plan never works, so leaving them out changes no answer (one-off
    extra hours need a plan version too; writing them makes sure there is one).
    """
    params = {"service_id": service.id, "municipality_id": service.municipality_id}
    versions_statement, exceptions_statement = _qualified_plans_statements(mode)
    return _plans_from_rows(
        session.execute(versions_statement, params), session.execute(exceptions_statement, params)
    )


@lru_cache(maxsize=8)
def _plans_statements(dialect: str) -> tuple[Any, Any]:
    return (
        _plan_rows_statement().where(in_ids(PlanVersionRow.staff_id, "ids", dialect)),
        _exception_rows_statement().where(in_ids(PlanExceptionRow.staff_id, "ids", dialect)),
    )


def working_plans(session: Session, staff_ids: Sequence[int]) -> dict[int, WorkingPlan]:
    """The working plans of these clerks (an empty plan for a clerk who has none)."""
    versions_statement, exceptions_statement = _plans_statements(dialect_of(session))
    params = {"ids": list(staff_ids)}
    found = _plans_from_rows(
        session.execute(versions_statement, params), session.execute(exceptions_statement, params)
    )
    return {sid: found.get(sid, NO_PLAN) for sid in staff_ids}


NO_PLAN = WorkingPlan()


def staff_calendars(
    session: Session,
    staff_ids: Sequence[int],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None = None,
    plans: Mapping[int, WorkingPlan] | None = None,
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
    plans: Mapping[int, WorkingPlan] | None = None,
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
        StaffCalendar(sid, plans.get(sid, NO_PLAN), found.absences[sid], found.busy[sid]) for sid in staff_ids
    ]
    return calendars, found.holds


def calendars_around(
    session: Session,
    plans: Mapping[int, WorkingPlan],
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
    plan: WorkingPlan | None = None,
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
