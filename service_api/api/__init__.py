"""The JSON API under /api/v1: parse, authorise, call the booking service, serialise."""

from __future__ import annotations

# Route modules register themselves on ``bp`` when imported.
from service_api.api import (
    absences,
    availability,
    capacity,
    catalogue_admin,
    changes,
    citizen,
    co_applicants,
    data_protection,
    ical,
    outbox,
    public,
    rescue,  # issue 18: no-show rescue
    staff,
    staff_admin,
    staff_board,
    statistics,
    waitlist,
    webhooks,
    working_plans,
)
from service_api.api.blueprint import bp
from service_api.api.openapi import openapi_document

bp.add_url_rule("/openapi.json", view_func=openapi_document)

__all__ = [
    "absences",
    "availability",
    "bp",
    "capacity",
    "catalogue_admin",
    "changes",
    "citizen",
    "co_applicants",
    "data_protection",
    "ical",
    "outbox",
    "public",
    "rescue",
    "staff",
    "staff_admin",
    "staff_board",
    "statistics",
    "waitlist",
    "webhooks",
    "working_plans",
]
