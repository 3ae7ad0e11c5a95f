"""Supervisor endpoints: all bookings of the municipality, reassignment, staff and absences."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from service_api.api import bp
from service_api.api.helpers import parse_body, query_int, staff_required
from service_api.api.schemas import AbsenceIn, ReassignIn
from service_api.api.serialize import booking_json, iso, staff_json
from service_api.api.staff import athens_range, staff_booking_view
from service_api.booking import booking_reads, staffing
from service_api.booking.journal import Actor
from service_api.domain.errors import NotFound
from service_api.models import Absence, Staff
from service_api.runtime import runtime

SUPERVISORS = ("supervisor", "admin")


def _scope(actor: Actor) -> int | None:
    return None if actor.role == "admin" else actor.municipality_id


@bp.get("/bookings")
@staff_required(*SUPERVISORS)
def all_bookings(actor: Actor) -> Any:
    start, end = athens_range()
    staff_id = request.args.get("staff_id")
    with runtime().store.read() as session:
        rows = booking_reads.bookings_with_states(
            session,
            start,
            end,
            staff_ids=[query_int("staff_id", 0, low=0, high=2**31)] if staff_id else None,
            municipality_id=_scope(actor),
        )
        return {
            "from": iso(start),
            "to": iso(end),
            "bookings": [booking_json(b, for_staff=True, document_states=states) for b, states in rows],
        }


@bp.get("/bookings/<reference>/candidates")
@staff_required(*SUPERVISORS)
def reassignment_candidates(reference: str, actor: Actor) -> Any:
    staff_booking_view(reference)  # 404 unless the supervisor may see it
    ids = runtime().bookings.reassignment_candidates(reference)
    with runtime().store.read() as session:
        people = [session.get(Staff, i) for i in ids]
        return {"reference": reference, "candidates": [staff_json(p) for p in people if p is not None]}


@bp.post("/bookings/<reference>/reassign")
@staff_required(*SUPERVISORS)
def reassign(reference: str, actor: Actor) -> Any:
    body = parse_body(ReassignIn)
    staff_booking_view(reference)
    runtime().bookings.reassign(
        reference,
        body.staff_id,
        actor,
        reason=body.reason,
        new_start=body.start,
        expected_version=body.version,
    )
    return staff_booking_view(reference)


@bp.get("/staff")
@staff_required(*SUPERVISORS)
def list_staff(actor: Actor) -> Any:
    with runtime().store.read() as session:
        return {"staff": [staff_json(s) for s in booking_reads.staff_of_municipality(session, _scope(actor))]}


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
    from sqlalchemy import select

    with runtime().store.read() as session:
        staff = session.get(Staff, staff_id)
        allowed = staff is not None and (
            actor.role == "admin"
            or (actor.role == "supervisor" and staff.municipality_id == actor.municipality_id)
            or actor.id == staff_id
        )
        if not allowed:
            raise NotFound("No such staff member.")
        rows = session.scalars(select(Absence).where(Absence.staff_id == staff_id).order_by(Absence.start_at))
        return {"absences": [_absence_json(a) for a in rows]}


@bp.post("/staff/<int:staff_id>/absences")
@staff_required(*SUPERVISORS)
def add_absence(staff_id: int, actor: Actor) -> Any:
    body = parse_body(AbsenceIn)
    absence = staffing.add_absence(
        runtime().bookings, actor, staff_id=staff_id, start=body.start, end=body.end, reason=body.reason
    )
    return _absence_json(absence), 201


@bp.delete("/absences/<int:absence_id>")
@staff_required(*SUPERVISORS)
def delete_absence(absence_id: int, actor: Actor) -> Any:
    staffing.remove_absence(runtime().bookings, actor, absence_id)
    return Response(status=204)
