"""«Νέα κράτηση» (issue 18): the caller's accessibility needs and the co-applicants' fields.

Needs change which times are free (extra time lengthens the slot, an interpreter limits the
clerks), so the dialog asks them before it fetches the times; ``changed`` says to fetch again.
Co-applicants are shown only for a service that takes them. Both are plain widgets: they emit,
they never call the server, and each shows the server's per-field messages for its own fields.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.new_booking import NEED_CODES, CoApplicantEntry, NeedsEntry
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel

MAX_LANGUAGE = 40  # as the server's ``domain.needs.MAX_LANGUAGE``


def _hint(text: str) -> PlainLabel:
    label = PlainLabel(text)
    label.setWordWrap(True)
    label.setObjectName("hint")
    return label


def _growing_form(owner: QWidget) -> QFormLayout:
    """A form whose fields take the width, as the citizen's fields above them do on every style."""
    form = QFormLayout(owner)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def own_fields(errors: FieldErrors, fields: dict[str, str]) -> dict[str, str]:
    """The messages of ``fields`` that ``errors`` has a row for."""
    return {name: text for name, text in fields.items() if name in errors.labels}


class NeedsChoice(QGroupBox):
    """«Διευκολύνσεις»: one checkbox per need; the interpreter's language only with «Διερμηνέας»."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("newbk.needs"), parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for n, code in enumerate(NEED_CODES):
            box = QCheckBox(tr(f"need.{code}"))
            box.toggled.connect(self._toggled)
            self.boxes[code] = box
            grid.addWidget(box, n // 2, n % 2)
        self.language = QLineEdit()
        self.language.setMaxLength(MAX_LANGUAGE)
        self.language.setPlaceholderText(tr("newbk.needs_language_hint"))
        self.language.editingFinished.connect(self.changed.emit)
        self.language_row = QWidget()
        form = _growing_form(self.language_row)
        form.setContentsMargins(0, 0, 0, 0)
        self.errors = FieldErrors(form)
        self.errors.add_row("needs_language", tr("newbk.needs_language"), self.language)
        self.language_row.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(tr("newbk.needs_hint")))
        layout.addLayout(grid)
        layout.addWidget(self.language_row)
        layout.addWidget(self.errors.general)

    def _toggled(self, _on: bool) -> None:
        self.language_row.setVisible(self.boxes["interpreter"].isChecked())
        if not self.boxes["interpreter"].isChecked():
            self.errors.show({})
        self.changed.emit()

    def clear(self) -> None:
        """Nothing asked, without a fetch per box (the dialog asks the times once after)."""
        for box in self.boxes.values():
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.language.clear()
        self.language_row.hide()
        self.errors.show({})

    def entry(self) -> NeedsEntry:
        codes = tuple(code for code, box in self.boxes.items() if box.isChecked())
        return NeedsEntry(codes, self.language.text().strip() if "interpreter" in codes else "")

    def missing(self) -> dict[str, str]:
        """What to fill before the times can be asked: the interpreter's language."""
        entry = self.entry()
        return (
            {"needs_language": tr("newbk.need_language")}
            if "interpreter" in entry.codes and not entry.language
            else {}
        )

    def show_errors(self, fields: dict[str, str]) -> None:
        """The language's message under it; an unknown need's above the boxes."""
        mine = own_fields(self.errors, fields)
        if "needs" in fields:
            mine["needs"] = fields["needs"]
        self.errors.show(mine)


class CoApplicantFields(QGroupBox):
    """«Συναιτούντες»: e-mail and name of each co-applicant the chosen service takes (hidden for none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("coapp.title"), parent)
        self.count, self.required = 0, False
        self.emails: list[QLineEdit] = []
        self.names: list[QLineEdit] = []
        self.hint = _hint("")
        self.rows = QWidget()
        self.errors = FieldErrors(_growing_form(self.rows))
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.hint)
        self._layout.addWidget(self.rows)
        self.hide()

    def set_service(self, count: int, required: bool) -> None:
        """Fields for ``count`` co-applicants; what was typed stays when the count does."""
        if (count, required) == (self.count, self.required) and self.rows.layout() is not None:
            return
        self.count, self.required = count, required
        self._layout.removeWidget(self.rows)
        self.rows.deleteLater()
        self.rows = QWidget()
        self.errors = FieldErrors(_growing_form(self.rows))
        self.emails, self.names = [], []
        for n in range(1, count + 1):
            email, name = QLineEdit(), QLineEdit()
            self.errors.add_row(f"co_applicants.{n - 1}.email", tr("newbk.coapp_email", n=n), email)
            self.errors.add_row(f"co_applicants.{n - 1}.name", tr("newbk.coapp_name", n=n), name)
            self.emails.append(email)
            self.names.append(name)
        self._layout.addWidget(self.rows)
        self.hint.setText(tr("newbk.coapp_required" if required else "newbk.coapp_optional"))
        self.setVisible(count > 0)

    def entries(self) -> tuple[CoApplicantEntry, ...]:
        """The co-applicants typed, in order (a row without an e-mail is left out)."""
        return tuple(
            CoApplicantEntry(email.text(), name.text())
            for email, name in zip(self.emails, self.names, strict=True)
            if email.text().strip()
        )

    def missing(self) -> dict[str, str]:
        """A required co-applicant left out, shown under the first e-mail (the server checks the rest)."""
        if self.count and self.required and not self.entries():
            return {"co_applicants.0.email": tr("newbk.need_coapp")}
        return {}

    def clear(self) -> None:
        for line in (*self.emails, *self.names):
            line.clear()

    def show_errors(self, fields: dict[str, str]) -> None:
        self.errors.show(own_fields(self.errors, fields))
