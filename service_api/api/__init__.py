"""The JSON API under /api/v1: parse, authorise, call the booking service, serialise."""

from __future__ import annotations

# Route modules register themselves on ``bp`` when imported.
from service_api.api import (
    absences,
    changes,
    citizen,
    ical,
    public,
    staff,
    staff_board,
    statistics,
    working_plans,  # issue 14: working plans
)
from service_api.api.blueprint import bp
from service_api.api.openapi import openapi_document

bp.add_url_rule("/openapi.json", view_func=openapi_document)

__all__ = [
    "absences",
    "bp",
    "changes",
    "citizen",
    "ical",
    "public",
    "staff",
    "staff_board",
    "statistics",
    "working_plans",
]
