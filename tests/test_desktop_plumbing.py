"""The desktop's plumbing without a server: the selection model, task runner, guarded loop, stopping."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from clerk_desktop.client.api import ApiClient
from clerk_desktop.client.cache import LocalCache
from clerk_desktop.client.sync import ChangeFeedWorker
from clerk_desktop.client.tasks import TaskRunner, wait_for
from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.selection import Selection
from clerk_desktop.views.main_window import MainWindow

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def row(reference: str, hours: int = 0, version: int = 1) -> dict[str, Any]:
    start = START + timedelta(hours=hours)
    return {
        "reference": reference,
        "version": version,
        "status": "confirmed",
        "mode": "in_person",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=30)).isoformat(),
        "service": {"id": 1, "name_el": "Υπηρεσία", "name_en": "Service"},
        "citizen": {"name": f"Πολίτης {reference}", "email": "c@example.org", "phone": "6941234567"},
        "documents": [],
    }


@pytest.fixture
def store() -> BookingStore:
    store = BookingStore()
    store.replace_all([row("AAA", 0), row("BBB", 1)])
    return store


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.stop(timeout_seconds=10)


def test_the_selection_says_when_it_changes_and_only_then(qtbot: Any, store: BookingStore) -> None:
    selection = Selection(store)
    with qtbot.waitSignal(selection.changed) as blocker:
        selection.select("AAA")
    assert blocker.args == ["AAA"] and selection.current == "AAA"
    with qtbot.assertNotEmitted(selection.changed):
        selection.select("AAA")
    with qtbot.waitSignal(selection.changed) as blocker:
        selection.clear()
    assert blocker.args == [None] and selection.current is None


def test_a_booking_removed_from_the_store_is_no_longer_selected(qtbot: Any, store: BookingStore) -> None:
    selection = Selection(store)
    selection.select("AAA")
    with qtbot.assertNotEmitted(selection.changed):
        store.remove("BBB")
    with qtbot.waitSignal(selection.changed) as blocker:
        store.remove("AAA")
    assert blocker.args == [None] and selection.current is None


def test_the_week_agenda_and_panel_follow_the_selection(qtbot: Any, store: BookingStore) -> None:
    selection = Selection(store)
    agenda = AgendaModel(store, "el")
    window = MainWindow(store, agenda, ChecklistModel("el", {}), selection)
    qtbot.addWidget(window)
    window.go_to(START.date())
    agenda.set_day(START.date())
    selection.select("BBB")
    assert window.week.selected == "BBB"
    assert window.panel.booking is not None and window.panel.booking.reference == "BBB"
    current = window.agenda.list.currentIndex()
    assert current.isValid() and agenda.booking_at(current.row()).reference == "BBB"  # type: ignore[union-attr]
    store.upsert_json({**row("BBB", 1, version=2), "notes": "νέες σημειώσεις"})
    assert window.panel.booking is not None and window.panel.booking.version == 2
    store.remove("BBB", 2)
    assert window.panel.booking is None and window.week.selected is None


def test_clicking_a_block_selects_it_for_everyone(qtbot: Any, store: BookingStore) -> None:
    from PySide6.QtCore import Qt

    selection = Selection(store)
    window = MainWindow(store, AgendaModel(store, "el"), ChecklistModel("el", {}), selection)
    qtbot.addWidget(window)
    window.go_to(START.date())
    window.resize(1400, 860)
    window.week.relayout()
    block = next(b for b in window.week.blocks() if b.booking.reference == "AAA")
    with qtbot.waitSignal(selection.changed) as blocker:
        qtbot.mouseClick(window.week, Qt.MouseButton.LeftButton, pos=block.rect.center().toPoint())
    assert blocker.args == ["AAA"]
    assert window.panel.booking is not None and window.panel.booking.reference == "AAA"


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
