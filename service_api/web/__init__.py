"""The citizen booking form: server-rendered pages over the same guarded booking path as the API."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint(
    "web", __name__, template_folder="../templates", static_folder="../static", static_url_path="/static"
)

from service_api.web import booking_flow, login, manage  # noqa: E402,F401
