"""Several `service-api serve` processes on one PostgreSQL behave as one service."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from service_api.booking import staffing
from service_api.booking.journal import Actor
from tests.helpers.factories import booking_body
from tests.helpers.http import citizen_auth
from tests.helpers.world import World, real_day


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def two_servers(world: World, tmp_path: Path) -> Iterator[list[str]]:
    if not world.rt.store.is_postgres:
        pytest.skip("several processes share state only through PostgreSQL")
    urls, procs = [], []
    for n in range(2):
        port = _free_port()
        env = {
            **os.environ,
            "DIMOS_DATABASE_URL": world.rt.config.database_url,
            "DIMOS_SECRET_KEY": world.rt.config.secret_key,
            "DIMOS_OUTBOX_DIR": str(tmp_path / "mail"),
        }
        log = (tmp_path / f"server{n}.log").open("w")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "service_api.cli",
                    "serve",
                    "--no-jobs",
                    "--port",
                    str(port),
                    "--workers",
                    "2",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    for url in urls:
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or its workers are still starting on a busy machine
            assert time.monotonic() < deadline, (tmp_path / "server0.log").read_text()
            time.sleep(0.2)
    yield urls
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=20)


def test_racing_through_two_processes_books_the_last_slot_once(world: World, two_servers: list[str]) -> None:
    staffing.add_absence(
        world.rt.bookings,
        Actor.system(),
        staff_id=world.staff["clerk_b"],
        start=real_day(0),
        end=real_day(0) + timedelta(days=1),
    )
    sid = world.service("cohabitation-agreement")
    barrier = threading.Barrier(20)
    now = datetime.now(UTC)  # the servers run on the real clock
    tokens = [citizen_auth(world.rt, f"citizen{i}@example.org", now=now) for i in range(20)]

    def attempt(i: int) -> int:
        barrier.wait()
        body = booking_body(sid, real_day(9), mode="teleconference", n=i)
        return requests.post(
            f"{two_servers[i % 2]}/api/v1/bookings", json=body, headers=tokens[i], timeout=30
        ).status_code

    with ThreadPoolExecutor(20) as pool:
        statuses = Counter(pool.map(attempt, range(20)))
    assert statuses == {201: 1, 409: 19}


def test_a_long_poll_on_one_process_wakes_for_a_booking_made_on_the_other(
    world: World, two_servers: list[str]
) -> None:
    a, b = two_servers
    token = requests.post(
        f"{a}/api/v1/auth/login",
        json={"username": "supervisor", "password": "correct-horse-battery"},
        timeout=10,
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    cursor = requests.get(f"{a}/api/v1/changes", headers=headers, timeout=10).json()["cursor"]
    result: dict[str, object] = {}

    def poll() -> None:
        started = time.monotonic()
        result["body"] = requests.get(
            f"{a}/api/v1/changes?since={cursor}&wait=25", headers=headers, timeout=40
        ).json()
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(0.5)  # let the poll reach its wait
    body = booking_body(world.service("cohabitation-agreement"), real_day(9))
    made = requests.post(
        f"{b}/api/v1/bookings",
        timeout=10,
        json=body,
        headers=citizen_auth(world.rt, body, now=datetime.now(UTC)),
    ).json()
    thread.join(timeout=40)
    body = result["body"]
    assert isinstance(body, dict) and [c["reference"] for c in body["changes"]] == [made["reference"]]
    assert result["seconds"] < 20  # woken by the NOTIFY, not by the end of the wait  # type: ignore[operator]
