"""Per-field messages under a form's inputs: the server's ``fields`` shown where the user types."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget

from clerk_desktop.views.plain_text import PlainLabel


class FieldErrors:
    """One hidden error label under each named input; ``show`` fills them, the rest go to ``general``."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.labels: dict[str, PlainLabel] = {}
        self.general = PlainLabel()
        self.general.setObjectName("error")
        self.general.setWordWrap(True)
        self.general.hide()

    def add_row(self, name: str, title: str, widget: QWidget) -> None:
        """Add ``widget`` as the form row for field ``name``, with its error label beneath."""
        self.form.addRow(title, widget)
        label = PlainLabel()
        label.setObjectName("error")
        label.setWordWrap(True)
        label.hide()
        self.form.addRow("", label)
        self.labels[name] = label

    def show(self, messages: dict[str, str]) -> None:
        """Show ``messages`` (field name -> text); a message for no known field goes to ``general``."""
        rest = []
        for name, label in self.labels.items():
            text = messages.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))
        for name, text in messages.items():
            if name not in self.labels:
                rest.append(text)
        self.general.setText("\n".join(rest))
        self.general.setVisible(bool(rest))

    def text(self, name: str) -> str:
        """The message shown under field ``name`` (or the general one for ``""``), for tests."""
        label = self.labels.get(name, self.general)
        return "" if label.isHidden() else label.text()
