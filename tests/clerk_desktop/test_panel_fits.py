"""Issue 15, defects 1 and 8: the booking panel fits the width it gets at 1280×720 (and at 150 %, where the
same screen is 853×480 logical pixels), and nothing a clerk must read is cut: join button, document names,
the document-state drop-down."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QScrollArea, QWidget

from clerk_desktop.controller import ClerkController
from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import DOCUMENT_STATES
from clerk_desktop.views.dialogs import IdentityResult
from clerk_desktop.views.main_window import MainWindow
from service_api.domain.rules import Mode
from tests.helpers.clerk import clerk_a_booking, prompts_of_clerk
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _panel_scroll(window: MainWindow) -> QScrollArea:
    parent = window.panel.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    assert isinstance(parent, QScrollArea)
    return parent


def _assert_fits(window: MainWindow, widgets: list[QWidget]) -> None:
    scroll = _panel_scroll(window)
    room = scroll.viewport().width()
    assert window.panel.minimumSizeHint().width() <= room
    assert window.panel.width() <= room
    assert scroll.horizontalScrollBar().maximum() == 0
    for widget in widgets:
        right = widget.mapTo(scroll.viewport(), widget.rect().topRight()).x()
        assert widget.isVisible() and right <= room, widget


@pytest.mark.parametrize("size", [(1280, 720), (853, 480)], ids=["1280x720", "1280x720-at-150%"])
def test_the_panel_fits_its_width_after_identity_is_verified(
    qtbot: Any, world: World, signed_in: ClerkController, size: tuple[int, int]
) -> None:
    ref = clerk_a_booking(world, athens(3, 10), Mode.IN_PERSON)
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    window = signed_in.window
    assert window is not None
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    signed_in.select(ref)
    prompts_of_clerk(signed_in).answer_identity = lambda name, taxis: IdentityResult(
        "passport", True, None, ""
    )
    window.panel.verify.click()
    qtbot.waitUntil(
        lambda: (b := signed_in.store.get(ref)) is not None and b.identity is not None, timeout=5000
    )
    qtbot.wait(50)  # the layout settles
    panel = window.panel
    _assert_fits(
        window,
        [panel.check_in, panel.verify, panel.table, panel.save_notes, panel.record, panel.follow_up],
    )
    header = panel.table.horizontalHeader()
    state_right = header.sectionPosition(1) + header.sectionSize(1)
    assert state_right <= panel.table.viewport().width()  # the «Κατάσταση» column is on screen


def test_document_names_and_states_are_shown_whole(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    ref = clerk_a_booking(world, athens(3, 11), Mode.IN_PERSON)
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    window = signed_in.window
    assert window is not None
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    signed_in.select(ref)
    table = window.panel.table
    probe = QComboBox()
    for state in DOCUMENT_STATES:
        probe.addItem(tr(f"doc.{state}"))
    assert table.columnWidth(1) >= probe.sizeHint().width()  # «Προσκομίστηκε» whole in the drop-down
    metrics = table.fontMetrics()
    for row in range(window.panel.checklist.rowCount()):
        name = str(window.panel.checklist.index(row, 0).data())
        lines = max(1, -(-metrics.horizontalAdvance(name) // max(1, table.columnWidth(0) - 12)))
        assert table.rowHeight(row) >= lines * metrics.lineSpacing()  # wrapped onto enough lines


def test_the_agenda_join_button_reads_in_full(signed_in: ClerkController) -> None:
    window = signed_in.window
    assert window is not None
    delegate = window.agenda.delegate
    text = tr("panel.join")
    assert delegate.join_width() - 6 >= window.agenda.list.fontMetrics().horizontalAdvance(text)
