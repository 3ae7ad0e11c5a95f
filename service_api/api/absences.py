"""Absences and their cover: record, edit, decide requests, the team calendar, the cover plan, offers.

Supervisors act within their municipality, admins anywhere; every staff member requests, lists and
withdraws their own absences under ``/me/absences``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response, request

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, query_date, staff_required
from service_api.api.schemas import (
    AbsenceDecisionIn,
    AbsencePatchIn,
    AbsenceRecordIn,
    AbsenceRequestIn,
    CoverApplyIn,
    CoverRangeIn,
    OfferRescheduleIn,
)
from service_api.api.serialize import iso
from service_api.api.staff_reads import bookings_json
from service_api.booking import absences, cover
from service_api.domain.errors import NotFound
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import SUPERVISING_ROLES, Actor, can_see_staff
from service_api.domain.reallocation import CoverPlan
from service_api.models import Absence, Staff
from service_api.runtime import runtime


def absence_json(absence: Absence) -> dict[str, Any]:
    """An absence with its kind and status; only ``approved`` ones block the clerk's time."""
    return {
        "id": absence.id,
        "staff_id": absence.staff_id,
        "start": iso(absence.start_at),
        "end": iso(absence.end_at),
        "reason": absence.reason,
        "kind": absence.kind,
        "status": absence.status,
        "requested_by": absence.requested_by,
        "decided_by": absence.decided_by,
        "decided_at": iso(absence.decided_at),
        "decision_reason": absence.decision_reason,
        "created_at": iso(absence.created_at),
    }


def _written_json(written: absences.AbsenceWritten) -> dict[str, Any]:
    """The absence and, when it now blocks time, the clerk's open bookings in it (for the cover plan)."""
    return {
        **absence_json(written.absence),
        "overlapping_bookings": [
            {
                "reference": b.reference,
                "start": iso(b.start_at),
                "end": iso(b.end_at),
                "service_id": b.service_id,
                "mode": b.mode,
                "status": b.status,
            }
            for b in written.overlapping
        ],
    }


def _decision_body() -> AbsenceDecisionIn:
    """The reason is optional, and so is the body that carries it."""
    return parse_body(AbsenceDecisionIn) if request.get_data(cache=True).strip() else AbsenceDecisionIn()


@bp.get("/staff/<int:staff_id>/absences")
@staff_required()
def list_absences(staff_id: int, actor: Actor) -> Any:
    """Clerks may read their own absences (to shade them); supervisors those of their municipality.

    Requests and refusals are listed too, with their status: only approved ones shade as absences.
    """
    with runtime().store.read() as session:
        staff = session.get(Staff, staff_id)
        if staff is None or not can_see_staff(
            actor, staff_id=staff_id, municipality_id=staff.municipality_id
        ):
            raise NotFound("No such staff member.")
        return {"absences": [absence_json(a) for a in absences.absences_of(session, staff_id)]}


@bp.post("/staff/<int:staff_id>/absences")
@staff_required(*SUPERVISING_ROLES)
def add_absence(staff_id: int, actor: Actor) -> Any:
    body = parse_body(AbsenceRecordIn)
    written = absences.record_absence(
        runtime().bookings,
        actor,
        staff_id=staff_id,
        start=body.start,
        end=body.end,
        kind=body.kind,
        reason=body.reason,
    )
    return _written_json(written), 201


@bp.patch("/absences/<int:absence_id>")
@staff_required(*SUPERVISING_ROLES)
def edit_absence(absence_id: int, actor: Actor) -> Any:
    body = parse_body(AbsencePatchIn)
    written = absences.edit_absence(
        runtime().bookings,
        actor,
        absence_id,
        start=body.start,
        end=body.end,
        kind=body.kind,
        reason=body.reason,
    )
    return _written_json(written)


@bp.delete("/absences/<int:absence_id>")
@staff_required(*SUPERVISING_ROLES)
def delete_absence(absence_id: int, actor: Actor) -> Any:
    absences.remove_absence(runtime().bookings, actor, absence_id)
    return Response(status=204)


@bp.post("/absences/<int:absence_id>/approve")
@staff_required(*SUPERVISING_ROLES)
def approve_absence(absence_id: int, actor: Actor) -> Any:
    body = _decision_body()
    return _written_json(absences.approve_absence(runtime().bookings, actor, absence_id, body.reason))


@bp.post("/absences/<int:absence_id>/reject")
@staff_required(*SUPERVISING_ROLES)
def reject_absence(absence_id: int, actor: Actor) -> Any:
    body = _decision_body()
    return absence_json(absences.reject_absence(runtime().bookings, actor, absence_id, body.reason))


@bp.get("/me/absences")
@staff_required()
def my_absences(actor: Actor) -> Any:
    """One's own absences and requests, with their status."""
    with runtime().store.read() as session:
        rows = absences.absences_of(session, actor.id) if actor.id is not None else []
        return {"absences": [absence_json(a) for a in rows]}


@bp.post("/me/absences")
@staff_required()
def request_absence(actor: Actor) -> Any:
    body = parse_body(AbsenceRequestIn)
    absence = absences.request_absence(
        runtime().bookings, actor, start=body.start, end=body.end, kind=body.kind, reason=body.reason
    )
    return absence_json(absence), 201


@bp.delete("/me/absences/<int:absence_id>")
@staff_required()
def withdraw_absence_request(absence_id: int, actor: Actor) -> Any:
    absences.withdraw_request(runtime().bookings, actor, absence_id)
    return Response(status=204)


@bp.get("/municipalities/<slug>/absences")
@staff_required(*SUPERVISING_ROLES)
def team_absences(slug: str, actor: Actor) -> Any:
    """The team calendar: the municipality's staff and their absences in the days, requests included."""
    first = query_date("from")
    last = query_date("to")
    with runtime().store.read() as session:
        team = absences.team_absences(session, actor, slug, first, last, status=request.args.get("status"))
        return {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "staff": [
                {"id": m.id, "display_name": m.display_name, "role": m.role, "active": m.active}
                for m in team.staff
            ],
            "absences": [absence_json(a) for a in team.absences],
            "closed_days": [day.isoformat() for day in team.closed_days],
        }


def plan_json(staff_id: int, start: datetime, end: datetime, plan: CoverPlan) -> dict[str, Any]:
    return {
        "staff_id": staff_id,
        "start": iso(start),
        "end": iso(end),
        "assignments": [
            {
                "reference": a.reference,
                "version": a.version,
                "from_staff_id": a.from_staff_id,
                "to_staff_id": a.to_staff_id,
                "start": iso(a.start),
                "end": iso(a.end),
                "mode": a.mode,
                "service_id": a.service_id,
            }
            for a in plan.assignments
        ],
        "unplaced": [
            {
                "reference": u.reference,
                "version": u.version,
                "reason": u.reason,
                "from_staff_id": u.from_staff_id,
                "start": iso(u.start),
                "mode": u.mode,
                "service_id": u.service_id,
            }
            for u in plan.unplaced
        ],
        "loads": [{"staff_id": sid, "load": load} for sid, load in sorted(plan.loads.items())],
    }


@bp.post("/staff/<int:staff_id>/cover-plan")
@staff_required(*SUPERVISING_ROLES)
def cover_plan(staff_id: int, actor: Actor) -> Any:
    body = parse_body(CoverRangeIn)
    plan = cover.preview_cover(runtime().bookings, actor, staff_id=staff_id, start=body.start, end=body.end)
    return plan_json(staff_id, body.start, body.end, plan)


@bp.post("/staff/<int:staff_id>/cover-plan/apply")
@staff_required(*SUPERVISING_ROLES)
def apply_cover_plan(staff_id: int, actor: Actor) -> Any:
    body = parse_body(CoverApplyIn)
    moved = cover.apply_cover(
        runtime().bookings,
        actor,
        staff_id=staff_id,
        start=body.start,
        end=body.end,
        assignments=[(a.reference, a.to_staff_id) for a in body.assignments],
        expected={a.reference: a.version for a in body.assignments},
    )
    with runtime().store.read() as session:
        rows = cover.bookings_by_reference(session, [b.reference for b in moved])
    return {"moved": bookings_json(actor, rows, AccessChannel.LIST)}


@bp.post("/bookings/offer-reschedule")
@staff_required(*SUPERVISING_ROLES)
def offer_reschedule(actor: Actor) -> Any:
    body = parse_body(OfferRescheduleIn)
    result = cover.offer_reschedule(runtime().bookings, actor, body.references)
    return {
        "offered": result.offered,
        "skipped": [{"reference": ref, "reason": why} for ref, why in result.skipped],
    }, 202
