"""Request ids and optional JSON log lines (``DIMOS_LOG_FORMAT=json``), for one request's trail in the logs.

Every request gets an id: the caller's ``X-Request-Id`` when it looks like an id (a proxy's, so its log
and ours meet), else a fresh one. The answer carries it in ``X-Request-Id`` and JSON error bodies carry it
as ``request_id``, so a citizen's or clerk's report of an error finds its log lines. Log lines name a
request by its URL rule, never its path: paths hold booking references.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-Id"
# Letters, digits and a few separators, up to 64: anything else (or a secret pasted in) is replaced.
_SANE = re.compile(r"[A-Za-z0-9._:-]{8,64}")
log = logging.getLogger("service_api.request")


def init_app(app: Flask, *, log_requests: bool) -> None:
    """Give every request an id; with ``log_requests`` also one log line per answered request."""
    _stamp_records()

    @app.before_request
    def start() -> None:
        current_id()
        g.request_log_started = time.perf_counter()

    @app.after_request
    def tell_id(response: Response) -> Response:
        response.headers[HEADER] = current_id() or ""
        if log_requests:
            started = g.get("request_log_started", time.perf_counter())
            rule = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
            log.info(
                "%s %s %d",
                request.method,
                rule,
                response.status_code,
                extra={
                    "http": {
                        "method": request.method,
                        "endpoint": rule,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                },
            )
        return response


def _stamp_records() -> None:
    """Every log record made during a request carries its id as ``request_id``, whichever handler
    formats it (and later, on another thread, when the request context is gone)."""
    make = logging.getLogRecordFactory()
    if getattr(make, "dimos_request_id", False):
        return

    def stamped(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        record.request_id = current_id()
        return record

    stamped.dimos_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(stamped)


def current_id() -> str | None:
    """This request's id (None outside a request), assigned on first use: a hook that refuses the
    request before ours ran still answers with an id."""
    if not has_request_context():
        return None
    value = g.get("request_id")
    if not isinstance(value, str):
        sent = request.headers.get(HEADER, "")
        value = g.request_id = sent if _SANE.fullmatch(sent) else uuid.uuid4().hex
    return value


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request id, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            line["request_id"] = request_id
        http = getattr(record, "http", None)
        if isinstance(http, dict):
            line.update(http)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(log_format: str, level: str) -> None:
    """Root logging for the ``service-api`` command: plain text lines, or JSON lines when asked."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
