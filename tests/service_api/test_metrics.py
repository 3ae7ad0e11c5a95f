"""`/metrics` behind its token; request ids in errors and JSON logs; no personal data in either."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from service_api.app import create_app
from service_api.domain.errors import SlotUnavailable
from service_api.domain.policy import Actor
from service_api.request_log import JsonFormatter
from service_api.runtime import Runtime
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body, create_booking
from tests.helpers.http import book, call, citizen_auth, login
from tests.helpers.world import World, athens, real_day

TOKEN = "metrics-token-" + "m" * 24
SCRAPE = {"Authorization": f"Bearer {TOKEN}"}
NAME, EMAIL, PHONE = "Ευδοκία Παπαδημητρίου", "evdokia.metrics@example.org", "6977001122"


@pytest.fixture
def app(rt: Runtime) -> Flask:
    rt.config.metrics_token = TOKEN
    rt.config.log_format = "json"
    return create_app(rt=rt)


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """What the service logs, formatted as ``DIMOS_LOG_FORMAT=json`` formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def scrape(client: FlaskClient) -> str:
    response = client.get("/metrics", headers=SCRAPE)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def value(text: str, name: str, **labels: str) -> float:
    """The sample ``name`` with these labels (0 when absent: a counter not yet moved)."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


def our_booking(world: World, day: int = 4, hour: int = 9) -> dict[str, object]:
    body = booking_body(world.service("cohabitation-agreement"), athens(day, hour))
    body["citizen"] = {"name": NAME, "email": EMAIL, "phone": PHONE}
    return body


def test_metrics_answer_only_with_the_token(rt: Runtime, client: FlaskClient) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 404
    assert "dimos_http_request_duration_seconds" in scrape(client)


def test_without_a_token_there_is_no_metrics_endpoint(rt: Runtime) -> None:
    rt.config.metrics_token = ""
    client = create_app(rt=rt).test_client()
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_bookings_created_cancelled_and_refused_are_counted(world: World, client: FlaskClient) -> None:
    before = scrape(client)
    ref = book(client, 201, our_booking(world))["reference"]
    sunday = booking_body(world.service("cohabitation-agreement"), athens(6, 9), n=2)
    answer = client.post("/api/v1/bookings", json=sunday, headers=citizen_auth(client, sunday))
    assert answer.status_code in (409, 422), answer.get_data(as_text=True)
    reason = answer.get_json()["error"]
    supervisor = login(client, "supervisor")
    call(client, "POST", f"/api/v1/bookings/{ref}/cancel", 200, headers=supervisor, json={"reason": "phoned"})
    after = scrape(client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("dimos_bookings_created_total") == 1
    assert moved("dimos_bookings_cancelled_total") == 1
    assert moved("dimos_bookings_refused_total", reason=reason) == 1


def test_request_latency_is_measured_per_endpoint_rule_not_per_path(
    world: World, client: FlaskClient
) -> None:
    ref = book(client, 201, our_booking(world))["reference"]
    supervisor = login(client, "supervisor")
    call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=supervisor)
    text = scrape(client)
    rule = "/api/v1/bookings/<reference>"
    assert value(text, "dimos_http_request_duration_seconds_count", endpoint=rule, method="GET") >= 1
    assert (
        value(text, "dimos_http_request_duration_seconds_count", endpoint="/api/v1/bookings", method="POST")
        >= 1
    )
    assert ref not in text


def test_availability_cache_hits_and_misses_are_counted(world: World, client: FlaskClient) -> None:
    sid = world.service("cohabitation-agreement")
    before = scrape(client)
    for _ in range(2):
        call(
            client,
            "GET",
            f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-03&to=2026-12-04",
            200,
        )
    after = scrape(client)
    looked = sum(
        value(after, "dimos_availability_cache_lookups_total", result=r)
        - value(before, "dimos_availability_cache_lookups_total", result=r)
        for r in ("hit", "miss")
    )
    assert looked == 2
    assert value(after, "dimos_availability_cache_lookups_total", result="hit") > value(
        before, "dimos_availability_cache_lookups_total", result="hit"
    )


def test_outbox_gauges_show_a_queued_email(world: World, client: FlaskClient) -> None:
    assert value(scrape(client), "dimos_outbox_pending") == 0
    book(client, 201, our_booking(world))  # its confirmation e-mail waits in the outbox (no runner here)
    text = scrape(client)
    assert value(text, "dimos_outbox_pending") >= 1
    assert value(text, "dimos_outbox_oldest_due_age_seconds") >= 0
    assert value(text, "dimos_job_heartbeat_age_seconds") == -1  # no job runner ever beat
    assert value(text, "dimos_db_pool_checked_out") >= 0 and "dimos_changefeed_waiters" in text


def test_an_error_answer_carries_the_request_id_of_its_log_lines(
    world: World, client: FlaskClient, json_log: io.StringIO
) -> None:
    supervisor = login(client, "supervisor")
    answer = client.get("/api/v1/bookings/NO-SUCH-REF", headers=supervisor)
    assert answer.status_code == 404
    request_id = answer.get_json()["request_id"]
    assert answer.headers["X-Request-Id"] == request_id and len(request_id) >= 16
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert mine and mine[-1]["endpoint"] == "/api/v1/bookings/<reference>" and mine[-1]["status"] == 404
    assert "NO-SUCH-REF" not in json_log.getvalue()


def test_a_sane_incoming_request_id_is_kept_and_an_odd_one_replaced(client: FlaskClient) -> None:
    kept = client.get("/api/v1/bookings/X", headers={"X-Request-Id": "nginx-4f2a9c1e7b"})
    assert kept.headers["X-Request-Id"] == "nginx-4f2a9c1e7b" == kept.get_json()["request_id"]
    odd = client.get("/api/v1/bookings/X", headers={"X-Request-Id": "<script>alert(1)</script>"})
    assert (
        odd.headers["X-Request-Id"] != "<script>alert(1)</script>" and "<" not in odd.headers["X-Request-Id"]
    )


def test_no_personal_data_in_metrics_or_json_logs(
    world: World, client: FlaskClient, json_log: io.StringIO
) -> None:
    ref = book(client, 201, our_booking(world))["reference"]
    supervisor = login(client, "supervisor")
    call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=supervisor)
    call(client, "POST", f"/api/v1/bookings/{ref}/cancel", 200, headers=supervisor, json={"reason": "phoned"})
    again = our_booking(world, day=6)  # a Sunday: refused, with the citizen's details in the body
    assert client.post("/api/v1/bookings", json=again, headers=citizen_auth(client, again)).status_code >= 400
    text, logged = scrape(client), json_log.getvalue()
    assert '"endpoint": "/api/v1/bookings/<reference>"' in logged  # the log did see these requests
    for personal in (NAME, EMAIL, PHONE, ref):
        assert personal not in text and personal not in logged, personal


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_served_by_several_workers_every_scrape_sums_all_of_them(world: World, tmp_path: Path) -> None:
    port, url = _free_port(), ""
    url = f"http://127.0.0.1:{port}"
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")  # a previous run's: must be cleaned away
    env = {
        **os.environ,
        "DIMOS_DATABASE_URL": world.rt.config.database_url,
        "DIMOS_SECRET_KEY": world.rt.config.secret_key,
        "DIMOS_OUTBOX_DIR": str(tmp_path / "mail"),
        "DIMOS_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "DIMOS_LOG_FORMAT": "json",
    }
    log = (tmp_path / "server.log").open("w")
    command = [
        sys.executable,
        "-m",
        "service_api.cli",
        "serve",
        "--no-jobs",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.2)
        now = datetime.now(UTC)  # the server runs on the real clock
        sid = world.service("cohabitation-agreement")
        for n, hour in enumerate((9, 10, 11), start=1):
            body = booking_body(sid, real_day(hour), n=n)
            made = requests.post(
                f"{url}/api/v1/bookings", json=body, headers=citizen_auth(world.rt, body, now=now)
            )
            assert made.status_code == 201, made.text
        scrapes = [requests.get(f"{url}/metrics", headers=SCRAPE, timeout=10).text for _ in range(6)]
        # Whichever worker answers, it tells the sum over all workers.
        assert {value(text, "dimos_bookings_created_total") for text in scrapes} == {3.0}
        posts = {
            value(
                text, "dimos_http_request_duration_seconds_count", endpoint="/api/v1/bookings", method="POST"
            )
            for text in scrapes
        }
        assert posts == {3.0}
        assert requests.get(f"{url}/metrics", timeout=10).status_code == 404
        missing = requests.get(f"{url}/api/v1/bookings/NO-SUCH-REF", headers=SCRAPE, timeout=10)
        request_id = missing.json()["request_id"]
        assert missing.headers["X-Request-Id"] == request_id
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # DIMOS_LOG_FORMAT=json: every line of the server's log is JSON, gunicorn's own included.
    logged = (tmp_path / "server.log").read_text()
    assert "NO-SUCH-REF" not in logged  # requests are named by their URL rule, never their path
    lines = [json.loads(line) for line in logged.splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    assert [line["status"] for line in lines if line.get("request_id") == request_id] == [401]


def test_a_request_refused_before_the_app_sees_it_still_has_a_request_id(client: FlaskClient) -> None:
    refused = client.get("/api/v1/municipalities?q=%00")  # input_guard refuses a NUL first
    assert refused.status_code == 400, refused.get_data(as_text=True)
    assert refused.get_json()["request_id"] == refused.headers["X-Request-Id"] != ""


def test_a_hold_counts_once_confirmed_and_a_lapsed_one_as_refused(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    sid, bookings = world.service("cohabitation-agreement"), world.rt.bookings
    before = scrape(client)
    held = create_booking(bookings, service_id=sid, start=athens(4, 9), who=1, hold=True).booking
    assert value(scrape(client), "dimos_bookings_created_total") == value(
        before, "dimos_bookings_created_total"
    )
    bookings.confirm(held.reference, Actor.citizen())
    lapsed = create_booking(bookings, service_id=sid, start=athens(4, 10), who=2, hold=True).booking
    clock.advance(minutes=world.rt.config.hold_minutes + 1)
    with pytest.raises(SlotUnavailable, match="minutes to confirm"):
        bookings.confirm(lapsed.reference, Actor.citizen())
    after = scrape(client)
    assert value(after, "dimos_bookings_created_total") - value(before, "dimos_bookings_created_total") == 1
    refused = "dimos_bookings_refused_total"
    assert (
        value(after, refused, reason="slot_unavailable") - value(before, refused, reason="slot_unavailable")
        == 1
    )


def test_the_pool_gauge_counts_connections_in_use_even_across_a_dispose(tmp_path: Path) -> None:
    """It went to -21 in a long test run when counted by +1/-1; the pool's own count cannot drift."""
    from prometheus_client import REGISTRY
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import QueuePool

    from service_api.metrics_view import watch_pool

    engine = create_engine(f"sqlite:///{tmp_path / 'pool.db'}", poolclass=QueuePool)

    def in_use() -> float | None:
        return REGISTRY.get_sample_value("dimos_db_pool_checked_out")

    with engine.connect() as early:  # checked out before anyone watched: returned afterwards
        watch_pool(engine)
        with engine.connect() as other:
            other.execute(text("SELECT 1"))
            assert in_use() == 2
        assert in_use() == 1
        early.execute(text("SELECT 1"))
    assert in_use() == 0
    engine.dispose()
    with engine.connect():
        assert in_use() == 1
    assert in_use() == 0


def test_a_method_a_client_makes_up_is_not_a_new_label(world: World, client: FlaskClient) -> None:
    """Each invented method would be a new time series: an attacker could grow /metrics without end."""
    for made_up in ("FOO1", "FOO2"):
        client.open("/api/v1/municipalities", method=made_up)
    text = scrape(client)
    assert "FOO1" not in text and "FOO2" not in text
    assert (
        value(text, "dimos_http_request_duration_seconds_count", endpoint="<unmatched>", method="other") >= 2
    )
