"""The selection is a model: the week view, the agenda and the panel follow it, and clicks set it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

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


def test_the_selection_clears_when_the_store_is_emptied(qtbot: Any, store: BookingStore) -> None:
    selection = Selection(store)
    selection.select("AAA")
    with qtbot.waitSignal(selection.changed) as blocker:
        store.clear()
    assert blocker.args == [None] and selection.current is None
