"""The Flask application factory: configuration, blueprints, JSON errors for every failure."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, request
from flask_compress import Compress
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from service_api.config import Config
from service_api.domain.errors import DomainError
from service_api.runtime import Runtime, init_app, runtime

log = logging.getLogger(__name__)


def create_app(config: Config | None = None, *, rt: Runtime | None = None) -> Flask:
    config = config or (rt.config if rt else Config.from_env())
    app = Flask(__name__)
    app.config.update(config.as_flask())
    app.config["PUBLIC_URL"] = config.public_url
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    init_app(app, rt or Runtime.build(config))
    # JSON compresses ~10×: a desktop's initial sync of thousands of bookings stays small on the wire.
    app.config.update(
        COMPRESS_MIMETYPES=[
            "application/json",
            "text/html",
            "text/calendar",
            "text/css",
            "application/javascript",
        ],
        COMPRESS_MIN_SIZE=1024,
        COMPRESS_ALGORITHM=["gzip", "br"],
        COMPRESS_STREAMS=False,
    )
    Compress(app)

    from service_api.api import bp as api_bp
    from service_api.api.ical import ical_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(ical_bp)

    @app.get("/healthz")
    def healthz() -> Any:
        try:
            with runtime().store.read() as session:
                session.execute(text("SELECT 1"))
        except Exception:
            log.exception("health check: database unreachable")
            return {"status": "unhealthy", "database": "unreachable"}, 503
        return {"status": "ok", "database": runtime().store.dialect}

    _register_errors(app)
    return app


def _error(code: str, message: str, status: int, fields: dict[str, str] | None = None) -> Any:
    body: dict[str, Any] = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    return response


def _register_errors(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> Any:
        return _error(exc.code, exc.message, exc.status, exc.fields)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        code = (exc.name or "error").lower().replace(" ", "_")
        return _error(code, exc.description or exc.name or "Error", exc.code or 500)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        # Registered last: anything else is our bug. Log it with the path, never the body (personal data).
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _error("internal_error", "Something went wrong on our side. Please try again.", 500)
