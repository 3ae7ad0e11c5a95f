"""The API's blueprint, on its own so that the route modules and the package never import each other."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
