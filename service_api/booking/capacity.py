"""Demand-led capacity (issue 18): the figures per service and mode, and applying a suggestion.

The figures come from the tables the rest of the service already keeps (bookings, the waitlist,
the working plans) plus the day counts of searches that found nothing; the lead time comes from the
availability cache, the same answer a citizen sees. A suggestion is applied through the one guarded
working-plan write (``working_plans.put_working_plan``), so its checks, audit and change log are
those of any plan change, and it is refused (409) when the clerk's plan changed since it was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service_api.booking import calendars, search_misses, working_plans
from service_api.booking.availability_cache import AvailabilityCache
from service_api.booking.service import BookingService
from service_api.booking.working_plans import PlanSaved
from service_api.domain import capacity
from service_api.domain.errors import NotFound, RuleViolation, VersionConflict
from service_api.domain.kinds import AbsenceStatus
from service_api.domain.policy import Actor, supervises
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import ensure_utc
from service_api.domain.waitlist import OPEN_STATUSES
from service_api.domain.working_plan import WorkingPeriod, WorkingPlan
from service_api.models import Absence, Booking, Municipality, Service, Staff, WaitlistEntry


@dataclass(frozen=True)
class CapacityView:
    """What the supervisor's capacity view shows: figures per service and mode, and the suggestions."""

    municipality_id: int
    today: date
    effective_from: date
    figures: list[capacity.Figures]
    suggestions: list[capacity.Suggestion]


def municipality_for(session: Session, actor: Actor, municipality_id: int | None) -> Municipality:
    """The municipality whose capacity ``actor`` reads: their own by default; another's is 404."""
    wanted = municipality_id if municipality_id is not None else actor.municipality_id
    if wanted is None:
        raise RuleViolation(
            "Name the municipality: municipality_id.", fields={"municipality_id": "A municipality's id."}
        )
    municipality = session.get(Municipality, wanted)
    if municipality is None or not supervises(actor, municipality.id):
        raise NotFound("No such municipality.")
    return municipality


def _counts(session: Session, query: Any) -> dict[tuple[int, str], int]:
    return {(sid, mode): int(n or 0) for sid, mode, n in session.execute(query).all()}


def _demand(
    session: Session, municipality_id: int, now: datetime
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], int]]:
    """Bookings made in the last weeks (holds not yet confirmed are not demand met) and those waiting."""
    since = now - timedelta(weeks=capacity.DEMAND_WEEKS)
    made = _counts(
        session,
        select(Booking.service_id, Booking.mode, func.count(Booking.id))
        .where(
            Booking.municipality_id == municipality_id,
            Booking.created_at >= since,
            Booking.status != Status.HELD.value,
        )
        .group_by(Booking.service_id, Booking.mode),
    )
    waiting = _counts(
        session,
        select(WaitlistEntry.service_id, WaitlistEntry.mode, func.count(WaitlistEntry.id))
        .where(
            WaitlistEntry.municipality_id == municipality_id,
            WaitlistEntry.status.in_([s.value for s in OPEN_STATUSES]),
        )
        .group_by(WaitlistEntry.service_id, WaitlistEntry.mode),
    )
    return made, waiting


def _booked_hours(session: Session, municipality_id: int, now: datetime) -> dict[tuple[int, str], float]:
    until = now + timedelta(weeks=capacity.SUPPLY_WEEKS)
    rows = session.execute(
        select(Booking.service_id, Booking.mode, Booking.start_at, Booking.end_at).where(
            Booking.municipality_id == municipality_id,
            Booking.start_at >= now,
            Booking.start_at < until,
            Booking.status.in_(calendars.ACTIVE),
        )
    ).all()
    hours: dict[tuple[int, str], float] = {}
    for sid, mode, start, end in rows:
        hours[(sid, mode)] = hours.get((sid, mode), 0.0) + (
            (ensure_utc(end) - ensure_utc(start)).total_seconds() / 3600
        )
    return hours


def _no_show_rates(session: Session, municipality_id: int, now: datetime) -> dict[tuple[int, str], float]:
    since = now - timedelta(weeks=capacity.NO_SHOW_WEEKS)
    rows = session.execute(
        select(Booking.service_id, Booking.mode, Booking.status, func.count(Booking.id))
        .where(
            Booking.municipality_id == municipality_id,
            Booking.start_at >= since,
            Booking.start_at < now,
            Booking.status.in_([Status.COMPLETED.value, Status.NO_SHOW.value]),
        )
        .group_by(Booking.service_id, Booking.mode, Booking.status)
    ).all()
    served: dict[tuple[int, str], list[int]] = {}
    for sid, mode, status, n in rows:
        pair = served.setdefault((sid, mode), [0, 0])
        pair[status == Status.NO_SHOW.value] += int(n)
    return {key: round(missed / (kept + missed), 4) for key, (kept, missed) in served.items()}


def view(
    session: Session,
    actor: Actor,
    *,
    municipality_id: int | None,
    now: datetime,
    availability: AvailabilityCache,
) -> CapacityView:
    """The figures and suggestions of one municipality, as its supervisor (or an admin) reads them."""
    municipality = municipality_for(session, actor, municipality_id)
    zone = calendars.zone_of(municipality)
    today = now.astimezone(zone).date()
    effective_from = today + timedelta(days=1)
    services = list(
        session.scalars(
            select(Service)
            .where(Service.municipality_id == municipality.id, Service.active.is_(True))
            .order_by(Service.position, Service.id)
        )
    )
    made, waiting = _demand(session, municipality.id, now)
    misses = search_misses.misses_since(
        session, municipality_id=municipality.id, since=(now - timedelta(weeks=capacity.DEMAND_WEEKS)).date()
    )
    booked = _booked_hours(session, municipality.id, now)
    no_shows = _no_show_rates(session, municipality.id, now)
    names = dict(
        session.execute(
            select(Staff.id, Staff.display_name).where(Staff.municipality_id == municipality.id)
        ).all()
    )
    # Supply is what clerks can really serve: less absences, holidays and the municipality's closures.
    away = _away(session, municipality.id, now)
    last = today + timedelta(weeks=capacity.SUPPLY_WEEKS)
    closed_days = calendars.closed_days(session, municipality.id, today, last)
    closed_hours = [
        (i.start, i.end) for i in calendars.closed_hours(session, municipality.id, today, last, zone)
    ]
    every_period: list[WorkingPeriod] = []
    figures: list[capacity.Figures] = []
    for service in services:
        for mode in [m.value for m in Mode if m.value in service.modes]:
            ids = calendars.qualified_staff_ids(session, service, mode)
            plans = calendars.working_plans(session, ids) if ids else {}
            clerks = tuple(
                _clerk(
                    sid,
                    names.get(sid, ""),
                    plans.get(sid, WorkingPlan()),
                    effective_from,
                    zone,
                    away.get(sid, []),
                )
                for sid in ids
            )
            every_period.extend(p for c in clerks for p in c.periods)
            key = (service.id, mode)
            figures.append(
                capacity.Figures(
                    service_id=service.id,
                    name_el=service.name_el,
                    name_en=service.name_en,
                    mode=mode,
                    duration_minutes=service.duration_minutes,
                    bookings=made.get(key, 0),
                    waiting=waiting.get(key, 0),
                    misses=misses.get(key, 0),
                    supply_hours=round(
                        sum(
                            capacity.planned_hours(
                                plans.get(sid, WorkingPlan()),
                                today,
                                7 * capacity.SUPPLY_WEEKS,
                                zone=zone,
                                away=[*away.get(sid, []), *closed_hours],
                                closed=closed_days,
                            )
                            for sid in ids
                        ),
                        2,
                    ),
                    booked_hours=round(booked.get(key, 0.0), 2),
                    no_show_rate=no_shows.get(key),
                    lead_days=_first_free_in_days(availability, session, service, mode, today, now, zone),
                    clerks=clerks,
                )
            )
    office = capacity.office_hours(every_period)
    return CapacityView(
        municipality_id=municipality.id,
        today=today,
        effective_from=effective_from,
        figures=figures,
        suggestions=capacity.suggestions(figures, office=office, effective_from=effective_from),
    )


def _away(
    session: Session, municipality_id: int, now: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Approved absences of the municipality's clerks over the supply weeks."""
    until = now + timedelta(weeks=capacity.SUPPLY_WEEKS, days=2)
    rows = session.execute(
        select(Absence.staff_id, Absence.start_at, Absence.end_at)
        .join(Staff, Staff.id == Absence.staff_id)
        .where(
            Staff.municipality_id == municipality_id,
            Absence.status == AbsenceStatus.APPROVED.value,
            Absence.end_at > now - timedelta(days=2),
            Absence.start_at < until,
        )
    ).all()
    found: dict[int, list[tuple[datetime, datetime]]] = {}
    for sid, start, end in rows:
        found.setdefault(sid, []).append((ensure_utc(start), ensure_utc(end)))
    return found


def _first_free_in_days(
    availability: AvailabilityCache,
    session: Session,
    service: Service,
    mode: str,
    today: date,
    now: datetime,
    zone: ZoneInfo,
) -> int | None:
    """Days to the first free slot, from the same cached answer a citizen's search reads."""
    slots = availability.slots(
        session, service, mode, today, today + timedelta(days=service.horizon_days), now=now
    )
    first = min((s.start for s in slots), default=None)
    return capacity.lead_days(first.astimezone(zone).date() if first is not None else None, today)


def _clerk(
    staff_id: int,
    name: str,
    plan: WorkingPlan,
    day: date,
    zone: ZoneInfo,
    away: Sequence[tuple[datetime, datetime]],
) -> capacity.Clerk:
    version = plan.version_on(day)
    periods = tuple(p for p in version.periods) if version is not None else ()
    return capacity.Clerk(
        staff_id,
        name,
        periods,
        capacity.plan_stamp(plan, day),
        capacity.away_weekdays(day, zone, away),
    )


def apply_suggestion(
    service: BookingService,
    actor: Actor,
    *,
    staff_id: int,
    weekday: int,
    start: time,
    end: time,
    effective_from: date,
    plan_stamp: str,
) -> PlanSaved:
    """Add the suggested weekly period to the clerk's plan from ``effective_from``: a new version.

    The periods kept are those of the version in force that day; the guarded write checks, under the
    clerk's lock, that the plan is still the one the suggestion was made from (else 409).
    """
    with service.store.read() as session:
        working_plans.clerk_for_plans(session, actor, staff_id)  # 404 before anything is told
        plan = calendars.working_plans(session, [staff_id]).get(staff_id, WorkingPlan())
    if capacity.plan_stamp(plan, effective_from) != plan_stamp:
        # Seen already here, before the periods built from it are checked (and found overlapping).
        raise VersionConflict(working_plans.STALE_PLAN)
    version = plan.version_on(effective_from)
    kept: Sequence[WorkingPeriod] = version.periods if version is not None else ()
    return working_plans.put_working_plan(
        service,
        actor,
        staff_id=staff_id,
        effective_from=effective_from,
        periods=[*kept, WorkingPeriod(weekday, start, end)],
        expected_stamp=plan_stamp,
    )
