"""The JSON API under /api/v1: parse, authorise, call the booking service, serialise."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Route modules register themselves on ``bp`` when imported.
from service_api.api import (  # noqa: E402,F401
    absences,
    changes,
    ical,
    public,
    staff,
    staff_board,
    statistics,
)
from service_api.api.openapi import openapi_document  # noqa: E402

bp.add_url_rule("/openapi.json", view_func=openapi_document)
