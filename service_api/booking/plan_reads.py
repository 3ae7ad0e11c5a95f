"""Reads of working plans for the API: the version in force and later ones, one-off days ahead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import calendars
from service_api.domain.errors import NotFound
from service_api.domain.policy import Actor, reads_working_plan
from service_api.domain.working_plan import PlanVersion, WorkingPeriod, in_week
from service_api.models import Municipality, PlanException, Staff


@dataclass(frozen=True)
class PlanView:
    """A clerk's plan as a supervisor edits it: today's version and those already scheduled after it."""

    staff: Staff
    time_zone: str
    today: date
    current: PlanVersion | None
    later: list[PlanVersion]


def readable_clerk(session: Session, actor: Actor, staff_id: int) -> tuple[Staff, Municipality | None]:
    """The clerk whose plan ``actor`` may read: their own, or one they manage; else 404."""
    staff = session.get(Staff, staff_id)
    if staff is None or not reads_working_plan(
        actor, staff_id=staff.id, municipality_id=staff.municipality_id
    ):
        raise NotFound("No such staff member.")
    municipality = session.get(Municipality, staff.municipality_id) if staff.municipality_id else None
    return staff, municipality


def _today(municipality: Municipality | None, now: datetime) -> date:
    """The municipality's local date (UTC's for an account of no municipality)."""
    return now.astimezone(calendars.zone_of(municipality) if municipality is not None else UTC).date()


def plan_view(session: Session, actor: Actor, staff_id: int, *, now: datetime) -> PlanView:
    staff, municipality = readable_clerk(session, actor, staff_id)
    day = _today(municipality, now)
    plan = calendars.working_plans(session, [staff.id])[staff.id]
    return PlanView(
        staff=staff,
        time_zone=municipality.timezone if municipality is not None else "",
        today=day,
        current=plan.version_on(day),
        later=plan.later_versions(day),
    )


def plan_exceptions(
    session: Session, actor: Actor, staff_id: int, *, now: datetime, first: date | None = None
) -> list[PlanException]:
    """One-off days of a clerk from ``first`` (default: today) on, in date order."""
    staff, municipality = readable_clerk(session, actor, staff_id)
    since = first if first is not None else _today(municipality, now)
    return list(
        session.scalars(
            select(PlanException)
            .where(PlanException.staff_id == staff.id, PlanException.day >= since)
            .order_by(PlanException.day, PlanException.start, PlanException.id)
        )
    )


def weekly_periods_in_force(session: Session, staff_id: int, day: date) -> list[WorkingPeriod]:
    """The weekly periods of the version in force on ``day`` that apply in that day's ISO week."""
    plan = calendars.working_plans(session, [staff_id])[staff_id]
    version = plan.version_on(day)
    if version is None:
        return []
    # Every day of an ISO week shares its parity.
    return sorted((p for p in version.periods if in_week(p.weeks, day)), key=lambda p: (p.weekday, p.start))
