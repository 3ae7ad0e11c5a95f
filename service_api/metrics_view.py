"""``/metrics``: the Prometheus scrape, behind a bearer token, plus what the database knows at scrape time.

Disabled (404) unless ``DIMOS_METRICS_TOKEN`` is set; a wrong or missing token is 404 too, so the
endpoint is not advertised. Outbox backlog and job heartbeat are read from the database on every scrape:
any worker answers with the same truth, whichever process wrote it. Everything counted in processes is
summed over gunicorn's workers (see metrics.py and server.py).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Flask, Response, abort, g, request
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import Engine, event, func, select

from service_api import job_health, metrics
from service_api.domain.kinds import OutboxStatus
from service_api.models import Outbox
from service_api.runtime import Runtime, runtime

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def init_app(app: Flask, rt: Runtime) -> None:
    """Time every request by its URL rule, watch the pool, and serve ``/metrics`` when a token is set."""
    watch_pool(rt.store.engine)

    @app.before_request
    def start_timer() -> None:
        g.dimos_started = _now()

    @app.teardown_request
    def observe(_error: BaseException | None) -> None:
        started = g.pop("dimos_started", None)
        if started is None:
            return
        rule = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        # A client names any method it likes ("FOO1", "FOO2", …): only the known ones become labels, so
        # nobody can grow the metrics without bound.
        method = request.method if request.method in _METHODS else "other"
        metrics.REQUEST_SECONDS.labels(endpoint=rule, method=method).observe(_now() - started)

    token = rt.config.metrics_token
    if not token:
        return

    @app.get("/metrics")
    def scrape() -> Any:
        """The Prometheus text format, for a caller that sends ``Authorization: Bearer <token>``."""
        sent = request.headers.get("Authorization", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            abort(404)
        registry = CollectorRegistry(auto_describe=False)
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            MultiProcessCollector(registry)
        else:
            registry.register(_ThisProcess())
        registry.register(_DatabaseGauges(runtime()))
        return Response(generate_latest(registry), content_type=CONTENT_TYPE)


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def watch_pool(engine: Engine) -> None:
    """Count connections in use as the pool itself counts them, after every checkout and checkin.

    Counting by +1/-1 on the events drifted below zero in a long-lived process: connections checked
    out before the listener existed, or returned to a pool an engine's dispose() replaced, were only
    ever subtracted. The pool's own count cannot drift.
    """
    pool = engine.pool
    if event.contains(pool, "checkout", _count_checked_out):
        return
    event.listen(pool, "checkout", _count_checked_out)
    event.listen(pool, "checkin", _count_checked_in)
    size = getattr(pool, "size", None)
    if callable(size):
        metrics.DB_POOL_SIZE.inc(size())


def _in_use(record: Any, returning: int) -> int:
    pool = getattr(record, "_ConnectionRecord__pool", None)
    checked_out = getattr(pool, "checkedout", None)
    return max(0, checked_out() - returning) if callable(checked_out) else 0


def _count_checked_out(_dbapi_connection: Any, record: Any, *_args: Any) -> None:
    metrics.DB_POOL_CHECKED_OUT.set(_in_use(record, 0))


def _count_checked_in(_dbapi_connection: Any, record: Any) -> None:
    metrics.DB_POOL_CHECKED_OUT.set(_in_use(record, 1))  # the pool still counts the one coming back


def _now() -> float:
    import time

    return time.perf_counter()


class _ThisProcess:
    """One process without a multiprocess directory (development server, tests): its own registry."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


class _DatabaseGauges:
    """Outbox and job-runner state, as the database has it now."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def collect(self) -> Iterator[Metric]:
        now = self.rt.bookings.clock()
        health = job_health.jobs_health(self.rt.store, self.rt.config, now=now)
        with self.rt.store.read() as session:
            pending = session.scalar(
                select(func.count()).select_from(Outbox).where(Outbox.status == OutboxStatus.PENDING)
            )
        yield GaugeMetricFamily(
            "dimos_outbox_pending", "Outbox rows (e-mails, meetings, webhooks) not yet done.", pending or 0
        )
        yield GaugeMetricFamily(
            "dimos_outbox_oldest_due_age_seconds",
            "How long the longest-waiting due outbox row has waited (0: none waits).",
            health.backlog_age,
        )
        age = health.heartbeat_age
        yield GaugeMetricFamily(
            "dimos_job_heartbeat_age_seconds",
            "Seconds since any job runner last wrote its heartbeat (-1: none ever did).",
            -1.0 if age is None else age,
        )
