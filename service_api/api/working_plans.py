"""Working plans: a clerk's weekly plan (versions from a date) and one-off extra hours or closures.

Supervisors of the clerk's municipality and admins write; a clerk reads their own. A change that
would leave bookings outside working time answers 409 with those bookings; the desktop offers the
cover plan (``POST /staff/{id}/cover-plan``) and then saves with ``confirm_orphans`` for any left.
"""

from __future__ import annotations

from typing import Any

from flask import request

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, path_date, query_date, staff_required
from service_api.api.schemas import PlanExceptionIn, WorkingPlanIn
from service_api.api.serialize import iso
from service_api.booking import plan_reads, working_plans
from service_api.booking.working_plans import BookingsOutsidePlan, Orphan, PlanSaved
from service_api.domain.policy import SUPERVISING_ROLES, Actor
from service_api.domain.working_plan import PlanExceptionKind, PlanVersion, WeekParity, WorkingPeriod
from service_api.models import PlanException
from service_api.runtime import runtime


def _hhmm(value: Any) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _version_json(version: PlanVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "effective_from": version.effective_from.isoformat(),
        "periods": [
            {"weekday": p.weekday, "start": _hhmm(p.start), "end": _hhmm(p.end), "weeks": p.weeks}
            for p in sorted(version.periods, key=lambda p: (p.weekday, p.start))
        ],
    }


def _orphan_json(orphan: Orphan) -> dict[str, Any]:
    return {
        "reference": orphan.reference,
        "version": orphan.version,
        "start": iso(orphan.start),
        "end": iso(orphan.end),
        "service_id": orphan.service_id,
        "mode": orphan.mode,
    }


def _exception_json(row: PlanException) -> dict[str, Any]:
    return {
        "id": row.id,
        "staff_id": row.staff_id,
        "day": row.day.isoformat(),
        "kind": row.kind,
        "start": _hhmm(row.start),
        "end": _hhmm(row.end),
        "whole_day": row.start is None,
        "note": row.note,
    }


def _saved_json(saved: PlanSaved) -> dict[str, Any]:
    return {
        "warnings": saved.warnings,
        # Accepted with confirm_orphans: still the clerk's, outside the plan; cover them next.
        "bookings_outside_plan": [_orphan_json(o) for o in saved.orphans],
    }


def _refusal(exc: BookingsOutsidePlan) -> tuple[dict[str, Any], int]:
    """409 with the bookings a desktop lists and hands to the cover plan."""
    return {
        "error": exc.code,
        "message": exc.message,
        "fields": exc.fields,
        "bookings": [_orphan_json(o) for o in exc.orphans],
    }, exc.status


def _confirmed() -> bool:
    """``?confirm_orphans=true``: the caller has seen the bookings a change leaves outside the plan."""
    return request.args.get("confirm_orphans", "").lower() in ("1", "true", "yes")


def _plan_json(staff_id: int, actor: Actor) -> dict[str, Any]:
    with runtime().store.read() as session:
        view = plan_reads.plan_view(session, actor, staff_id, now=runtime().bookings.clock())
        return {
            "staff_id": view.staff.id,
            "time_zone": view.time_zone,
            "today": view.today.isoformat(),
            "current": _version_json(view.current),
            "later": [_version_json(v) for v in view.later],
        }


@bp.get("/staff/<int:staff_id>/working-plan")
@staff_required()
def get_working_plan(staff_id: int, actor: Actor) -> Any:
    return _plan_json(staff_id, actor)


@bp.put("/staff/<int:staff_id>/working-plan")
@staff_required(*SUPERVISING_ROLES)
def put_working_plan(staff_id: int, actor: Actor) -> Any:
    body = parse_body(WorkingPlanIn)
    periods = [WorkingPeriod(p.weekday, p.start, p.end, WeekParity(p.weeks)) for p in body.periods]
    try:
        saved = working_plans.put_working_plan(
            runtime().bookings,
            actor,
            staff_id=staff_id,
            effective_from=body.effective_from,
            periods=periods,
            confirm_orphans=body.confirm_orphans,
        )
    except BookingsOutsidePlan as exc:
        return _refusal(exc)
    return {**_plan_json(staff_id, actor), **_saved_json(saved)}


@bp.delete("/staff/<int:staff_id>/working-plan/<effective_from>")
@staff_required(*SUPERVISING_ROLES)
def delete_working_plan_version(staff_id: int, effective_from: str, actor: Actor) -> Any:
    """A later version goes; the one before it continues (409 if that strands bookings)."""
    try:
        saved = working_plans.delete_plan_version(
            runtime().bookings,
            actor,
            staff_id=staff_id,
            effective_from=path_date("effective_from", effective_from),
            confirm_orphans=_confirmed(),
        )
    except BookingsOutsidePlan as exc:
        return _refusal(exc)
    return {**_plan_json(staff_id, actor), **_saved_json(saved)}


@bp.get("/staff/<int:staff_id>/plan-exceptions")
@staff_required()
def list_plan_exceptions(staff_id: int, actor: Actor) -> Any:
    first = query_date("from") if "from" in request.args else None
    with runtime().store.read() as session:
        rows = plan_reads.plan_exceptions(
            session, actor, staff_id, now=runtime().bookings.clock(), first=first
        )
        return {"exceptions": [_exception_json(r) for r in rows]}


@bp.post("/staff/<int:staff_id>/plan-exceptions")
@staff_required(*SUPERVISING_ROLES)
def add_plan_exception(staff_id: int, actor: Actor) -> Any:
    body = parse_body(PlanExceptionIn)
    try:
        saved = working_plans.add_plan_exception(
            runtime().bookings,
            actor,
            staff_id=staff_id,
            day=body.day,
            kind=PlanExceptionKind(body.kind),
            start=body.start,
            end=body.end,
            note=body.note,
            confirm_orphans=body.confirm_orphans,
        )
    except BookingsOutsidePlan as exc:
        return _refusal(exc)
    with runtime().store.read() as session:
        row = session.get(PlanException, saved.exception_id)
        assert row is not None
        return {**_exception_json(row), **_saved_json(saved)}, 201


@bp.delete("/plan-exceptions/<int:exception_id>")
@staff_required(*SUPERVISING_ROLES)
def delete_plan_exception(exception_id: int, actor: Actor) -> Any:
    try:
        saved = working_plans.remove_plan_exception(
            runtime().bookings, actor, exception_id, confirm_orphans=_confirmed()
        )
    except BookingsOutsidePlan as exc:
        return _refusal(exc)
    return _saved_json(saved)
