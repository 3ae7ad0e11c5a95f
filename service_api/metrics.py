"""The service's Prometheus metrics: what each process counts, safe under gunicorn's several workers.

Counters and histograms go through prometheus_client's multiprocess mode when the server set
``PROMETHEUS_MULTIPROC_DIR`` (see server.py): every worker writes its own file, a scrape sums them.
Gauges of one process (change-feed waiters, pool connections) use the ``livesum`` mode, so a dead
worker's value disappears with it. What the database knows (outbox, heartbeat) is read at scrape time
instead (metrics_view.py). Labels never carry personal data: the endpoint is Flask's URL rule
(``/api/v1/bookings/<reference>``), a refusal is its error code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Gauge, Histogram

BOOKINGS_CREATED = Counter(
    "dimos_bookings_created", "Bookings confirmed (booked directly or a hold confirmed)."
)
BOOKINGS_CANCELLED = Counter("dimos_bookings_cancelled", "Bookings cancelled (by citizens or staff).")
BOOKINGS_REFUSED = Counter(
    "dimos_bookings_refused", "Booking, hold or confirmation attempts refused, by refusal code.", ["reason"]
)
REQUEST_SECONDS = Histogram(
    "dimos_http_request_duration_seconds",
    "Time to answer a request, per endpoint (Flask URL rule) and method.",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
AVAILABILITY_CACHE = Counter(
    "dimos_availability_cache_lookups",
    "Availability answers asked for: result=hit (cached) or miss.",
    ["result"],
)
SMS_SENT = Counter(
    "dimos_sms_sent",
    "SMS the gateway accepted, by encoding: gsm7 (160 a message) or ucs2 (70).",
    ["encoding"],
)
SMS_SEGMENTS = Counter(
    "dimos_sms_segments",
    "Segments of the SMS the gateway accepted (what the provider bills), by encoding.",
    ["encoding"],
)
CHANGEFEED_WAITERS = Gauge(
    "dimos_changefeed_waiters", "Change-feed long-polls waiting right now.", multiprocess_mode="livesum"
)
DB_POOL_CHECKED_OUT = Gauge(
    "dimos_db_pool_checked_out",
    "Database connections in use by requests and jobs.",
    multiprocess_mode="livesum",
)
DB_POOL_SIZE = Gauge(
    "dimos_db_pool_size", "Database connections the pools keep (all processes).", multiprocess_mode="livesum"
)


def booking_refused(code: str) -> None:
    BOOKINGS_REFUSED.labels(reason=code).inc()


def sms_sent(encoding: str, segments: int) -> None:
    SMS_SENT.labels(encoding=encoding).inc()
    SMS_SEGMENTS.labels(encoding=encoding).inc(segments)


def availability_lookup(*, hit: bool) -> None:
    AVAILABILITY_CACHE.labels(result="hit" if hit else "miss").inc()


@contextmanager
def changefeed_waiting() -> Iterator[None]:
    """Around one long-poll wait."""
    CHANGEFEED_WAITERS.inc()
    try:
        yield
    finally:
        CHANGEFEED_WAITERS.dec()
