"""``service-api serve`` keeps its job runner alive and leaves nothing behind when it dies (kill -9)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import requests

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _until(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


class Serve:
    """One ``service-api serve`` on a SQLite database in ``tmp``."""

    def __init__(self, tmp: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DIMOS_DATABASE_URL": f"sqlite:///{tmp / 'service.sqlite3'}",
            "DIMOS_OUTBOX_DIR": str(tmp / "mail"),
            "DIMOS_HEALTH_RUNNER_SILENT_SECONDS": "3",
        }
        self.log: IO[str] = (tmp / f"serve-{time.monotonic_ns()}.log").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service_api.cli", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def health(self) -> dict[str, Any] | None:
        try:
            answer = requests.get(f"{self.url}/healthz", timeout=2)
        except (requests.ConnectionError, requests.Timeout):
            return None
        return dict(answer.json(), code=answer.status_code)

    def healthy(self) -> dict[str, Any] | None:
        answer = self.health()
        return answer if answer and answer["code"] == 200 and answer["jobs"]["last_heartbeat"] else None

    def runner(self) -> int | None:
        return next((c for c in _children(self.proc.pid) if "run-jobs" in _command(c)), None)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.log.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[int], Serve]]:
    started: list[Serve] = []

    def start(port: int) -> Serve:
        started.append(Serve(tmp_path, port))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_a_killed_job_runner_is_started_again_and_healthz_follows(serve: Callable[[int], Serve]) -> None:
    server = serve(_free_port())
    _until(server.healthy, 40, "serve did not come up")
    first = _until(server.runner, 5, "no run-jobs child")
    os.kill(first, signal.SIGKILL)
    second = _until(lambda: (r := server.runner()) != first and r, 5, "run-jobs was not started again")
    assert _alive(second)
    before = server.healthy()
    assert before is not None
    # The new runner beats: /healthz stays healthy past the silence limit (3 s here).
    time.sleep(3.5)
    after = _until(server.healthy, 5, "healthz unhealthy after the restart")
    assert after["jobs"]["last_heartbeat"] > before["jobs"]["last_heartbeat"]


def test_a_killed_master_takes_its_children_along_and_a_new_serve_starts_on_its_port(
    serve: Callable[[int], Serve],
) -> None:
    port = _free_port()
    server = serve(port)
    _until(server.healthy, 40, "serve did not come up")
    children = _until(lambda: len(c := _children(server.proc.pid)) >= 2 and c, 5, "no worker and runner")
    os.kill(server.proc.pid, signal.SIGKILL)
    server.proc.wait(timeout=5)
    _until(lambda: not any(_alive(c) for c in children), 5, "children outlived the master")
    again = serve(port)
    started = time.monotonic()
    _until(again.healthy, 20, "a new serve could not take the port")
    assert time.monotonic() - started < 15
    assert again.proc.poll() is None
