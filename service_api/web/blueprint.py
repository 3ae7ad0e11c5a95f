"""The form's blueprint, on its own so that the page modules and the package never import each other."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint(
    "web", __name__, template_folder="../templates", static_folder="../static", static_url_path="/static"
)
