"""«Προστασία δεδομένων» on its own: filters and requests become signals, the table follows its model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from clerk_desktop.models.access_log import AccessEntry, AccessFilter, AccessLogModel
from clerk_desktop.views.data_protection_window import DataProtectionWindow


def entry(entry_id: int) -> AccessEntry:
    return AccessEntry.from_json(
        {
            "id": entry_id,
            "at": "2026-12-02T07:30:00+00:00",
            "channel": "panel",
            "staff": {"id": 3, "name": "<b>Μαρία</b>", "username": "maria"},
            "reference": "ABCD-2345",
        }
    )


def make(qtbot: Any) -> tuple[DataProtectionWindow, AccessLogModel]:
    model = AccessLogModel()
    window = DataProtectionWindow(model, staff_name="Ειρήνη")
    qtbot.addWidget(window)
    return window, model


def test_the_window_has_no_calendar_only_the_log_its_filters_and_the_requests(qtbot: Any) -> None:
    window, _model = make(qtbot)
    assert window.windowTitle() == "Ραντεβού Δήμου — Προστασία δεδομένων — Ειρήνη"
    assert window.staff.itemText(0) == "Όλοι"
    assert [a.text() for a in window.menuBar().actions()[0].menu().actions()] == [
        "Ο λογαριασμός μου…",
        "Αποσύνδεση",
        "Έξοδος",
    ]
    texts = [label.text() for label in window.findChildren(QLabel)]
    assert any("δεν αλλάζουν ούτε διαγράφονται" in text for text in texts)


def test_a_search_sends_the_filters_typed_and_chosen(qtbot: Any) -> None:
    window, _model = make(qtbot)
    window.set_staff([(4, "Κώστας"), (3, "Μαρία")])
    window.staff.setCurrentIndex(window.staff.findData(3))
    qtbot.keyClicks(window.citizen, "zoe@example.org")
    window.reference.setText("abcd-2345")
    with qtbot.waitSignal(window.search_requested) as searched:
        window.search.click()
    assert searched.args == [AccessFilter(citizen="zoe@example.org", staff_id=3, reference="abcd-2345")]
    window.set_staff([(3, "Μαρία"), (5, "Νίκος")])  # reloaded: the choice stays
    assert window.staff.currentData() == 3
    with qtbot.waitSignal(window.search_requested) as cleared:
        window.clear.click()
    assert cleared.args == [AccessFilter()]
    with qtbot.waitSignal(window.search_requested):
        qtbot.keyClick(window.citizen, Qt.Key.Key_Return)


def test_export_and_erase_need_a_citizen_and_say_which_form(qtbot: Any) -> None:
    window, _model = make(qtbot)
    buttons = (window.export_json, window.export_html, window.erase)
    assert not any(b.isEnabled() for b in buttons)
    window.citizen.setText("090000045")
    assert all(b.isEnabled() for b in buttons)
    for button, form in ((window.export_json, "json"), (window.export_html, "html")):
        with qtbot.waitSignal(window.export_requested) as asked:
            button.click()
        assert asked.args == [form]
    with qtbot.waitSignal(window.erase_requested):
        window.erase.click()
    window.citizen.setText("  ")
    assert not any(b.isEnabled() for b in buttons)


def test_the_count_and_more_follow_the_model(qtbot: Any) -> None:
    window, model = make(qtbot)
    assert window.count.text() == "0 εγγραφές" and not window.more.isEnabled()
    model.set_entries([entry(9)], 9)
    assert window.count.text() == "1 εγγραφή (και άλλες παλαιότερες)" and window.more.isEnabled()
    with qtbot.waitSignal(window.more_requested):
        window.more.click()
    window.set_busy()
    assert window.count.text() == "Φόρτωση…" and not window.more.isEnabled()
    model.add_page([entry(4)], None)
    assert window.count.text() == "2 εγγραφές" and not window.more.isEnabled()
    assert window.table.model().index(0, 1).data() == "<b>Μαρία</b>"  # a name is text, never markup
