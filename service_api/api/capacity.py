"""Demand-led capacity (issue 18): demand against supply per service and mode, and one-step suggestions.

Supervisors read their own municipality (another's is 404), admins any; clerks are refused (403).
A suggestion is applied as a new version of the clerk's weekly plan through the working-plan write.
"""

from __future__ import annotations

from typing import Any

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, query_id, staff_required
from service_api.api.schemas import CapacityApplyIn
from service_api.booking import capacity as capacity_reads
from service_api.domain.capacity import Figures, Suggestion, pressure
from service_api.domain.policy import SUPERVISING_ROLES, Actor
from service_api.runtime import runtime


def _figures_json(f: Figures) -> dict[str, Any]:
    return {
        "service_id": f.service_id,
        "name_el": f.name_el,
        "name_en": f.name_en,
        "mode": f.mode,
        "bookings": f.bookings,
        "waiting": f.waiting,
        "searches_without_result": f.misses,
        "demand_hours": f.demand_hours,
        "supply_hours": f.supply_hours,
        "booked_hours": f.booked_hours,
        "no_show_rate": f.no_show_rate,
        "lead_days": f.lead_days,
        "qualified_clerks": len(f.clerks),
        "pressure": round(pressure(f), 1),
    }


def _suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "service_id": s.service_id,
        "mode": s.mode,
        "staff_id": s.staff_id,
        "staff_name": s.staff_name,
        "weekday": s.weekday,
        "start": f"{s.start:%H:%M}",
        "end": f"{s.end:%H:%M}",
        "hours": s.hours,
        "effective_from": s.effective_from.isoformat(),
        "plan_stamp": s.plan_stamp,
        "reasons": list(s.reasons),
        "text_el": s.text_el,
        "text_en": s.text_en,
    }


@bp.get("/capacity")
@staff_required(*SUPERVISING_ROLES)
def get_capacity(actor: Actor) -> Any:
    """Per service and mode: demand, supply, no-shows, lead time; and the week's suggestions."""
    rt = runtime()
    with rt.store.read() as session:
        view = capacity_reads.view(
            session,
            actor,
            municipality_id=query_id("municipality_id"),
            now=rt.bookings.clock(),
            availability=rt.availability,
        )
    return {
        "municipality_id": view.municipality_id,
        "today": view.today.isoformat(),
        "effective_from": view.effective_from.isoformat(),
        "figures": [_figures_json(f) for f in view.figures],
        "suggestions": [_suggestion_json(s) for s in view.suggestions],
    }


@bp.post("/capacity/suggestions/apply")
@staff_required(*SUPERVISING_ROLES)
def apply_capacity_suggestion(actor: Actor) -> Any:
    """Apply one suggestion: 200 with the clerk's plan, 409 if the plan changed since it was offered."""
    body = parse_body(CapacityApplyIn)
    # Adding hours never leaves a booking outside working time: no orphans to refuse or confirm.
    saved = capacity_reads.apply_suggestion(
        runtime().bookings,
        actor,
        staff_id=body.staff_id,
        weekday=body.weekday,
        start=body.start,
        end=body.end,
        effective_from=body.effective_from,
        plan_stamp=body.plan_stamp,
    )
    return {
        "staff_id": saved.staff_id,
        "effective_from": body.effective_from.isoformat(),
        "added": {"weekday": body.weekday, "start": f"{body.start:%H:%M}", "end": f"{body.end:%H:%M}"},
        "warnings": saved.warnings,
    }
