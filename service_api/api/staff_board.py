"""The supervisor's board: every booking of the municipality by clerk, and reassignment.

The staff list the board reads is ``GET /staff`` in ``api/staff_admin.py``.
"""

from __future__ import annotations

from typing import Any

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, query_id, staff_required
from service_api.api.schemas import ReassignIn
from service_api.api.serialize import staff_json
from service_api.api.staff import athens_range, booking_list, staff_booking_view, visible_booking
from service_api.domain.policy import SUPERVISING_ROLES, Actor, municipality_scope
from service_api.models import Staff
from service_api.runtime import runtime


@bp.get("/bookings")
@staff_required(*SUPERVISING_ROLES)
def all_bookings(actor: Actor) -> Any:
    start, end = athens_range()
    staff_id = query_id("staff_id")
    return booking_list(
        actor,
        start,
        end,
        staff_ids=[staff_id] if staff_id else None,
        municipality_id=municipality_scope(actor),
    )


@bp.get("/bookings/<reference>/candidates")
@staff_required(*SUPERVISING_ROLES)
def reassignment_candidates(reference: str, actor: Actor) -> Any:
    visible_booking(reference, actor)  # 404 unless the supervisor may see it
    ids = runtime().bookings.reassignment_candidates(reference)
    with runtime().store.read() as session:
        people = [session.get(Staff, i) for i in ids]
        return {"reference": reference, "candidates": [staff_json(p) for p in people if p is not None]}


@bp.post("/bookings/<reference>/reassign")
@staff_required(*SUPERVISING_ROLES)
def reassign(reference: str, actor: Actor) -> Any:
    body = parse_body(ReassignIn)
    visible_booking(reference, actor)
    runtime().bookings.reassign(
        reference,
        body.staff_id,
        actor,
        reason=body.reason,
        new_start=body.start,
        expected_version=body.version,
    )
    return staff_booking_view(reference, actor)
