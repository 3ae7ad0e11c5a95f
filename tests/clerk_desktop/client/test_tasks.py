"""Off the GUI thread: answers come back on it, stop waits for the work, wait_for refuses to nest."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from clerk_desktop.client import tasks as tasks_module
from clerk_desktop.client.actions import Action
from clerk_desktop.client.api import ApiClient
from clerk_desktop.client.cache import LocalCache
from clerk_desktop.client.sync import ActionWorker, ChangeFeedWorker
from clerk_desktop.client.tasks import TaskRunner, wait_for


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.stop(timeout_seconds=10)


def test_answers_come_back_on_the_gui_thread_and_failures_are_not_lost(qtbot: Any, tasks: TaskRunner) -> None:
    answers: list[tuple[str, Any]] = []
    gui = threading.get_ident()
    tasks.run(
        lambda: threading.get_ident(),
        lambda t: answers.append(("ok", t != gui and threading.get_ident() == gui)),
    )
    tasks.run(lambda: 1 / 0, None, lambda exc: answers.append(("failed", type(exc).__name__)))
    qtbot.waitUntil(lambda: len(answers) == 2)
    assert sorted(answers) == [("failed", "ZeroDivisionError"), ("ok", True)]


def test_stop_waits_until_the_jobs_have_finished(qtbot: Any, tasks: TaskRunner) -> None:
    release = threading.Event()
    finished = threading.Event()

    def job() -> None:
        release.wait(5)
        finished.set()

    tasks.run(job, name="slow")
    qtbot.waitUntil(lambda: tasks.running() == ["slow"])
    assert not tasks.stop(timeout_seconds=0.05)  # still running: said so
    threading.Timer(0.2, release.set).start()
    assert tasks.stop(timeout_seconds=5) and finished.is_set() and tasks.running() == []


def test_a_job_counts_as_running_until_its_answer_is_on_its_way(
    qtbot: Any, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_while_emitting: list[list[str]] = []

    class Watched(tasks_module._Relay):
        """Notes, on the job's own thread at the moment of emitting, which jobs still count as running."""

        def __init__(self) -> None:
            super().__init__()
            watch = lambda *_: seen_while_emitting.append(tasks.running())  # noqa: E731
            self.succeeded.connect(watch, Qt.ConnectionType.DirectConnection)
            self.failed.connect(watch, Qt.ConnectionType.DirectConnection)

    monkeypatch.setattr(tasks_module, "_Relay", Watched)
    answers: list[object] = []
    tasks.run(lambda: 1, answers.append, name="ok")
    qtbot.waitUntil(lambda: answers == [1])
    tasks.run(lambda: 1 / 0, None, answers.append, name="fails")
    qtbot.waitUntil(lambda: len(answers) == 2)
    assert seen_while_emitting == [["ok"], ["fails"]]
    qtbot.waitUntil(lambda: tasks.running() == [])


def test_answers_of_jobs_started_before_stop_are_dropped(qtbot: Any, tasks: TaskRunner) -> None:
    answers: list[str] = []
    tasks.run(lambda: "old", answers.append, name="before")
    tasks.run(lambda: 1 / 0, None, lambda exc: answers.append("old failure"), name="before-fails")
    assert tasks.stop(timeout_seconds=5)  # both answers are now queued on the GUI thread, undelivered
    QApplication.processEvents()
    assert answers == []  # they belonged to the sign-in that stop() ended
    tasks.run(lambda: "new", answers.append, name="after")
    qtbot.waitUntil(lambda: answers == ["new"])


def test_wait_for_returns_the_answer_and_refuses_to_nest(qtbot: Any, tasks: TaskRunner) -> None:
    assert wait_for(lambda: 41 + 1, tasks=tasks) == 42
    with pytest.raises(ZeroDivisionError):
        wait_for(lambda: 1 / 0, tasks=tasks)
    nested: list[str] = []
    tried = threading.Event()

    def inner() -> None:
        try:
            wait_for(lambda: None, tasks=tasks)
        except RuntimeError as exc:
            nested.append(str(exc))
        tried.set()

    QTimer.singleShot(0, inner)  # runs inside the outer wait, whose job lasts until the inner one tried
    wait_for(lambda: tried.wait(5), tasks=tasks)
    assert nested == ["wait_for called while another wait_for is waiting"]


def test_stopping_the_feed_cuts_its_long_poll_short(qtbot: Any, tasks: TaskRunner, tmp_path: Path) -> None:
    silent = socket.socket()  # a server that accepts and never answers: a long-poll that would last
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    silent.settimeout(5)
    try:
        api = ApiClient(f"http://127.0.0.1:{silent.getsockname()[1]}")
        cache = LocalCache(tmp_path / "cache.sqlite3")
        cache.put("cursor", "1")
        feed = ChangeFeedWorker(api, cache, wait_seconds=25)
        states: list[str] = []
        feed.state_changed.connect(states.append)
        tasks.run(feed.run, name="change-feed")
        connection, _address = silent.accept()
        assert connection.recv(4) == b"GET "  # the long-poll's request has reached the server
        began = time.monotonic()
        feed.stop()
        assert tasks.stop(timeout_seconds=5)
        assert time.monotonic() - began < 2
        QApplication.processEvents()  # deliver anything the feed said before it ended
        assert "offline" not in states  # a stopping feed is not the server going away
        connection.close()
        cache.close()
    finally:
        silent.close()


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """A server that accepts connections and never answers: any call to it would last."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    silent.settimeout(5)
    try:
        yield silent
    finally:
        silent.close()


def stop_before_connecting(api: ApiClient, method: str, stop: Any) -> threading.Event:
    """Make ``api.<method>`` run ``stop`` (on the GUI thread) after the loop's checks, before it connects."""
    real = getattr(api, method)
    about_to_call, stopped = threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        about_to_call.set()
        assert stopped.wait(5)
        return real(*args, **kwargs)

    setattr(api, method, held)

    def on_the_gui_thread() -> None:
        assert about_to_call.wait(5)
        stop()
        stopped.set()

    QTimer.singleShot(0, on_the_gui_thread)
    return about_to_call


def test_a_stop_before_the_long_poll_connects_still_cuts_it(
    qtbot: Any, tasks: TaskRunner, tmp_path: Path, silent_server: socket.socket
) -> None:
    api = ApiClient(f"http://127.0.0.1:{silent_server.getsockname()[1]}")
    cache = LocalCache(tmp_path / "cache.sqlite3")
    cache.put("cursor", "1")
    feed = ChangeFeedWorker(api, cache, wait_seconds=25)
    states: list[str] = []
    feed.state_changed.connect(states.append)
    about_to_call = stop_before_connecting(api, "changes", feed.stop)
    began = time.monotonic()
    tasks.run(feed.run, name="change-feed")
    qtbot.waitUntil(about_to_call.is_set)
    assert tasks.stop(timeout_seconds=5)
    assert time.monotonic() - began < 2
    QApplication.processEvents()
    assert "offline" not in states
    cache.close()


def test_stopping_the_action_worker_cuts_the_write_in_flight_and_keeps_it_queued(
    qtbot: Any, tasks: TaskRunner, tmp_path: Path, silent_server: socket.socket
) -> None:
    api = ApiClient(f"http://127.0.0.1:{silent_server.getsockname()[1]}")
    cache = LocalCache(tmp_path / "cache.sqlite3")
    worker = ActionWorker(api, cache)
    states: list[str] = []
    worker.state_changed.connect(states.append)
    worker.submit(Action.notes("ABCD-EFGH", "called back"))
    about_to_call = stop_before_connecting(api, "request", worker.stop)
    began = time.monotonic()
    tasks.run(worker.run, name="actions")
    qtbot.waitUntil(about_to_call.is_set)
    assert tasks.stop(timeout_seconds=5)
    assert time.monotonic() - began < 2
    QApplication.processEvents()
    assert "offline" not in states  # a stopping worker is not the server going away
    assert [a.label for a in cache.pending()] == ["notes"]  # sent again at the next sign-in
    cache.close()


def test_after_a_cut_loop_ends_its_thread_calls_the_server_again(
    qtbot: Any, tasks: TaskRunner, tmp_path: Path, silent_server: socket.socket
) -> None:
    api = ApiClient(f"http://127.0.0.1:{silent_server.getsockname()[1]}")
    cache = LocalCache(tmp_path / "cache.sqlite3")
    cache.put("cursor", "1")
    feed = ChangeFeedWorker(api, cache, wait_seconds=25)
    about_to_call = stop_before_connecting(api, "changes", feed.stop)

    def loop_then_another_call_on_its_thread() -> int:
        feed.run()  # cut before it connected
        return api.cursor()  # what a pool thread does next: another job's call

    failures: list[Exception] = []
    tasks.run(loop_then_another_call_on_its_thread, None, failures.append, name="feed-then-call")
    qtbot.waitUntil(about_to_call.is_set)
    connection = None
    while connection is None or connection.recv(4, socket.MSG_PEEK) == b"":
        connection, _address = silent_server.accept()  # the cut loop's connection, then the call's
    assert connection.recv(4) == b"GET "  # not cut: the call has reached the server
    connection.close()
    qtbot.waitUntil(lambda: len(failures) == 1)
    cache.close()
