"""When the database fails, clients are told the truth: 201 if the booking committed, else 503."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from service_api import migrate
from service_api.app import create_app
from service_api.booking.service import BookingService
from service_api.config import Config
from service_api.models import Booking
from service_api.runtime import Runtime
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import citizen_auth
from tests.helpers.private_pg import PrivatePostgres, server_bin
from tests.helpers.web_form import details_form, hold_a_time, sign_in
from tests.helpers.world import World, athens, build_world


def _lost_connection() -> OperationalError:
    return OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))


def _bookings(rt: Runtime, email: str | None = None) -> int:
    with rt.store.read() as session:
        query = select(func.count()).select_from(Booking)
        if email is not None:
            query = query.where(Booking.citizen_email == email)
        return int(session.scalar(query) or 0)


def confirm_key_of(page: str) -> str:
    found = re.search(r'name="confirm_key" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _post(client: FlaskClient, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/bookings", json=body, headers=citizen_auth(client, body))


def test_a_booking_that_committed_before_the_connection_broke_is_answered_201(
    world: World, client: FlaskClient, bookings: BookingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bookings.transaction

    @contextmanager
    def commit_then_lose_the_answer() -> Iterator[Session]:
        with real() as session:
            yield session
        raise _lost_connection()  # committed; only the acknowledgement was lost

    monkeypatch.setattr(bookings, "transaction", commit_then_lose_the_answer)
    answer = _post(client, booking_body(world.service("transfer-of-registration"), athens(2, 9)))
    assert answer.status_code == 201, answer.get_json()
    assert _bookings(world.rt) == 1 and answer.get_json()["reference"]


def test_a_booking_lost_with_the_connection_is_answered_503_and_nothing_is_written(
    world: World, client: FlaskClient, bookings: BookingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bookings.transaction

    @contextmanager
    def lose_before_the_commit() -> Iterator[Session]:
        with real() as session:
            yield session
            raise _lost_connection()

    monkeypatch.setattr(bookings, "transaction", lose_before_the_commit)
    answer = _post(client, booking_body(world.service("transfer-of-registration"), athens(2, 9)))
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) > 0
    assert answer.get_json()["error"] == "service_unavailable"
    assert "not made" in answer.get_json()["message"]
    assert _bookings(world.rt) == 0


def test_while_the_outcome_cannot_be_learnt_the_client_is_told_to_retry_with_its_key(
    world: World, client: FlaskClient, bookings: BookingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = bookings.transaction
    world.rt.config.outage_settle_seconds = 1

    @contextmanager
    def database_gone() -> Iterator[Session]:
        with real() as session:
            yield session
            monkeypatch.setattr(bookings.store, "read", _unreachable)
            raise _lost_connection()

    @contextmanager
    def _unreachable() -> Iterator[Session]:
        raise _lost_connection()
        yield  # pragma: no cover

    monkeypatch.setattr(bookings, "transaction", database_gone)
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    started = time.monotonic()
    answer = client.post(
        "/api/v1/bookings",
        json=body,
        headers={**citizen_auth(client, body), "Idempotency-Key": "retry-me-0001"},
    )
    assert answer.status_code == 503 and "Idempotency-Key" in answer.get_json()["message"]
    assert 1 <= time.monotonic() - started < 5  # asked for the configured second, then answered


def test_reads_and_pages_during_an_outage_answer_503_not_500(
    world: World, client: FlaskClient, rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*_args: Any, **_kwargs: Any) -> Any:
        raise _lost_connection()

    monkeypatch.setattr(rt.availability, "slots", unreachable)
    sid = world.service("transfer-of-registration")
    api = client.get(f"/api/v1/services/{sid}/availability?mode=in_person")
    assert api.status_code == 503 and api.headers["Retry-After"] and api.json is not None
    assert api.json["error"] == "service_unavailable"


# --------------------------------------------------------------------------- a real restart
@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    if server_bin() is None:
        pytest.skip("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    cluster = PrivatePostgres()
    try:
        yield cluster
    finally:
        cluster.close()


def test_bookings_across_database_restarts_get_201_or_503_and_each_answer_is_true(
    private_pg: PrivatePostgres, tmp_path: Path
) -> None:
    migrate.upgrade(private_pg.url)
    config = Config(
        database_url=private_pg.url,
        secret_key="test-secret-key-" + "x" * 32,
        public_url="http://dimos.test",
        outbox_dir=tmp_path / "mail",
        testing=True,
        ratelimit_enabled=False,
    )
    rt = Runtime.build(config)
    rt.bookings.clock = Clock()
    try:
        world = build_world(rt)
        app = create_app(rt=rt)
        sid = world.service("transfer-of-registration")
        free = app.test_client().get(
            f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-02&to=2026-12-20"
        )
        starts = [slot["start"] for slot in free.get_json()["slots"]]  # one clerk each: no slot is contested
        tokens = [citizen_auth(rt, f"restart{n}@example.org") for n in range(len(starts))]
        statuses: Counter[int] = Counter()
        answered: dict[str, int] = {}
        lock = threading.Lock()
        stop = threading.Event()

        def book(worker: int) -> None:
            client = app.test_client()
            n = worker
            while not stop.is_set() and n < len(starts):
                body = booking_body(sid, datetime.fromisoformat(starts[n]), n=n)
                body["citizen"]["email"] = f"restart{n}@example.org"
                response = client.post("/api/v1/bookings", json=body, headers=tokens[n])
                with lock:
                    statuses[response.status_code] += 1
                    answered[body["citizen"]["email"]] = response.status_code
                n += 4

        workers = [threading.Thread(target=book, args=(w,)) for w in range(4)]
        for thread in workers:
            thread.start()
        for _ in range(3):
            time.sleep(0.7)
            private_pg.restart()
        deadline = time.monotonic() + 60
        for thread in workers:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        stop.set()
        print(f"fault run: {sum(statuses.values())} bookings sent, statuses {dict(statuses)}")
        assert set(statuses) <= {201, 409, 503}, statuses
        assert statuses[201] > 0
        for email, status in answered.items():
            made = _bookings(rt, email)
            assert made == (1 if status == 201 else 0), (email, status, made)
    finally:
        rt.waiter.close()
        rt.store.dispose()


def test_the_form_confirms_once_whatever_the_citizen_clicks_again_or_retries(
    world: World, client: FlaskClient, rt: Runtime, bookings: BookingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(client, world)
    reference = hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    form = {**details_form(page, extra="Γεώργιος"), "confirm_key": confirm_key_of(page)}
    real = bookings.transaction

    @contextmanager
    def commit_then_lose_the_answer() -> Iterator[Session]:
        with real() as session:
            yield session
        raise _lost_connection()

    monkeypatch.setattr(bookings, "transaction", commit_then_lose_the_answer)
    outage = client.post("/book/details", data=form)  # confirmed, but the answer was lost
    assert outage.status_code == 503 and outage.headers["Retry-After"]
    monkeypatch.undo()
    for _ in range(2):  # the citizen presses the button again, then once more (a double click)
        again = client.post("/book/details", data=form)
        assert again.status_code == 302 and again.headers["Location"].endswith("/book/done")
    assert reference in client.get("/book/done").get_data(as_text=True)
    with rt.store.read() as session:
        assert session.scalars(select(Booking.status)).all() == ["confirmed"]
