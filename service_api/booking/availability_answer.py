"""One service's availability in one mode over the bookable window, and how it catches up.

The answer is computed whole once, then brought up to date clerk-day by clerk-day from the change
log, lapsed holds and the moving horizon (see docs/architecture.md, "The availability cache").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from service_api.booking import calendars
from service_api.domain.availability import (
    Interval,
    ServiceRules,
    Slot,
    clerk_free_starts,
    slots_from_starts,
)
from service_api.domain.closures import with_closed_hours
from service_api.domain.kinds import ChangeEntity, ChangeOp
from service_api.domain.timeutil import days_between, local_day_bounds
from service_api.domain.working_plan import WorkingPlan
from service_api.models import Booking, ChangeLog, Municipality, Service

# More changes than this since an answer's cursor: computing it whole is cheaper than catching up.
CATCH_UP_LIMIT = 200

Holds = dict[int, list[tuple[datetime, date, date]]]  # clerk -> (expires, first and last day it affects)
Window = tuple[date, date]


@dataclass(frozen=True)
class AvailabilityAnswer:
    """Free starts per clerk and local day, merged per day, and what is needed to catch them up."""

    cursor: int
    window: Window  # local days covered
    municipality_id: int
    computed_at: datetime
    horizon_until: datetime  # slots up to here are computed for every clerk
    zone: ZoneInfo
    rules: ServiceRules
    closed: frozenset[date]
    closed_hours: tuple[Interval, ...]  # partial closures, as an absence of every clerk
    plans: dict[int, WorkingPlan]
    per_clerk_day: dict[int, dict[date, list[int]]]  # free starts, seconds since the epoch
    per_day: dict[date, list[Slot]]  # merged over clerks
    holds: Holds


def compute_answer(
    session: Session,
    service: Service,
    mode: str,
    *,
    window: Window,
    cursor: int,
    now: datetime,
    extra_minutes: int = 0,
) -> AvailabilityAnswer:
    """The whole answer from the database: every qualified clerk over every day of the window.

    ``extra_minutes``: slots that long beyond the service's duration (a citizen's extra time, issue 18).
    """
    first_day, last_day = window
    municipality = session.get(Municipality, service.municipality_id)
    assert municipality is not None
    zone = calendars.zone_of(municipality)
    rules = calendars.rules_of(service)
    if extra_minutes:
        rules = replace(rules, duration_minutes=rules.duration_minutes + extra_minutes)
    plans = calendars.qualified_plans(session, service, mode)
    range_start, _ = local_day_bounds(first_day, zone)
    _, range_end = local_day_bounds(last_day, zone)
    cals, raw_holds = calendars.calendars_with_holds(
        session, list(plans), range_start, range_end, now=now, plans=plans
    )
    holds = _holds_by_clerk(raw_holds, zone)
    closed = frozenset(calendars.closed_days(session, municipality.id, first_day, last_day))
    hours = tuple(calendars.closed_hours(session, municipality.id, first_day, last_day, zone))
    per_clerk_day = {
        cal.staff_id: clerk_free_starts(
            rules,
            with_closed_hours(cal, hours),
            first_day=first_day,
            last_day=last_day,
            now=now,
            zone=zone,
            closed_days=closed,
        )
        for cal in cals
    }
    days = {day for clerk_days in per_clerk_day.values() for day in clerk_days}
    per_day = {day: _merged(per_clerk_day, day, rules) for day in days}
    horizon_until = now + timedelta(days=rules.horizon_days)
    return AvailabilityAnswer(
        cursor,
        (first_day, last_day),
        municipality.id,
        now,
        horizon_until,
        zone,
        rules,
        closed,
        hours,
        plans,
        per_clerk_day,
        per_day,
        holds,
    )


def _merged(per_clerk_day: dict[int, dict[date, list[int]]], day: date, rules: ServiceRules) -> list[Slot]:
    return slots_from_starts(
        ((sid, clerk_days.get(day, ())) for sid, clerk_days in per_clerk_day.items()), rules.duration_minutes
    )


def _affected_days(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """Local days whose slots a booking can touch: buffers reach at most MAX_BUFFER beyond it."""
    return (start - calendars.MAX_BUFFER).astimezone(zone).date(), (end + calendars.MAX_BUFFER).astimezone(
        zone
    ).date()


def _holds_by_clerk(
    raw: dict[int, list[tuple[datetime, datetime, datetime]]], zone: ZoneInfo
) -> dict[int, list[tuple[datetime, date, date]]]:
    return {
        sid: [(expires, *_affected_days(start, end, zone)) for expires, start, end in rows]
        for sid, rows in raw.items()
    }


def moved_window(session: Session, answer: AvailabilityAnswer, window: Window) -> AvailabilityAnswer | None:
    """The answer over a later window (a new day began): days that fell out are dropped, the new
    days' closings read. New days lie beyond the horizon, so they hold no slots yet; the horizon
    step of ``caught_up`` computes them when it reaches them. None (recompute) for any other move."""
    first, last = window
    old_first, old_last = answer.window
    if first < old_first or last < old_last or first > old_last:
        return None
    closed, hours = answer.closed, answer.closed_hours
    if last > old_last:
        new_first = old_last + timedelta(days=1)
        closed = closed | frozenset(calendars.closed_days(session, answer.municipality_id, new_first, last))
        hours = hours + tuple(
            calendars.closed_hours(session, answer.municipality_id, new_first, last, answer.zone)
        )
    return replace(
        answer,
        window=window,
        closed=frozenset(d for d in closed if d >= first),
        closed_hours=hours,
        per_clerk_day={
            sid: {d: starts for d, starts in days.items() if d >= first}
            for sid, days in answer.per_clerk_day.items()
        },
        per_day={d: slots for d, slots in answer.per_day.items() if d >= first},
    )


def _changed_clerk_days(
    session: Session, answer: AvailabilityAnswer, cursor: int, first_day: date, last_day: date
) -> tuple[set[int], dict[int, set[date]], bool] | None:
    """Clerks to recompute whole and clerk-days to recompute for the changes up to ``cursor``, and
    whether a staff change (a plan, a qualification) means the plans must be read again.

    None when something else changed (services, holidays) or too much did.
    """
    changes = session.execute(
        select(
            ChangeLog.entity,
            ChangeLog.op,
            ChangeLog.staff_id,
            ChangeLog.previous_staff_id,
            Booking.staff_id,
            Booking.start_at,
            Booking.end_at,
        )
        .outerjoin(
            Booking, and_(ChangeLog.entity == ChangeEntity.BOOKING.value, Booking.id == ChangeLog.entity_id)
        )
        .where(ChangeLog.seq > answer.cursor, ChangeLog.seq <= cursor)
        .limit(CATCH_UP_LIMIT + 1)
    ).all()
    if len(changes) > CATCH_UP_LIMIT:
        return None
    whole: set[int] = set()
    days: dict[int, set[date]] = {}
    staff_changed = False
    for entity, op, staff_id, previous_staff_id, booked_staff, start, end in changes:
        concerned = {sid for sid in (staff_id, previous_staff_id, booked_staff) if sid in answer.plans}
        if entity == ChangeEntity.BOOKING and op == ChangeOp.ANNOTATED:
            continue  # the same clerk at the same time: no slot changes
        if (
            entity == ChangeEntity.BOOKING
            and op in (ChangeOp.CREATED, ChangeOp.CANCELLED)
            and start is not None
        ):
            lo_day, hi_day = _affected_days(start, end, answer.zone)
            for sid in concerned:
                days.setdefault(sid, set()).update(
                    d for d in days_between(lo_day, hi_day) if first_day <= d <= last_day
                )
        elif entity in (ChangeEntity.BOOKING, ChangeEntity.ABSENCE):
            whole |= concerned  # a move in time or to another clerk, or an absence: that clerk's window
        elif entity == ChangeEntity.STAFF:
            staff_changed = True
        else:
            return None
    return whole, days, staff_changed


def caught_up(
    session: Session,
    service: Service,
    mode: str,
    answer: AvailabilityAnswer,
    *,
    cursor: int,
    now: datetime,
) -> AvailabilityAnswer | None:
    """The cached answer brought up to ``cursor`` and ``now``, clerk-day by clerk-day; None: recompute."""
    first_day, last_day = answer.window
    whole: set[int] = set()
    days: dict[int, set[date]] = {}
    plans = answer.plans
    dropped: set[int] = set()
    if answer.cursor != cursor:
        changed = _changed_clerk_days(session, answer, cursor, first_day, last_day)
        if changed is None:
            return None
        whole, days, staff_changed = changed
        if staff_changed:
            # Recompute only the clerks whose plan or qualification changed; drop those who left.
            plans = calendars.qualified_plans(session, service, mode)
            whole |= {sid for sid, plan in plans.items() if plan != answer.plans.get(sid)}
            dropped = set(answer.plans) - set(plans)
    for sid, clerk_holds in answer.holds.items():
        for expires, lo_day, hi_day in clerk_holds:
            if expires <= now:
                days.setdefault(sid, set()).update(
                    days_between(max(lo_day, first_day), min(hi_day, last_day))
                )
    horizon_until = answer.horizon_until
    horizon = now + timedelta(days=answer.rules.horizon_days)
    if horizon - horizon_until >= timedelta(minutes=1):  # a slot may start any minute past the old horizon
        reached = days_between(
            horizon_until.astimezone(answer.zone).date(), horizon.astimezone(answer.zone).date()
        )
        for sid in plans:
            days.setdefault(sid, set()).update(d for d in reached if first_day <= d <= last_day)
        horizon_until = horizon
    if not whole and not dropped and not any(days.values()):
        if cursor == answer.cursor and horizon_until == answer.horizon_until:
            return answer
        return replace(answer, cursor=cursor, horizon_until=horizon_until, plans=plans)
    per_clerk_day = dict(answer.per_clerk_day)
    holds = dict(answer.holds)
    touched_days: set[date] = set()
    for sid in dropped:
        touched_days.update(per_clerk_day.pop(sid, {}))
        holds.pop(sid, None)
    for sid in (whole | days.keys()) & plans.keys():
        if sid in whole:
            lo_day, hi_day = first_day, last_day
        elif days[sid]:
            lo_day, hi_day = min(days[sid]), max(days[sid])
        else:
            continue
        lo, _ = local_day_bounds(lo_day, answer.zone)
        _, hi = local_day_bounds(hi_day, answer.zone)
        [cal], raw_holds = calendars.calendars_with_holds(session, [sid], lo, hi, now=now, plans=plans)
        fresh = clerk_free_starts(
            answer.rules,
            with_closed_hours(cal, answer.closed_hours),
            first_day=lo_day,
            last_day=hi_day,
            now=now,
            zone=answer.zone,
            closed_days=answer.closed,
        )
        clerk_days = {d: s for d, s in per_clerk_day.get(sid, {}).items() if not lo_day <= d <= hi_day}
        clerk_days.update(fresh)
        per_clerk_day[sid] = clerk_days
        # The holds of this clerk in the recomputed days are read again; lapsed ones drop out.
        kept = [h for h in holds.get(sid, []) if h[0] > now and not (lo_day <= h[1] and h[2] <= hi_day)]
        read = _holds_by_clerk(raw_holds, answer.zone)
        holds[sid] = kept + read.get(sid, [])
        touched_days.update(days_between(lo_day, hi_day))
    per_day = dict(answer.per_day)
    for day in touched_days:
        per_day[day] = _merged(per_clerk_day, day, answer.rules)
        if not per_day[day]:
            del per_day[day]
    return replace(
        answer,
        cursor=cursor,
        horizon_until=horizon_until,
        plans=plans,
        per_clerk_day=per_clerk_day,
        per_day=per_day,
        holds=holds,
    )
