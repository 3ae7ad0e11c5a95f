"""The visual weekly editor on its own: what drawing, dragging, keys and the menu do to the periods."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from clerk_desktop.models.plan_model import Period, PlanModel
from clerk_desktop.views.plan_editor import PlanEditor

MON, TUE, WED = 0, 1, 2


def hours(h: int, m: int = 0) -> int:
    return h * 60 + m


@pytest.fixture
def editor(qtbot: Any) -> PlanEditor:
    widget = PlanEditor(PlanModel())
    qtbot.addWidget(widget)
    widget.resize(840, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drag(qtbot: Any, widget: PlanEditor, start: QPoint, end: QPoint) -> None:
    """Press, move in two steps and release, as a hand does."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(widget, middle)
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_on_empty_space_draws_a_period_snapped_to_quarters(qtbot: Any, editor: PlanEditor) -> None:
    start = editor.point_of(MON, hours(8))
    end = editor.point_of(MON, hours(14))
    with qtbot.waitSignal(editor.edited):
        drag(qtbot, editor, start + QPoint(0, 2), end - QPoint(0, 2))  # a hair off the quarter: snapped
    assert editor.model.periods == [Period(MON, hours(8), hours(14))]
    assert editor.model.selected == 0
    assert editor.model.body(date(2026, 12, 7))["periods"] == [
        {"weekday": 0, "start": "08:00", "end": "14:00", "weeks": "all"}
    ]


def test_drawing_upwards_gives_the_same_period(qtbot: Any, editor: PlanEditor) -> None:
    drag(qtbot, editor, editor.point_of(TUE, hours(12)), editor.point_of(TUE, hours(9, 30)))
    assert editor.model.periods == [Period(TUE, hours(9, 30), hours(12))]


def test_dragging_a_period_moves_it_to_another_day_and_time(qtbot: Any, editor: PlanEditor) -> None:
    editor.model.set_periods([Period(MON, hours(8), hours(10))])
    grab = editor.point_of(MON, hours(9))
    drop = editor.point_of(WED, hours(11))
    with qtbot.waitSignal(editor.edited):
        drag(qtbot, editor, grab, drop)
    assert editor.model.periods == [Period(WED, hours(10), hours(12))]


def test_dragging_the_edges_resizes_a_period(qtbot: Any, editor: PlanEditor) -> None:
    editor.model.set_periods([Period(MON, hours(8), hours(10))])
    drag(qtbot, editor, editor.point_of(MON, hours(10)), editor.point_of(MON, hours(13, 15)))
    assert editor.model.periods == [Period(MON, hours(8), hours(13, 15))]
    drag(qtbot, editor, editor.point_of(MON, hours(8)), editor.point_of(MON, hours(9, 45)))
    assert editor.model.periods == [Period(MON, hours(9, 45), hours(13, 15))]


def test_an_overlapping_period_is_refused_with_a_message(qtbot: Any, editor: PlanEditor) -> None:
    editor.model.set_periods([Period(MON, hours(8), hours(12)), Period(MON, hours(13), hours(14))])
    with qtbot.waitSignal(editor.model.refused) as refused:
        drag(qtbot, editor, editor.point_of(MON, hours(11)), editor.point_of(MON, hours(11)) + QPoint(0, 1))
        drag(qtbot, editor, editor.point_of(MON, hours(12, 15)), editor.point_of(MON, hours(13, 30)))
    assert "Δευτέρα 12:15–13:30" in refused.args[0] and "Δευτέρα 13:00–14:00" in refused.args[0]
    # moving the afternoon period into the morning one is refused too, and nothing moves
    drag(qtbot, editor, editor.point_of(MON, hours(13, 30)), editor.point_of(MON, hours(10)))
    assert editor.model.periods == [Period(MON, hours(8), hours(12)), Period(MON, hours(13), hours(14))]


def test_odd_and_even_weeks_share_a_day_and_are_drawn_side_by_side(qtbot: Any, editor: PlanEditor) -> None:
    editor.model.set_periods([Period(MON, hours(8), hours(12))])
    menu = editor.menu_for(0)
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels[:3] == ["Κάθε εβδομάδα", "Μονές εβδομάδες", "Ζυγές εβδομάδες"]
    menu.actions()[1].trigger()
    assert editor.model.periods == [Period(MON, hours(8), hours(12), "odd")]
    drag(qtbot, editor, editor.point_of(MON, hours(9), "even"), editor.point_of(MON, hours(11), "even"))
    assert len(editor.model.periods) == 1  # drawn as every week first: that overlaps the odd one
    editor.model.add(Period(MON, hours(9), hours(11), "even"))
    odd, even = (editor.period_rect(p) for p in editor.model.periods)
    assert odd.right() < even.left()  # odd on the left half, even on the right


def test_keys_move_and_delete_the_selected_period(qtbot: Any, editor: PlanEditor) -> None:
    editor.model.set_periods([Period(MON, hours(8), hours(9))])
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=editor.point_of(MON, hours(8, 30)))
    assert editor.model.selected == 0
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    qtbot.keyClick(editor, Qt.Key.Key_Right)
    assert editor.model.periods == [Period(TUE, hours(8, 15), hours(9, 15))]
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.model.periods == []


def test_the_context_menu_removes_a_period(qtbot: Any, editor: PlanEditor) -> None:
    editor.model.set_periods([Period(MON, hours(8), hours(9)), Period(TUE, hours(8), hours(9))])
    menu = editor.menu_for(0)
    next(a for a in menu.actions() if a.text() == "Διαγραφή διαστήματος").trigger()
    assert editor.model.periods == [Period(TUE, hours(8), hours(9))]
