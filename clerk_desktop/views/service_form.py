"""The service form of «Υπηρεσίες»: every field of a service and its ordered required documents.

It shows a ``ServiceValues`` and hands one back; fields this reader may not change are read-only,
and the server's per-field messages appear under the fields they are about.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.catalogue import MODES, NUMBER_FIELDS, RequiredDocument, ServiceValues
from clerk_desktop.models.catalogue_items import DocumentColumn, DocumentListModel
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel

# Wide enough that a wrong number reaches the server, whose message says what is allowed.
SPIN_LIMIT = 100_000
NUMBER_SUFFIX = {
    "horizon_days": "catalogue.unit.days",
    "max_active_per_citizen": "",
    "co_applicants": "",
    "co_applicant_confirm_hours": "coapp.unit.hours",
}


class ServiceForm(QWidget):
    """The right-hand side of the tab; ``documents_changed`` when the list is edited."""

    documents_changed = Signal()

    def __init__(self, documents: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents = documents
        self.documents_editable = False
        self.slug = QLineEdit()
        self.name_el = QLineEdit()
        self.name_en = QLineEdit()
        self.description_el = QPlainTextEdit()
        self.description_en = QPlainTextEdit()
        for text in (self.description_el, self.description_en):
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 3 + 14)
        self.group = QComboBox()
        self.numbers: dict[str, QSpinBox] = {}
        for name in NUMBER_FIELDS:
            spin = QSpinBox()
            spin.setRange(-SPIN_LIMIT, SPIN_LIMIT)
            suffix = NUMBER_SUFFIX.get(name, "catalogue.unit.minutes")
            if suffix:
                spin.setSuffix(f" {tr(suffix)}")
            spin.setMinimumWidth(140)
            self.numbers[name] = spin
        self.modes = {mode: QCheckBox(tr(f"legend.{mode}")) for mode in MODES}
        modes_row = QWidget()
        modes_layout = QHBoxLayout(modes_row)
        modes_layout.setContentsMargins(0, 0, 0, 0)
        for box in self.modes.values():
            modes_layout.addWidget(box)
        modes_layout.addStretch(1)

        form = QFormLayout()
        # Names and descriptions take the width; numbers, modes and the group keep their own size.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors = FieldErrors(form)
        self.errors.add_row("slug", tr("catalogue.field.slug"), self.slug)
        self.slug_row = (form.rowCount() - 2, form.rowCount() - 1)
        self.errors.add_row("name_el", tr("catalogue.field.name_el"), self.name_el)
        self.errors.add_row("name_en", tr("catalogue.field.name_en"), self.name_en)
        self.errors.add_row("description_el", tr("catalogue.field.description_el"), self.description_el)
        self.errors.add_row("description_en", tr("catalogue.field.description_en"), self.description_en)
        self.errors.add_row("group_id", tr("catalogue.field.group"), self.group)
        self.errors.add_row("modes", tr("catalogue.field.modes"), modes_row)
        self.errors.add_row(
            "duration_minutes", tr("catalogue.field.duration"), self.numbers["duration_minutes"]
        )
        self.errors.add_row(
            "slot_interval_minutes", tr("catalogue.field.interval"), self.numbers["slot_interval_minutes"]
        )
        note = PlainLabel(tr("catalogue.grid_note"))
        note.setObjectName("hint")
        note.setWordWrap(True)
        form.addRow("", note)
        for name, key in (
            ("lead_time_minutes", "catalogue.field.lead_time"),
            ("horizon_days", "catalogue.field.horizon"),
            ("buffer_before_minutes", "catalogue.field.buffer_before"),
            ("buffer_after_minutes", "catalogue.field.buffer_after"),
            ("max_active_per_citizen", "catalogue.field.limit"),
            ("extra_time_minutes", "needs.extra_time_minutes"),  # issue 18
            ("no_show_rescue_minutes", "catalogue.field.no_show_rescue"),  # issue 18
        ):
            self.errors.add_row(name, tr(key), self.numbers[name])
        # Issue 18: joint appointments (co-applicants).
        self.co_required = QCheckBox(tr("coapp.field.required"))
        self.errors.add_row("co_applicants", tr("coapp.field.count"), self.numbers["co_applicants"])
        self.errors.add_row("co_applicants_required", "", self.co_required)
        self.errors.add_row(
            "co_applicant_confirm_hours", tr("coapp.field.hours"), self.numbers["co_applicant_confirm_hours"]
        )
        self.form = form

        # ---------------------------------------------------------------- the documents
        heading = PlainLabel(tr("catalogue.documents"))
        heading.setObjectName("sectionTitle")
        self.document_table = QTableView()
        self.document_table.setModel(documents)
        self.document_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.document_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.document_table.verticalHeader().setVisible(False)
        self.document_table.setMinimumHeight(120)
        header = self.document_table.horizontalHeader()
        header.setSectionResizeMode(DocumentColumn.EL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DocumentColumn.EN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DocumentColumn.CODE, QHeaderView.ResizeMode.ResizeToContents)
        self.doc_el = QLineEdit()
        self.doc_el.setPlaceholderText(tr("catalogue.doc.el"))
        self.doc_en = QLineEdit()
        self.doc_en.setPlaceholderText(tr("catalogue.doc.en"))
        self.doc_code = QLineEdit()
        self.doc_code.setPlaceholderText(tr("catalogue.doc.code_hint"))
        self.doc_add = QPushButton(tr("catalogue.doc.add"))
        self.doc_update = QPushButton(tr("catalogue.doc.update"))
        self.doc_remove = QPushButton(tr("catalogue.doc.remove"))
        self.doc_up = QPushButton(tr("catalogue.doc.up"))
        self.doc_down = QPushButton(tr("catalogue.doc.down"))
        editor = QHBoxLayout()
        editor.addWidget(self.doc_el, 3)
        editor.addWidget(self.doc_en, 3)
        editor.addWidget(self.doc_code, 2)
        doc_buttons = QHBoxLayout()
        for button in (self.doc_add, self.doc_update, self.doc_remove):
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        doc_buttons.addWidget(self.doc_up)
        doc_buttons.addWidget(self.doc_down)
        self.document_error = PlainLabel()
        self.document_error.setObjectName("error")
        self.document_error.setWordWrap(True)
        self.document_error.hide()
        self.errors.labels["required_documents"] = self.document_error

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(heading)
        layout.addWidget(self.document_table, 1)
        layout.addLayout(editor)
        layout.addLayout(doc_buttons)
        layout.addWidget(self.document_error)
        layout.addWidget(self.errors.general)

        self.doc_add.clicked.connect(self._add_document)
        self.doc_update.clicked.connect(self._update_document)
        self.doc_remove.clicked.connect(self._remove_document)
        self.doc_up.clicked.connect(lambda: self._move_document(-1))
        self.doc_down.clicked.connect(lambda: self._move_document(1))
        self.document_table.selectionModel().selectionChanged.connect(lambda _a, _b: self._document_chosen())
        documents.modelReset.connect(self._document_chosen)
        self._document_chosen()

    # ------------------------------------------------------------------ filling and reading
    def set_groups(self, groups: list[tuple[int, str]]) -> None:
        chosen = self.group.currentData()
        self.group.clear()
        for group_id, name in groups:
            self.group.addItem(name, group_id)
        self.group.setCurrentIndex(max(0, self.group.findData(chosen)))

    def load(self, values: ServiceValues, *, creating: bool) -> None:
        """Show ``values``; the slug field is there only for a new service."""
        self.slug.setText(values.slug)
        self.slug.setReadOnly(not creating)
        self.form.setRowVisible(self.slug_row[0], creating)
        self.name_el.setText(values.name_el)
        self.name_en.setText(values.name_en)
        self.description_el.setPlainText(values.description_el)
        self.description_en.setPlainText(values.description_en)
        self.group.setCurrentIndex(max(0, self.group.findData(values.group_id)))
        for name, spin in self.numbers.items():
            spin.setValue(int(getattr(values, name)))
        for mode, box in self.modes.items():
            box.setChecked(mode in values.modes)
        self.co_required.setChecked(values.co_applicants_required)
        self.documents.set_documents(values.required_documents)
        for line in (self.doc_el, self.doc_en, self.doc_code):
            line.clear()
        self.errors.show({})

    def values(self) -> ServiceValues:
        group = self.group.currentData()
        return ServiceValues(
            name_el=self.name_el.text(),
            name_en=self.name_en.text(),
            description_el=self.description_el.toPlainText(),
            description_en=self.description_en.toPlainText(),
            group_id=int(group) if group is not None else 0,
            modes=tuple(mode for mode, box in self.modes.items() if box.isChecked()),
            required_documents=tuple(self.documents.documents),
            slug=self.slug.text().strip(),
            co_applicants_required=self.co_required.isChecked(),
            **{name: spin.value() for name, spin in self.numbers.items()},
        )

    def set_editable(self, fields: frozenset[str], *, creating: bool) -> None:
        """Fields this reader may not change are shown read-only (an admin creating may set all)."""
        allowed = (lambda _name: True) if creating else (lambda name: name in fields)
        for name, line in (("name_el", self.name_el), ("name_en", self.name_en)):
            line.setReadOnly(not allowed(name))
        for name, text in (("description_el", self.description_el), ("description_en", self.description_en)):
            text.setReadOnly(not allowed(name))
        self.group.setEnabled(allowed("group_id"))
        for name, spin in self.numbers.items():
            spin.setReadOnly(not allowed(name))
        for box in self.modes.values():
            box.setEnabled(allowed("modes"))
        self.co_required.setEnabled(allowed("co_applicants_required"))
        self.documents_editable = allowed("required_documents")
        for widget in (self.doc_el, self.doc_en, self.doc_code):
            widget.setReadOnly(not self.documents_editable)
        self._document_chosen()

    def read_only_fields(self) -> set[str]:
        """The names of the fields shown read-only (for tests and for a glance)."""
        shown = {
            "name_el": self.name_el.isReadOnly(),
            "name_en": self.name_en.isReadOnly(),
            "description_el": self.description_el.isReadOnly(),
            "description_en": self.description_en.isReadOnly(),
            "group_id": not self.group.isEnabled(),
            "modes": not all(box.isEnabled() for box in self.modes.values()),
            "required_documents": not self.documents_editable,
            "co_applicants_required": not self.co_required.isEnabled(),
            **{name: spin.isReadOnly() for name, spin in self.numbers.items()},
        }
        return {name for name, read_only in shown.items() if read_only}

    def show_errors(self, messages: dict[str, str]) -> None:
        """Per-field messages; ``required_documents.2.code`` goes under the documents."""
        grouped: dict[str, str] = {}
        for key, text in messages.items():
            name = key.split(".", 1)[0] if key.startswith("required_documents") else key
            grouped[name] = f"{grouped[name]}\n{text}" if name in grouped else text
        self.errors.show(grouped)

    # ------------------------------------------------------------------ the documents' editor
    def selected_document(self) -> int:
        rows = self.document_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_document(self, row: int) -> None:
        if 0 <= row < self.documents.rowCount():
            self.document_table.selectionModel().select(
                self.documents.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _document_chosen(self) -> None:
        row = self.selected_document()
        editable = self.documents_editable
        if row >= 0:
            document = self.documents.documents[row]
            self.doc_el.setText(document.el)
            self.doc_en.setText(document.en)
            self.doc_code.setText(document.code)
        self.doc_add.setEnabled(editable)
        for button in (self.doc_update, self.doc_remove):
            button.setEnabled(editable and row >= 0)
        self.doc_up.setEnabled(editable and row > 0)
        self.doc_down.setEnabled(editable and 0 <= row < self.documents.rowCount() - 1)

    def _typed_document(self) -> RequiredDocument:
        el, en = self.doc_el.text().strip(), self.doc_en.text().strip()
        code = self.doc_code.text().strip() or _code_from(en or el)
        return RequiredDocument(code, el, en)

    def _add_document(self) -> None:
        row = self.documents.add(self._typed_document())
        self.select_document(row)
        self.documents_changed.emit()

    def _update_document(self) -> None:
        row = self.selected_document()
        if row >= 0:
            self.documents.replace(row, self._typed_document())
            self.documents_changed.emit()

    def _remove_document(self) -> None:
        row = self.selected_document()
        if row >= 0:
            self.documents.remove(row)
            self._document_chosen()
            self.documents_changed.emit()

    def _move_document(self, step: int) -> None:
        row = self.selected_document()
        if row >= 0:
            self.select_document(self.documents.move(row, step))
            self._document_chosen()
            self.documents_changed.emit()


def _code_from(text: str) -> str:
    """A code for a document typed without one: its English words, lower case, joined by ``_``."""
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in text.lower()).split()
    return "_".join(words)[:64]
