"""The Flask application factory: configuration, blueprints, JSON errors for every failure."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from flask import Flask, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask_compress import Compress
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from service_api import error_words, headers, input_guard, job_health, metrics_view, outage, request_log
from service_api.config import Config
from service_api.domain.errors import DomainError
from service_api.runtime import Runtime, init_app, runtime

log = logging.getLogger(__name__)


def create_app(config: Config | None = None, *, rt: Runtime | None = None) -> Flask:
    config = config or (rt.config if rt else Config.from_env())
    app = Flask(__name__)
    app.config.update(config.as_flask())
    app.config["PUBLIC_URL"] = config.public_url
    # Werkzeug refuses a larger body with 413 before reading it; the error handlers word the answer.
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.json = OrjsonProvider(app)
    input_guard.init_app(app)
    request_log.init_app(app, log_requests=config.log_format == "json")
    init_app(app, rt or Runtime.build(config))
    metrics_view.init_app(app, app.extensions["dimos"])
    if config.trusted_proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind a proxy every request comes from the proxy's address: take the client's from the
        # header the trusted proxies set, or all citizens would share one rate-limit allowance.
        n = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
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
    from service_api.web import bp as web_bp
    from service_api.web import server_session

    app.register_blueprint(api_bp)
    app.register_blueprint(ical_bp)

    @app.get("/healthz")
    def healthz() -> Any:
        """The database answers, a job runner is alive and the outbox is moving (see job_health)."""
        rt = runtime()
        try:
            with rt.store.read() as session:
                session.execute(text("SELECT 1"))
            jobs = job_health.jobs_health(rt.store, rt.config, now=rt.bookings.clock())
        except Exception:
            log.exception("health check: database unreachable")
            return {"status": "unhealthy", "database": "unreachable"}, 503
        answer = {"status": "ok", "database": rt.store.dialect, "jobs": jobs.as_json()}
        if jobs.problems:
            log.warning("health check: %s", ", ".join(jobs.problems))
            return {**answer, "status": "unhealthy"}, 503
        return answer

    app.register_blueprint(web_bp)
    _protect(app, config, app.extensions["dimos"], api_bp)
    admission = app.extensions["dimos"].admission

    # Registered after CSRF and rate limits, so refused requests never queue for a slot.
    @app.before_request
    def admit_writes() -> None:
        # Writes hold clerk locks and a transaction: only a few at a time per process. Reads are
        # short and lock nothing; queueing them would only add thread hand-overs.
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            request.get_data(cache=True)  # a slow client sends its body before, not while, holding a slot
            admission.enter()

    app.teardown_request(lambda _error: admission.leave())
    _register_errors(app)
    headers.init_app(app, production=config.env == "production")
    # Last: its after-request hook must run before the others (see server_session.init_app).
    server_session.init_app(app)
    return app


# Per client address. Every server process shares the counts: on PostgreSQL they live in the database
# (service_api/ratelimits.py). The booking API's limit is generous: municipal front ends proxy many citizens.
# Sign-in codes have their own allowances per address and client (auth/email_code.py), counting only
# codes that went out; these per-minute limits only blunt floods.
RATE_LIMITS = {
    "web.email_login": "10 per minute",
    "web.email_verify": "10 per minute",
    "web.verify_email": "10 per minute",
    "web.verify_email_code": "10 per minute",
    "api.citizen_code": "10 per minute",
    "api.citizen_token": "10 per minute",
    "web.taxisnet_login": "20 per minute",
    "web.taxisnet_callback": "20 per minute",
    "web.hold": "30 per minute",
    "web.details": "60 per minute",
    "web.manage_reschedule_post": "20 per minute",
    "web.manage_cancel": "30 per minute",
    "web.manage_short": "30 per minute",
    "web.preflight": "60 per minute",  # issue 18: the «test your connection» page
    "web.preflight_result": "20 per minute",
    "web.my_booking_resend": "10 per minute",  # and once per booking per 15 minutes (citizen_bookings)
    "api.create_booking": "120 per minute",
    # The anonymous availability search (issue 18): every empty answer may count as unmet demand.
    # A signed-in clerk is not limited (a town hall's desks share one address).
    "api.service_availability": "120 per minute",
    "api.login": "10 per minute",
    "api.refresh": "30 per minute",
}


# Of ``RATE_LIMITS``, the endpoints a signed-in member of staff may call without limit.
STAFF_NOT_LIMITED = frozenset({"api.service_availability"})


def _signed_in_staff() -> bool:
    """Whether the request carries a valid staff token (a made-up one is limited like anyone)."""
    from service_api.api.helpers import signed_in_staff

    return signed_in_staff()


def _protect(app: Flask, config: Config, rt: Runtime, *exempt: Any) -> None:
    """CSRF on every form of the citizen pages; rate limits on sign-in, code, hold and booking steps."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address
    from flask_wtf.csrf import CSRFProtect

    app.config.update(
        WTF_CSRF_TIME_LIMIT=3600,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.env == "production",
        PERMANENT_SESSION_LIFETIME=3600,
    )
    csrf = CSRFProtect(app)
    for blueprint in exempt:
        csrf.exempt(blueprint)
    from service_api.api.ical import ical_bp

    csrf.exempt(ical_bp)
    storage = config.ratelimit_storage or ("memory://" if config.is_sqlite else "database")
    options: dict[str, Any] = {}
    if storage == "database":
        from service_api import ratelimits

        storage, options = f"{ratelimits.SCHEME}://", {"engine": rt.store.engine}
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=storage,
        storage_options=options,
        enabled=config.ratelimit_enabled,
        # If the counters cannot be reached the request goes on (and the error is logged): every
        # limited endpoint needs the database anyway, and the limiter must not be what fails it.
        swallow_errors=True,
    )
    for endpoint, limit in RATE_LIMITS.items():
        if endpoint in app.view_functions:
            exempt_when = _signed_in_staff if endpoint in STAFF_NOT_LIMITED else None
            app.view_functions[endpoint] = limiter.limit(limit, exempt_when=exempt_when)(  # type: ignore[assignment]
                app.view_functions[endpoint]
            )
    app.extensions["dimos_limiter"] = limiter


class OrjsonProvider(DefaultJSONProvider):
    """orjson writes the long booking lists several times faster than the standard library."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj, default=self.default).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)


def _error(
    code: str,
    message: str,
    status: int,
    fields: dict[str, str] | None = None,
    retry_after: int | None = None,
) -> Any:
    # Worded in the caller's language (Accept-Language; English unless Greek is asked for).
    language = request.accept_languages.best_match(error_words.LANGUAGES, default="en")
    body: dict[str, Any] = {"error": code, "message": error_words.translate(message, language)}
    if fields:
        body["fields"] = error_words.translate_fields(fields, language)
    request_id = request_log.current_id()
    if request_id:
        body["request_id"] = request_id  # the same id as in the log lines about this request
    response = jsonify(body)
    response.status_code = status
    response.vary.add("Accept-Language")
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="dimos"'
    return response


def _rule() -> str:
    """The request's URL rule for logs (``/api/v1/bookings/<reference>``): its path may hold a reference."""
    return request.url_rule.rule if request.url_rule is not None else "<unmatched>"


def _wants_html() -> bool:
    return not (
        request.path.startswith("/api/") or request.path.startswith("/ical/") or request.path == "/healthz"
    )


def _register_errors(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    from service_api.web.errors import html_error

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> Any:
        if _wants_html():
            if exc.text_key:
                return html_error(exc.status, None, key=exc.text_key)
            return html_error(exc.status, exc.message)
        response = _error(exc.code, exc.message, exc.status, exc.fields, exc.retry_after)
        details = getattr(exc, "details", None)  # e.g. the bookings that keep a clerk (staff_admin)
        if isinstance(details, dict):
            response.set_data(app.json.dumps({**response.get_json(), **details}))
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> Any:
        return html_error(400, None, key="errors.session")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if _wants_html():
            return html_error(exc.code or 500, None)
        code = (exc.name or "error").lower().replace(" ", "_")
        message = exc.description or exc.name or "Error"
        if request.accept_languages.best_match(error_words.LANGUAGES, default="en") == "el":
            message = error_words.HTTP_GREEK.get(code, message)
        return _error(code, message, exc.code or 500)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Any:
        if outage.is_outage(exc):
            # The database is restarting or out of reach: the truth is "try again", not "we broke".
            log.warning("database unavailable on %s %s: %s", request.method, _rule(), type(exc).__name__)
            if _wants_html():
                page = html_error(503, None, key="errors.unavailable")
                page.headers["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
                return page
            return _error("service_unavailable", outage.MESSAGE, 503, retry_after=outage.RETRY_AFTER_SECONDS)
        # Registered last: anything else is our bug. Log it with the path, never the body (personal data).
        log.exception("unhandled error on %s %s", request.method, _rule())
        if _wants_html():
            return html_error(500, None)
        return _error("internal_error", "Something went wrong on our side. Please try again.", 500)
