"""Demo data for «Διαχείριση»: what a real office has on any given day, made through the guarded writes.

A later plan version (part-time from next month), alternating Thursday evenings, a Saturday session,
approved leave and a pending training request, and a one-off closure of the office's afternoon, so
every tab of the administration window shows something the first time it opens.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from service_api.booking import absences, catalogue_admin, working_plans
from service_api.booking.service import BookingService
from service_api.domain.closures import ClosureKind
from service_api.domain.kinds import AbsenceKind
from service_api.domain.policy import Actor
from service_api.domain.timeutil import ATHENS
from service_api.domain.working_plan import PlanExceptionKind, WeekParity, WorkingPeriod
from service_api.models import Absence, Staff

MARKER = "demo"  # the reason on the demo's absences: their presence means this ran already


def _monday_after(day: date, weeks: int = 1) -> date:
    return day + timedelta(days=7 * weeks - day.weekday())


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ATHENS)


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def make_office_examples(service: BookingService) -> bool:
    """Once per database; False when the examples are already there (the demo runs again)."""
    with service.store.read() as session:
        ids = {s.username: (s.id, s.role, s.municipality_id) for s in session.scalars(select(Staff))}
        if session.scalar(select(Absence.id).where(Absence.reason.like(f"{MARKER}:%")).limit(1)):
            return False
    admin = Actor.staff(ids["admin"][0], ids["admin"][1])
    today = service.clock().astimezone(ATHENS).date()

    # Sofia goes part-time (Mon–Wed) from the first Monday of next month: nothing changes before.
    part_time_from = _monday_after(_first_of_next_month(today) - timedelta(days=1), 1)
    working_plans.put_working_plan(
        service,
        admin,
        staff_id=ids["sofia.ioannou"][0],
        effective_from=part_time_from,
        periods=[WorkingPeriod(d, time(8), time(14)) for d in range(3)],
        confirm_orphans=True,  # the demo's bookings after that date stay; the supervisor covers them
    )
    # Giorgos: a break at 11:00 and the Thursday evening every other week, from next Monday.
    working_plans.put_working_plan(
        service,
        admin,
        staff_id=ids["giorgos.nikolaou"][0],
        effective_from=_monday_after(today),
        periods=[
            *(WorkingPeriod(d, time(8), time(11)) for d in range(5)),
            *(WorkingPeriod(d, time(11, 30), time(14)) for d in range(5)),
            WorkingPeriod(3, time(17), time(19), WeekParity.ODD),
        ],
        confirm_orphans=True,
    )
    saturday = _monday_after(today) + timedelta(days=5)
    working_plans.add_plan_exception(
        service,
        admin,
        staff_id=ids["giorgos.nikolaou"][0],
        day=saturday,
        kind=PlanExceptionKind.EXTRA,
        start=time(9),
        end=time(13),
        note="Σάββατο ανοιχτής εξυπηρέτησης",
    )
    # Kostas is on leave Monday and Tuesday of the week after next; Maria asks for a training day.
    leave = _monday_after(today, 2)
    absences.record_absence(
        service,
        admin,
        staff_id=ids["kostas.dimitriou"][0],
        start=_at(leave, 0),
        end=_at(leave + timedelta(days=2), 0),
        kind=AbsenceKind.LEAVE.value,
        reason=f"{MARKER}: κανονική άδεια",
    )
    maria_id, maria_role, maria_home = ids["maria.papadopoulou"]
    absences.request_absence(
        service,
        Actor.staff(maria_id, maria_role, maria_home),
        start=_at(leave + timedelta(days=3), 8),
        end=_at(leave + timedelta(days=3), 14),
        kind=AbsenceKind.TRAINING.value,
        reason=f"{MARKER}: σεμινάριο ΚΕΔΕ",
    )
    # The office closes at noon on the Friday of the week after next for staff training.
    catalogue_admin.add_closure(
        service,
        admin,
        "larissa",
        kind=ClosureKind.ONCE,
        fields={
            "date": leave + timedelta(days=4),
            "start": time(12),
            "end": time(14),
            "name_el": "Εκπαίδευση προσωπικού",
            "name_en": "Staff training",
        },
    )
    return True
