"""Labels and message boxes that show text as text: a citizen's name from the server is never markup.

Qt guesses whether a label's text is rich text (``Qt.TextFormat.AutoText``), so a name such as
``<h1>…</h1><a href=…>`` would be drawn as a heading and a link. Every label of the desktop is a
``PlainLabel`` and every warning a ``plain_warning``, so nothing can be interpreted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


class PlainLabel(QLabel):
    """A ``QLabel`` fixed to plain text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)


def plain_warning(parent: QWidget | None, title: str, text: str) -> None:
    """``QMessageBox.warning`` with its text shown as plain text."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def plain_choice(parent: QWidget | None, title: str, text: str, options: list[tuple[str, str]]) -> str | None:
    """A question in plain text with one button per option (key, text) and Cancel; the key chosen."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    buttons = {box.addButton(label, QMessageBox.ButtonRole.AcceptRole): key for key, label in options}
    box.exec()
    return buttons.get(box.clickedButton())  # type: ignore[call-overload]
