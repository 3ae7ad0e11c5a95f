"""Absences and their cover: a clerk's absences, the cover plan (preview, apply), offers of new times.

Supervisors act within their municipality, admins anywhere; clerks read their own absences only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response
from sqlalchemy import select

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, staff_required
from service_api.api.schemas import AbsenceIn, CoverApplyIn, CoverRangeIn, OfferRescheduleIn
from service_api.api.serialize import booking_json, iso
from service_api.booking import cover, staffing
from service_api.domain.errors import NotFound
from service_api.domain.policy import SUPERVISING_ROLES, Actor, can_see_staff
from service_api.domain.reallocation import CoverPlan
from service_api.models import Absence, Staff
from service_api.runtime import runtime


def _absence_json(absence: Absence) -> dict[str, Any]:
    return {
        "id": absence.id,
        "staff_id": absence.staff_id,
        "start": iso(absence.start_at),
        "end": iso(absence.end_at),
        "reason": absence.reason,
    }


@bp.get("/staff/<int:staff_id>/absences")
@staff_required()
def list_absences(staff_id: int, actor: Actor) -> Any:
    """Clerks may read their own absences (to shade them); supervisors those of their municipality."""
    with runtime().store.read() as session:
        staff = session.get(Staff, staff_id)
        if staff is None or not can_see_staff(
            actor, staff_id=staff_id, municipality_id=staff.municipality_id
        ):
            raise NotFound("No such staff member.")
        rows = session.scalars(select(Absence).where(Absence.staff_id == staff_id).order_by(Absence.start_at))
        return {"absences": [_absence_json(a) for a in rows]}


@bp.post("/staff/<int:staff_id>/absences")
@staff_required(*SUPERVISING_ROLES)
def add_absence(staff_id: int, actor: Actor) -> Any:
    body = parse_body(AbsenceIn)
    absence = staffing.add_absence(
        runtime().bookings, actor, staff_id=staff_id, start=body.start, end=body.end, reason=body.reason
    )
    return _absence_json(absence), 201


@bp.delete("/absences/<int:absence_id>")
@staff_required(*SUPERVISING_ROLES)
def delete_absence(absence_id: int, actor: Actor) -> Any:
    staffing.remove_absence(runtime().bookings, actor, absence_id)
    return Response(status=204)


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
        return {"moved": [booking_json(b, for_staff=True) for b in rows]}


@bp.post("/bookings/offer-reschedule")
@staff_required(*SUPERVISING_ROLES)
def offer_reschedule(actor: Actor) -> Any:
    body = parse_body(OfferRescheduleIn)
    result = cover.offer_reschedule(runtime().bookings, actor, body.references)
    return {
        "offered": result.offered,
        "skipped": [{"reference": ref, "reason": why} for ref, why in result.skipped],
    }, 202
