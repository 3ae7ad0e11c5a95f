"""Windows and dialogs sized to fit the screen, so they stay whole at 150 % scaling on a small laptop."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height`` or nine tenths of the screen, whichever is smaller (150 % scaling)."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() * 9 // 10), min(height, room.height() * 9 // 10)
    widget.resize(width, height)


def fit_main_window(widget: QWidget, width: int, height: int) -> None:
    """A main window at ``width``×``height``, or the whole free screen when that is smaller.

    On a 1280×720 screen (or at 150 %) a 1400×860 window runs off the right edge where no window
    manager clamps it, cutting off the booking panel; the whole screen is what the clerk wants then.
    """
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    room = screen.availableGeometry()
    if width <= room.width() and height <= room.height():
        widget.resize(width, height)
        return
    widget.setGeometry(room)
