"""Moving and cancelling from the desk (issue 15, front desk): the dialog of free times, a dragged tile,
a cancellation with its reason, refusals shown with nothing changed, and no queueing offline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from clerk_desktop.controller import ClerkController
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.views.cancel_dialog import CancelDialog
from clerk_desktop.views.reschedule_dialog import RescheduleDialog
from clerk_desktop.views.week_view import WeekView
from service_api.booking import booking_reads
from service_api.domain.rules import Mode
from tests.helpers.clerk import prompts_of_clerk
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WEEK = date(2026, 12, 7)  # Monday: the booking is on Wednesday the 9th, moved to Thursday the 10th


@pytest.fixture
def on_the_week(signed_in: ClerkController) -> ClerkController:
    """The shared signed-in clerk, moved to the week of the booking."""
    assert signed_in.window is not None
    signed_in.window.go_to(WEEK)
    return signed_in


def clerk_a_booking(world: World, start: datetime, who: int = 1) -> str:
    """Book so that clerk_a gets it: the others are busy at that time."""
    for n in range(3):
        booking = create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=start,
            mode=Mode.IN_PERSON,
            who=who * 10 + n,
        ).booking
        if booking.staff_id == world.staff["clerk_a"]:
            return booking.reference
    raise AssertionError("clerk_a got no booking")


def on_server(world: World, reference: str) -> tuple[datetime, str, str, int]:
    with world.rt.store.read() as session:
        b = booking_reads.booking_by_reference(session, reference)
        return b.start_at, b.status, b.cancel_reason, b.staff_id


def shown(controller: ClerkController, reference: str) -> tuple[datetime, str]:
    booking = controller.store.get(reference)
    assert booking is not None
    return booking.start, booking.status


def selected(qtbot: Any, controller: ClerkController, reference: str) -> None:
    qtbot.waitUntil(lambda: controller.store.get(reference) is not None, timeout=10000)
    controller.select(reference)
    assert controller.window is not None
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.panel.reschedule.isEnabled())


# ---------------------------------------------------------------- the dialog
def test_the_dialog_lists_free_times_by_day_and_moves_the_booking(
    qtbot: Any, world: World, on_the_week: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(9, 10))
    selected(qtbot, on_the_week, ref)
    asked: list[RescheduleDialog] = []

    def answer(dialog: RescheduleDialog) -> None:
        asked.append(dialog)
        assert dialog.days.count() >= 10  # three weeks of working days
        assert dialog.days.currentRow() == 0 and dialog.times.count() > 0
        # The booking's own time is not offered as a new one; the others of its day are.
        dialog.choose(date(2026, 12, 9), "10:00")
        times = [dialog.times.item(row).text() for row in range(dialog.times.count())]
        assert "10:00" not in times and "10:30" in times and dialog.chosen() is None
        dialog.choose(date(2026, 12, 10), "11:00")
        assert dialog.confirm.isEnabled() and dialog.keep_clerk.isChecked()
        dialog.accept()

    prompts_of_clerk(on_the_week).answer_reschedule = answer
    assert on_the_week.window is not None
    on_the_week.window.panel.reschedule.click()
    qtbot.waitUntil(lambda: on_server(world, ref)[0] == athens(10, 11), timeout=10000)
    assert asked and on_server(world, ref)[3] == world.staff["clerk_a"]  # kept by the clerk
    qtbot.waitUntil(lambda: shown(on_the_week, ref)[0] == athens(10, 11), timeout=10000)
    assert "μεταφέρθηκε" in on_the_week.window.statusBar().currentMessage()
    assert not prompts_of_clerk(on_the_week).warnings


def test_a_refused_move_is_shown_in_the_clerks_words_and_nothing_changes(
    qtbot: Any, world: World, on_the_week: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(9, 10))
    selected(qtbot, on_the_week, ref)

    def answer(dialog: RescheduleDialog) -> None:
        dialog.choose(date(2026, 12, 10), "11:00")
        clerk_a_booking(world, athens(10, 11), who=5)  # another citizen takes the clerk's time meanwhile
        dialog.accept()

    prompts = prompts_of_clerk(on_the_week)
    prompts.answer_reschedule = answer
    assert on_the_week.window is not None
    on_the_week.window.panel.reschedule.click()
    qtbot.waitUntil(lambda: bool(prompts.warnings), timeout=10000)
    assert "Η ώρα δεν άλλαξε" in prompts.warnings[0] and "δεν είναι πια ελεύθερη" in prompts.warnings[0]
    assert on_server(world, ref)[:2] == (athens(9, 10), "confirmed")
    assert shown(on_the_week, ref) == (athens(9, 10), "confirmed")


# ---------------------------------------------------------------- dragging a tile
def _mouse(view: WeekView, kind: QEvent.Type, at: QPointF, buttons: Qt.MouseButton) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, at, view.mapToGlobal(at), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, event)


def _drag(view: WeekView, reference: str, to: datetime) -> None:
    """Press on the tile's top, move in steps to where its top would start at ``to``, release."""
    block = next(b for b in view.blocks() if b.booking.reference == reference)
    grab = QPointF(block.rect.left() + 10, block.rect.top() + 4)
    column = view.days().index(to.date())
    target = QPointF(view.drag.view_left(column) + 20, view._y(to) + 4)
    left = Qt.MouseButton.LeftButton
    _mouse(view, QEvent.Type.MouseButtonPress, grab, left)
    for step in range(1, 6):
        _mouse(view, QEvent.Type.MouseMove, grab + (target - grab) * (step / 5), left)
    _mouse(view, QEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton)


def test_dragging_a_tile_asks_then_moves_it_to_the_offered_time_nearest_the_drop(
    qtbot: Any, world: World, on_the_week: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(9, 10))
    assert on_the_week.window is not None
    view = on_the_week.window.week
    qtbot.waitUntil(lambda: any(b.booking.reference == ref for b in view.blocks()), timeout=10000)
    prompts = prompts_of_clerk(on_the_week)
    questions: list[str] = []

    def answer(text: str, options: list[tuple[str, str]]) -> str:
        questions.append(text)
        return options[0][0]

    prompts.answer_choose = answer
    with qtbot.waitSignal(view.booking_move_requested) as dropped:
        _drag(view, ref, athens(10, 11, 5))  # near 11:00 on the Thursday
    assert dropped.args == [ref, datetime(2026, 12, 10, 11, 5, tzinfo=ATHENS)]
    assert shown(on_the_week, ref)[0] == athens(9, 10)  # the tile stays until the server has moved it
    qtbot.waitUntil(lambda: on_server(world, ref)[0] == athens(10, 11), timeout=10000)
    assert "10/12/2026 11:00" in questions[0] and "09/12/2026 10:00" in questions[0]
    qtbot.waitUntil(lambda: shown(on_the_week, ref)[0] == athens(10, 11), timeout=10000)


def test_a_dropped_tile_the_clerk_declines_or_the_server_refuses_goes_back(
    qtbot: Any, world: World, on_the_week: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(9, 10))
    clerk_a_booking(world, athens(10, 11), who=5)  # the clerk is busy then; colleagues are free
    assert on_the_week.window is not None
    view = on_the_week.window.week
    qtbot.waitUntil(lambda: any(b.booking.reference == ref for b in view.blocks()), timeout=10000)
    prompts = prompts_of_clerk(on_the_week)
    prompts.answer_choose = lambda text, options: None  # «Άκυρο»
    _drag(view, ref, athens(10, 11))
    qtbot.waitUntil(lambda: len(prompts.questions) == 1, timeout=10000)
    assert on_server(world, ref)[0] == athens(9, 10)

    prompts.answer_choose = lambda text, options: options[0][0]
    _drag(view, ref, athens(10, 11))
    qtbot.waitUntil(lambda: bool(prompts.warnings), timeout=10000)
    assert "δεν είναι πια ελεύθερη" in prompts.warnings[0]
    assert on_server(world, ref)[0] == athens(9, 10) and shown(on_the_week, ref)[0] == athens(9, 10)
    block = next(b for b in view.blocks() if b.booking.reference == ref)
    assert abs(block.rect.top() - (view._y(athens(9, 10)) + 1)) < 0.5  # drawn where it was
    assert view.drag.outline is None

    _drag(view, ref, athens(10, 14, 30))  # after the last start (13:30): nothing offered near, nothing asked
    qtbot.waitUntil(lambda: len(prompts.warnings) == 2, timeout=10000)
    assert "Δεν προσφέρεται ελεύθερη ώρα" in prompts.warnings[1] and len(prompts.questions) == 2


# ---------------------------------------------------------------- cancelling
def test_cancelling_asks_for_a_reason_and_cancels_with_it(
    qtbot: Any, world: World, on_the_week: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(9, 10))
    selected(qtbot, on_the_week, ref)
    seen: list[CancelDialog] = []

    def answer(dialog: CancelDialog) -> None:
        seen.append(dialog)
        assert not dialog.confirm.isEnabled()  # no reason, no cancellation
        dialog.reason.setPlainText("   ")
        assert not dialog.confirm.isEnabled()
        dialog.reason.setPlainText("Ο πολίτης τηλεφώνησε ότι\nδεν μπορεί να έρθει")
        assert dialog.confirm.isEnabled()
        dialog.confirm.click()

    prompts_of_clerk(on_the_week).answer_cancel_booking = answer
    assert on_the_week.window is not None
    on_the_week.window.panel.cancel_booking.click()
    qtbot.waitUntil(lambda: on_server(world, ref)[1] == "cancelled", timeout=10000)
    assert on_server(world, ref)[2] == "Ο πολίτης τηλεφώνησε ότι δεν μπορεί να έρθει"
    qtbot.waitUntil(lambda: shown(on_the_week, ref)[1] == "cancelled", timeout=10000)
    assert not on_the_week.window.panel.reschedule.isEnabled()
    assert not on_the_week.window.panel.cancel_booking.isEnabled()


def test_going_back_from_the_cancel_dialog_changes_nothing(
    qtbot: Any, world: World, on_the_week: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(9, 10))
    selected(qtbot, on_the_week, ref)
    prompts = prompts_of_clerk(on_the_week)
    prompts.answer_cancel_booking = lambda dialog: (dialog.reason.setPlainText("λάθος"), dialog.reject())[-1]
    assert on_the_week.window is not None
    on_the_week.window.panel.cancel_booking.click()
    assert len(prompts.cancel_forms) == 1
    assert on_server(world, ref)[1] == "confirmed" and shown(on_the_week, ref)[1] == "confirmed"


# ---------------------------------------------------------------- offline
def test_offline_a_move_or_cancellation_is_refused_not_queued(
    qtbot: Any, world: World, live: LiveServer, on_the_week: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(9, 10))
    selected(qtbot, on_the_week, ref)
    live.stop()
    window = on_the_week.window
    assert window is not None
    qtbot.waitUntil(lambda: "Εκτός σύνδεσης" in window.sync_label.text(), timeout=20000)
    prompts = prompts_of_clerk(on_the_week)
    window.panel.reschedule.click()
    window.panel.cancel_booking.click()
    assert len(prompts.warnings) == 2 and all("μόνο με σύνδεση" in w for w in prompts.warnings)
    assert not prompts.reschedule_forms and not prompts.cancel_forms
    cache = on_the_week.session.cache
    assert cache is not None and cache.pending() == []
    assert shown(on_the_week, ref) == (athens(9, 10), "confirmed")
