"""Writes of working plans: a new version of a clerk's week, one-off extra hours and closures.

Each write locks the clerk (as a booking does), so a booking either commits first and is checked
here, or waits and then sees this write's stamp and reads the new plan. A change that would leave
the clerk's future bookings outside working time is refused with those bookings listed, unless the
caller accepts them: then the plan is saved, the bookings stay exactly as they are (no citizen is
moved or told anything by a plan change) and the answer lists them for the cover plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import calendars, journal, transaction
from service_api.booking.service import BookingService
from service_api.domain.availability import outside_working_time
from service_api.domain.capacity import plan_stamp
from service_api.domain.errors import DomainError, NotFound, RuleViolation, VersionConflict
from service_api.domain.kinds import ChangeEntity, ChangeOp
from service_api.domain.policy import Actor, manages_working_plans
from service_api.domain.timeutil import ensure_utc, local_to_utc
from service_api.domain.working_plan import (
    SINCE_ALWAYS,
    PlanExceptionKind,
    PlanVersion,
    WorkingPeriod,
    WorkingPlan,
    minutes_of,
    overlapping_periods,
    too_short_periods,
)
from service_api.domain.working_plan import PlanException as PlanChange
from service_api.models import Booking, Municipality, PlanException, Service, Staff, StaffQualification
from service_api.models import WorkingPeriod as WorkingPeriodRow
from service_api.models import WorkingPlanVersion as PlanVersionRow

STALE_PLAN = "This clerk's working plan changed meanwhile: look at the figures again."
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# How far ahead a plan change is checked against bookings: beyond every service's horizon.
CHECK_AHEAD = timedelta(days=400)


@dataclass(frozen=True)
class Orphan:
    """A booking a plan change leaves outside the clerk's working time."""

    reference: str
    start: datetime
    end: datetime
    service_id: int
    mode: str
    version: int


class BookingsOutsidePlan(DomainError):
    """409: the change would leave these bookings outside working time; send confirm_orphans to accept."""

    code = "bookings_outside_plan"
    status = 409

    def __init__(self, orphans: Sequence[Orphan]) -> None:
        super().__init__(
            f"{len(orphans)} booking(s) would fall outside this clerk's working time. Cover them "
            "(cover plan) or send confirm_orphans: true to save anyway and keep them as they are.",
            fields={o.reference: f"{o.start.isoformat()} is outside the new working time." for o in orphans},
        )
        self.orphans = list(orphans)


@dataclass(frozen=True)
class PlanSaved:
    """What a plan write did: the saved version's date, warnings, and the bookings accepted outside it."""

    staff_id: int
    effective_from: date | None = None
    warnings: list[str] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    exception_id: int | None = None


def describe(period: WorkingPeriod) -> str:
    """A period as people read it: "Mon 08:00–14:00 (odd weeks)"."""
    weeks = "" if period.weeks == "all" else f" ({period.weeks} weeks)"
    return f"{WEEKDAY_NAMES[period.weekday]} {period.start:%H:%M}–{period.end:%H:%M}{weeks}"


def clerk_for_plans(session: Session, actor: Actor, staff_id: int) -> tuple[Staff, Municipality]:
    """The clerk whose plan ``actor`` manages: 404 when unknown or not theirs to manage."""
    staff = session.get(Staff, staff_id)
    if staff is None or not manages_working_plans(actor, staff.municipality_id):
        raise NotFound("No such staff member.")
    if staff.municipality_id is None:
        raise RuleViolation("This account belongs to no municipality, so it has no working plan.")
    municipality = session.get(Municipality, staff.municipality_id)
    assert municipality is not None
    return staff, municipality


def check_periods(periods: Sequence[WorkingPeriod]) -> None:
    """Refuse (422) overlapping periods, naming both."""
    clashes = overlapping_periods(periods)
    if clashes:
        fields = {
            f"periods.{j}": f"Overlaps period {i} ({describe(periods[i])}): {describe(periods[j])}."
            for i, j in clashes
        }
        names = "; ".join(f"{describe(periods[i])} and {describe(periods[j])}" for i, j in clashes)
        raise RuleViolation(f"Working periods overlap: {names}.", fields=fields)


def _today(session: Session, municipality: Municipality) -> date:
    return journal.service_now(session).astimezone(calendars.zone_of(municipality)).date()


def _orphans(
    session: Session,
    staff: Staff,
    plan: WorkingPlan,
    municipality: Municipality,
    first: date,
    last: date | None,
) -> list[Orphan]:
    """Active bookings of the clerk from now (and ``first``) to before ``last`` outside ``plan``."""
    zone = calendars.zone_of(municipality)
    now = journal.service_now(session)
    start = max(now, local_to_utc(first, time(0), zone))
    end = local_to_utc(last, time(0), zone) if last is not None else now + CHECK_AHEAD
    rows = list(
        session.scalars(
            select(Booking)
            .where(
                Booking.staff_id == staff.id,
                Booking.start_at >= start,
                Booking.start_at < end,
                Booking.status.in_(calendars.ACTIVE),
            )
            .order_by(Booking.start_at)
        )
    )
    spans = [(ensure_utc(b.start_at), ensure_utc(b.end_at)) for b in rows]
    return [
        Orphan(rows[i].reference, spans[i][0], spans[i][1], rows[i].service_id, rows[i].mode, rows[i].version)
        for i in outside_working_time(plan, spans, zone)
    ]


def _short_period_warnings(session: Session, staff: Staff, periods: Sequence[WorkingPeriod]) -> list[str]:
    durations = list(
        session.scalars(
            select(Service.duration_minutes)
            .join(StaffQualification, StaffQualification.service_id == Service.id)
            .where(StaffQualification.staff_id == staff.id, Service.active.is_(True))
        )
    )
    shortest = min(durations, default=0)
    return [
        f"Period {i} ({describe(periods[i])}) lasts {minutes_of(periods[i])} minutes, shorter than "
        f"every service this clerk serves (the shortest takes {shortest}): nothing can be booked in it."
        for i in too_short_periods(periods, durations)
    ]


def _refuse_or_accept(orphans: list[Orphan], confirm_orphans: bool) -> None:
    if orphans and not confirm_orphans:
        raise BookingsOutsidePlan(orphans)


def _staff_changed(session: Session, staff: Staff) -> None:
    # The plan decides availability: the change log tells every process to read it again.
    journal.record_change(
        session,
        entity=ChangeEntity.STAFF,
        entity_id=staff.id,
        op=ChangeOp.UPDATED,
        municipality_id=staff.municipality_id,
        staff_id=staff.id,
    )


def write_version(
    session: Session,
    staff: Staff,
    effective_from: date,
    periods: Sequence[WorkingPeriod],
    created_by: int | None,
) -> None:
    """Replace the version of ``staff`` that starts on ``effective_from`` (later versions stay)."""
    old = session.scalar(
        select(PlanVersionRow).where(
            PlanVersionRow.staff_id == staff.id, PlanVersionRow.effective_from == effective_from
        )
    )
    if old is not None:
        session.delete(old)
        session.flush()
    version = PlanVersionRow(staff_id=staff.id, effective_from=effective_from, created_by=created_by)
    version.periods = [
        WorkingPeriodRow(staff_id=staff.id, weekday=p.weekday, start=p.start, end=p.end, weeks=p.weeks)
        for p in periods
    ]
    session.add(version)
    session.flush()


def replace_whole_plan(session: Session, staff: Staff, periods: Sequence[WorkingPeriod]) -> None:
    """The plan as ``create-staff`` and the demo set it: one version, in force since always."""
    for version in session.scalars(select(PlanVersionRow).where(PlanVersionRow.staff_id == staff.id)):
        session.delete(version)
    session.flush()
    write_version(session, staff, SINCE_ALWAYS, periods, None)


def put_working_plan(
    service: BookingService,
    actor: Actor,
    *,
    staff_id: int,
    effective_from: date,
    periods: Sequence[WorkingPeriod],
    confirm_orphans: bool = False,
    expected_stamp: str | None = None,
) -> PlanSaved:
    """Save the clerk's weekly plan from ``effective_from`` (a later version, if any, still takes over).

    ``expected_stamp`` (a capacity suggestion's ``capacity.plan_stamp``): refuse with 409 when the plan
    from that day on is no longer the one the caller built ``periods`` from.
    """
    check_periods(periods)
    with service.transaction() as session:
        staff, municipality = clerk_for_plans(session, actor, staff_id)
        if effective_from < _today(session, municipality):
            raise RuleViolation(
                "A plan cannot change the past: choose today or a later date.",
                fields={"effective_from": "Today or later."},
            )
        transaction.lock_staff(session, staff_ids=[staff.id])
        current = calendars.working_plans(session, [staff.id])[staff.id]
        if expected_stamp is not None and plan_stamp(current, effective_from) != expected_stamp:
            raise VersionConflict(STALE_PLAN)
        later = [v for v in current.versions if v.effective_from > effective_from]
        new_plan = WorkingPlan(
            (
                *(v for v in current.versions if v.effective_from < effective_from),
                PlanVersion(effective_from, tuple(periods)),
                *later,
            ),
            current.exceptions,
        )
        until = later[0].effective_from if later else None
        orphans = _orphans(session, staff, new_plan, municipality, effective_from, until)
        _refuse_or_accept(orphans, confirm_orphans)
        warnings = _short_period_warnings(session, staff, periods)
        write_version(session, staff, effective_from, periods, actor.id)
        journal.audit(
            session,
            actor,
            "working_plan_saved",
            None,
            staff_id=staff.id,
            effective_from=effective_from.isoformat(),
            periods=[describe(p) for p in periods],
            accepted_outside=[o.reference for o in orphans],
        )
        _staff_changed(session, staff)
        return PlanSaved(staff.id, effective_from, warnings, orphans)


def delete_plan_version(
    service: BookingService,
    actor: Actor,
    *,
    staff_id: int,
    effective_from: date,
    confirm_orphans: bool = False,
) -> PlanSaved:
    """Delete a version that has not started yet: the version before it simply goes on.

    The plan in force (and any past one) is history that bookings were made against, so it is
    only ever replaced by a new version, never deleted. Going back to the previous version may
    leave bookings outside working time: refused with them listed unless ``confirm_orphans``.
    """
    with service.transaction() as session:
        staff, municipality = clerk_for_plans(session, actor, staff_id)
        if effective_from <= _today(session, municipality):
            raise RuleViolation(
                "Only a later version (from tomorrow on) can be deleted; the plan in force can only be "
                "replaced by a new version.",
                fields={"effective_from": "A version that starts after today."},
            )
        transaction.lock_staff(session, staff_ids=[staff.id])
        row = session.scalar(
            select(PlanVersionRow).where(
                PlanVersionRow.staff_id == staff.id, PlanVersionRow.effective_from == effective_from
            )
        )
        if row is None:
            raise NotFound("This clerk has no plan version starting on that date.")
        current = calendars.working_plans(session, [staff.id])[staff.id]
        without = WorkingPlan(
            tuple(v for v in current.versions if v.effective_from != effective_from), current.exceptions
        )
        later = [v for v in without.versions if v.effective_from > effective_from]
        until = later[0].effective_from if later else None
        orphans = _orphans(session, staff, without, municipality, effective_from, until)
        _refuse_or_accept(orphans, confirm_orphans)
        session.delete(row)
        session.flush()
        journal.audit(
            session,
            actor,
            "working_plan_version_deleted",
            None,
            staff_id=staff.id,
            effective_from=effective_from.isoformat(),
            accepted_outside=[o.reference for o in orphans],
        )
        _staff_changed(session, staff)
        return PlanSaved(staff.id, effective_from, [], orphans)


def add_plan_exception(
    service: BookingService,
    actor: Actor,
    *,
    staff_id: int,
    day: date,
    kind: PlanExceptionKind,
    start: time | None,
    end: time | None,
    note: str = "",
    confirm_orphans: bool = False,
) -> PlanSaved:
    """Record one-off extra hours or a closure of a clerk's day (whole day when no times are given)."""
    if (start is None) != (end is None):
        raise RuleViolation(
            "Give both a start and an end, or neither.", fields={"end": "Needed with a start."}
        )
    if kind == PlanExceptionKind.EXTRA and start is None:
        raise RuleViolation(
            "Extra hours need a start and an end.", fields={"start": "Required for extra hours."}
        )
    if start is not None and end is not None and end <= start:
        raise RuleViolation("The end must be after the start.", fields={"end": "After the start."})
    with service.transaction() as session:
        staff, municipality = clerk_for_plans(session, actor, staff_id)
        if day < _today(session, municipality):
            raise RuleViolation("A one-off change cannot be in the past.", fields={"day": "Today or later."})
        transaction.lock_staff(session, staff_ids=[staff.id])
        orphans: list[Orphan] = []
        if kind == PlanExceptionKind.CLOSED:
            current = calendars.working_plans(session, [staff.id])[staff.id]
            closed = WorkingPlan(current.versions, (*current.exceptions, PlanChange(day, kind, start, end)))
            orphans = _orphans(session, staff, closed, municipality, day, day + timedelta(days=1))
            _refuse_or_accept(orphans, confirm_orphans)
        row = PlanException(
            staff_id=staff.id,
            day=day,
            kind=kind.value,
            start=start,
            end=end,
            note=note[:200],
            created_by=actor.id,
        )
        session.add(row)
        session.flush()
        journal.audit(
            session,
            actor,
            "plan_exception_added",
            None,
            staff_id=staff.id,
            exception_id=row.id,
            day=day.isoformat(),
            kind=kind.value,
            accepted_outside=[o.reference for o in orphans],
        )
        _staff_changed(session, staff)
        return PlanSaved(staff.id, warnings=[], orphans=orphans, exception_id=row.id)


def remove_plan_exception(
    service: BookingService, actor: Actor, exception_id: int, *, confirm_orphans: bool = False
) -> PlanSaved:
    """Delete a one-off change; taking away extra hours that hold bookings needs confirm_orphans."""
    with service.transaction() as session:
        row = session.get(PlanException, exception_id)
        if row is None:
            raise NotFound("No such plan exception.")
        staff, municipality = clerk_for_plans(session, actor, row.staff_id)
        transaction.lock_staff(session, staff_ids=[staff.id])
        orphans: list[Orphan] = []
        if row.kind == PlanExceptionKind.EXTRA:
            current = calendars.working_plans(session, [staff.id])[staff.id]
            without = WorkingPlan(
                current.versions,
                tuple(
                    e
                    for e in current.exceptions
                    if not (
                        e.day == row.day and e.kind == row.kind and e.start == row.start and e.end == row.end
                    )
                ),
            )
            orphans = _orphans(session, staff, without, municipality, row.day, row.day + timedelta(days=1))
            _refuse_or_accept(orphans, confirm_orphans)
        day = row.day
        session.delete(row)
        journal.audit(
            session,
            actor,
            "plan_exception_removed",
            None,
            staff_id=staff.id,
            exception_id=exception_id,
            day=day.isoformat(),
            accepted_outside=[o.reference for o in orphans],
        )
        _staff_changed(session, staff)
        return PlanSaved(staff.id, orphans=orphans)
