"""The calendar-link dialog shows and copies the link; it only asks for a rotation, never makes one."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication

from clerk_desktop.i18n import tr
from clerk_desktop.views.dialogs import CalendarLinkDialog


def test_the_dialog_shows_the_url_copies_it_and_only_asks_for_a_rotation(qtbot: Any) -> None:
    dialog = CalendarLinkDialog("http://dimos.test/ical/7-abc.ics")
    qtbot.addWidget(dialog)
    assert dialog.url.isReadOnly() and dialog.url.text().endswith("7-abc.ics")
    dialog.copy.click()
    assert QGuiApplication.clipboard().text() == "http://dimos.test/ical/7-abc.ics"
    assert dialog.status.text() == tr("feedlink.copied")
    with qtbot.waitSignal(dialog.rotate_requested):
        dialog.rotate.click()
    assert dialog.url.text().endswith("7-abc.ics")  # the dialog never changes the link by itself
    dialog.set_busy()
    assert not dialog.rotate.isEnabled()
    dialog.show_url("http://dimos.test/ical/7-def.ics")
    assert dialog.url.text().endswith("7-def.ics") and dialog.rotate.isEnabled()
    assert dialog.status.text() == tr("feedlink.rotated")
