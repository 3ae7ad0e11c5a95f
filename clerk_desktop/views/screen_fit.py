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
