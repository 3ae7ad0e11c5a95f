"""Rate limits count per client across every server process, not once per process."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from service_api import ratelimits
from service_api.app import create_app
from service_api.jobs import JobRunner
from service_api.runtime import Runtime
from tests.helpers.world import World

WRONG = {"username": "clerk_a", "password": "not-the-password"}
LOGIN_LIMIT = 10  # app.RATE_LIMITS["api.login"]: 10 per minute


def two_processes(world: World, storage: str) -> tuple[list[FlaskClient], list[Runtime]]:
    """Two apps with runtimes of their own on one database: two server processes as far as state goes."""
    config = replace(world.rt.config, ratelimit_storage=storage)
    runtimes = [Runtime.build(config), Runtime.build(config)]
    return [create_app(rt=rt).test_client() for rt in runtimes], runtimes


def close(runtimes: list[Runtime]) -> None:
    for rt in runtimes:
        rt.waiter.close()
        rt.store.dispose()


def test_two_processes_share_one_allowance(world: World) -> None:
    clients, runtimes = two_processes(world, "database")
    try:
        statuses = [
            clients[n % 2].post("/api/v1/auth/login", json=WRONG).status_code for n in range(LOGIN_LIMIT)
        ]
        assert statuses == [401] * LOGIN_LIMIT  # wrong password, but let through: within the limit
        for client in clients:
            refused = client.post("/api/v1/auth/login", json=WRONG)
            assert refused.status_code == 429
            assert refused.get_json()["error"]
    finally:
        close(runtimes)


def test_counters_in_process_memory_would_double_the_allowance(world: World) -> None:
    """What the shared counters prevent: each process counting on its own."""
    clients, runtimes = two_processes(world, "memory://")
    try:
        for n in range(LOGIN_LIMIT):
            clients[n % 2].post("/api/v1/auth/login", json=WRONG)
        assert clients[0].post("/api/v1/auth/login", json=WRONG).status_code == 401  # not yet refused
    finally:
        close(runtimes)


def test_postgresql_counts_in_the_database_by_default(world: World) -> None:
    if not world.rt.store.is_postgres:
        pytest.skip("SQLite serves from one process: its counters stay in memory by default")
    assert world.rt.config.ratelimit_storage == ""
    client = create_app(rt=world.rt).test_client()
    client.post("/api/v1/auth/login", json=WRONG)
    with world.rt.store.read() as session:
        assert session.execute(text("SELECT count(*) FROM rate_limit_counter")).scalar() == 1


def test_a_window_that_has_passed_starts_again_and_is_purged(world: World) -> None:
    storage = ratelimits.DatabaseStorage(engine=world.rt.store.engine)
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3 and storage.get_expiry("k") > time.time() + 50
    with world.rt.store.engine.begin() as connection:  # the minute is over
        connection.execute(
            text("UPDATE rate_limit_counter SET expires_at = :past"), {"past": time.time() - 1}
        )
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1
    storage.incr("other", 60)
    with world.rt.store.engine.begin() as connection:
        connection.execute(
            text("UPDATE rate_limit_counter SET expires_at = :past WHERE key = 'other'"),
            {"past": time.time() - 1},
        )
    assert JobRunner.build(world.rt).maybe_purge_rate_limits() == 1
    with world.rt.store.read() as session:
        assert session.execute(text("SELECT key FROM rate_limit_counter")).scalars().all() == ["k"]


def test_unreachable_counters_do_not_fail_the_request(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    def broken(*args: object, **kwargs: object) -> int:
        raise OperationalError("UPSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(ratelimits.DatabaseStorage, "incr", broken)
    clients, runtimes = two_processes(world, "database")
    try:
        assert clients[0].post("/api/v1/auth/login", json=WRONG).status_code == 401  # not a 500
    finally:
        close(runtimes)


def test_behind_a_trusted_proxy_each_citizen_has_an_allowance_of_their_own(world: World) -> None:
    def login_from(client: FlaskClient, address: str) -> int:
        return client.post("/api/v1/auth/login", json=WRONG, headers={"X-Forwarded-For": address}).status_code

    runtimes = [Runtime.build(replace(world.rt.config, trusted_proxies=1)), Runtime.build(world.rt.config)]
    proxied, direct = (create_app(rt=rt).test_client() for rt in runtimes)
    try:
        statuses = [login_from(proxied, "203.0.113.7") for _ in range(LOGIN_LIMIT + 1)]
        assert statuses[-1] == 429
        assert login_from(proxied, "198.51.100.23") == 401  # another citizen behind the same proxy
        # Without a trusted proxy the header is ignored: a client cannot dodge its limit with it.
        assert [login_from(direct, f"192.0.2.{n}") for n in range(LOGIN_LIMIT + 1)][-1] == 429
    finally:
        close(runtimes)
