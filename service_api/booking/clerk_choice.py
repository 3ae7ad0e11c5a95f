"""Choosing and locking the clerk who takes a booking: the one preferred if free, else the least loaded.

The choice is re-checked once the clerk is locked. Used by every write that places a booking
(create, hold, reschedule, reassign) inside its transaction; the lock is held until it ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from service_api.booking import calendars, transaction
from service_api.booking.catalogue_cache import ServiceFacts
from service_api.domain import front_desk
from service_api.domain.assignment import by_load
from service_api.domain.availability import SlotProblem, free_staff_at, why_not_offered
from service_api.domain.errors import NothingFreeNow, SlotUnavailable, TimeNotOffered
from service_api.domain.timeutil import local_day_bounds
from service_api.domain.working_plan import WorkingPlan
from service_api.models import Staff

MAX_ASSIGN_ATTEMPTS = 5

# PostgreSQL only: the first clerk of a ranked list whose row no other transaction has locked.
_RANKED: Any = bindparam("ranked", type_=ARRAY(Integer))
_FIRST_UNLOCKED = (
    select(Staff.id)
    .where(Staff.id == any_(_RANKED))
    .order_by(func.array_position(_RANKED, Staff.id))
    .limit(1)
    .with_for_update(skip_locked=True)
)


def pick_clerk(
    session: Session,
    *,
    facts: ServiceFacts,
    plans: Mapping[int, WorkingPlan],
    start: datetime,
    now: datetime,
    stamp: int | None = None,
    prefer: int | None = None,
    exclude_booking_id: int | None = None,
    enforce_lead_time: bool = True,
) -> int:
    """Lock and return a free clerk of ``plans`` for ``start``: ``prefer`` if free, else the least loaded.

    ``plans`` are as of the catalogue ``stamp``: under the lock the chosen clerk's plan is read
    again if a staff change committed since.

    Reads only the clerks' time around ``start`` (see ``calendars.MAX_BUFFER``), so the cost
    stays flat however full their diaries are.
    """
    zone, rules_ = facts.zone, facts.rules
    end = start + timedelta(minutes=rules_.duration_minutes)
    local_day = start.astimezone(zone).date()
    if facts.closed_at(start, end):
        raise SlotUnavailable("The municipality is closed at that time.")
    if not plans:
        raise SlotUnavailable("No clerk serves this service in this mode.")
    tried: set[int] = set()
    for _ in range(MAX_ASSIGN_ATTEMPTS):
        cals, load = calendars.calendars_around(
            session,
            {sid: plan for sid, plan in plans.items() if sid not in tried},
            start,
            end,
            now=now,
            load_window=local_day_bounds(local_day, zone),
            exclude_booking_id=exclude_booking_id,
        )
        free = free_staff_at(
            rules_,
            cals,
            start=start,
            zone=zone,
            now=now if enforce_lead_time else None,
        )
        if not free:
            if not tried and enforce_lead_time:
                refuse_if_never_offered(facts, plans, start=start, now=now)
            break
        if prefer in free:
            # Keep the booking with its clerk: wait for them rather than skip to another.
            transaction.lock_staff(session, staff_ids=[prefer])
            chosen = prefer
        else:
            chosen = _lock_first_available(session, by_load(free, load))
        # Re-read under the lock: another transaction may have booked this clerk meanwhile.
        fresh, lapsed = calendars.clerk_calendar(
            session,
            chosen,
            start,
            end,
            now=now,
            exclude_booking_id=exclude_booking_id,
            plan=plans[chosen],
            stamp=stamp,
        )
        # A lapsing hold in the way may have been confirmed just now: then the clerk is taken.
        if free_staff_at(rules_, [fresh], start=start, zone=zone) and transaction.expire_lapsed_holds(
            session, staff_ids=[chosen], now=now, only=lapsed
        ) == set(lapsed):
            return chosen
        tried.add(chosen)
    raise SlotUnavailable("This time is no longer available. Please choose another.")


def pick_walk_in(
    session: Session,
    *,
    facts: ServiceFacts,
    plans: Mapping[int, WorkingPlan],
    now: datetime,
    stamp: int | None = None,
    prefer: int | None = None,
) -> tuple[int, datetime]:
    """Lock a clerk free "now" for a walk-in (``front_desk.walk_in_window``) and return them and the start.

    The earliest such start wins, ``prefer`` among its clerks when free. Nothing free now is
    ``NothingFreeNow`` with the first free start later today, if there is one.
    """
    if not plans:
        raise SlotUnavailable("No clerk serves this service in this mode.")
    zone, rules_ = facts.zone, facts.rules
    earliest, _latest = front_desk.walk_in_window(rules_, now)
    day_end = local_day_bounds(now.astimezone(zone).date(), zone)[1]
    cals, _load = calendars.calendars_around(
        session, plans, earliest, day_end, now=now, load_window=(earliest, day_end)
    )
    duration = timedelta(minutes=rules_.duration_minutes)
    slots = [
        s
        for s in front_desk.walk_in_slots(rules_, cals, now=now, zone=zone)
        if not facts.closed_at(s.start, s.start + duration)
    ]
    current, later = front_desk.split_now(slots, rules=rules_, now=now)
    for slot in current:
        try:
            chosen = pick_clerk(
                session,
                facts=facts,
                plans=plans,
                start=slot.start,
                now=now,
                stamp=stamp,
                prefer=prefer,
                enforce_lead_time=False,
            )
        except SlotUnavailable:
            continue  # taken meanwhile: the next start that is still "now"
        return chosen, slot.start
    raise NothingFreeNow(
        "No clerk is free for this service now.", next_free=later.start if later is not None else None
    )


# How the booking path words a start that was never on offer (the web form words it itself).
NOT_OFFERED_MESSAGES = {
    SlotProblem.PASSED: "This time has already passed. Please choose another.",
    SlotProblem.TOO_SOON: "This time is too soon: book at least {lead} minutes ahead.",
    SlotProblem.BEYOND_HORIZON: "Bookings open {days} days ahead. Please choose an earlier date.",
    SlotProblem.OFF_GRID: "No appointment starts at this time. Please choose one of the times offered.",
}


def refuse_if_never_offered(
    facts: ServiceFacts, plans: Mapping[int, WorkingPlan], *, start: datetime, now: datetime
) -> None:
    """A start no clerk could take because it is never offered gets its own reason (422), not "taken"."""
    problem = why_not_offered(facts.rules, plans.values(), start=start, zone=facts.zone, now=now)
    if problem is not None:
        message = NOT_OFFERED_MESSAGES[problem].format(
            lead=facts.rules.lead_time_minutes, days=facts.rules.horizon_days
        )
        raise TimeNotOffered(message, problem=problem.value)


def _lock_first_available(session: Session, ranked: list[int]) -> int:
    """Lock the first clerk of ``ranked`` no other transaction holds, else wait for the first.

    Concurrent bookings would otherwise all pick the same least-loaded clerk and queue on one
    row lock; ``SKIP LOCKED`` lets each take the next free clerk in load order instead.
    """
    if len(ranked) == 1 or not transaction.is_postgres(session):
        transaction.lock_staff(session, staff_ids=ranked[:1])
        return ranked[0]
    taken = session.connection().scalar(_FIRST_UNLOCKED, {"ranked": ranked})
    if taken is not None:
        return int(taken)
    transaction.lock_staff(session, staff_ids=ranked[:1])
    return ranked[0]
