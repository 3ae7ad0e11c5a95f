"""Small dialogs of «Υπηρεσίες»: a service group (names, extra fields) and «Στοιχεία δήμου»."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.catalogue import MUNICIPALITY_FIELDS, ExtraField, GroupValues, MunicipalityValues
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.screen_fit import fit_to_screen

GroupAttempt = Callable[[GroupValues], dict[str, str] | None]
MunicipalityAttempt = Callable[[MunicipalityValues], dict[str, str] | None]
EXTRA_COLUMNS = ("key", "label_el", "label_en", "required", "pattern")


def _buttons(dialog: QDialog, save: QPushButton, *, read_only: bool) -> QHBoxLayout:
    close = QPushButton(tr("admin.close") if read_only else tr("login.cancel"))
    close.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(close)
    if not read_only:
        save.setObjectName("primary")
        save.setDefault(True)
        row.addWidget(save)
    return row


class GroupDialog(QDialog):
    """Create or edit a group; ``attempt`` saves it and answers the server's per-field messages."""

    def __init__(
        self, values: GroupValues, attempt: GroupAttempt, *, creating: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.setWindowTitle(tr("catalogue.group_new" if creating else "catalogue.group_edit"))
        self.slug = QLineEdit(values.slug)
        self.slug.setReadOnly(not creating)
        self.name_el = QLineEdit(values.name_el)
        self.name_en = QLineEdit(values.name_en)
        self.position = QSpinBox()
        self.position.setRange(-100_000, 100_000)
        self.position.setValue(values.position)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("slug", tr("catalogue.field.slug"), self.slug)
        self.errors.add_row("name_el", tr("catalogue.field.name_el"), self.name_el)
        self.errors.add_row("name_en", tr("catalogue.field.name_en"), self.name_en)
        self.errors.add_row("position", tr("catalogue.field.position"), self.position)
        heading = PlainLabel(tr("catalogue.extra_fields"))
        heading.setObjectName("sectionTitle")
        hint = PlainLabel(tr("catalogue.extra_fields_hint"))
        hint.setWordWrap(True)
        self.extra = QTableWidget(0, len(EXTRA_COLUMNS))
        self.extra.setHorizontalHeaderLabels([tr(f"catalogue.extra.{c}") for c in EXTRA_COLUMNS])
        self.extra.verticalHeader().setVisible(False)
        self.extra.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for field in values.extra_fields:
            self.add_field(field)
        add = QPushButton(tr("catalogue.extra.add"))
        remove = QPushButton(tr("catalogue.extra.remove"))
        add.clicked.connect(lambda: self.add_field(ExtraField("", "", "")))
        remove.clicked.connect(lambda: self.extra.removeRow(self.extra.currentRow()))
        self.extra_error = PlainLabel()
        self.extra_error.setObjectName("error")
        self.extra_error.setWordWrap(True)
        self.extra_error.hide()
        self.errors.labels["extra_fields"] = self.extra_error
        self.save = QPushButton(tr("admin.save"))
        self.save.clicked.connect(self.submit)
        extra_buttons = QHBoxLayout()
        extra_buttons.addWidget(add)
        extra_buttons.addWidget(remove)
        extra_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.extra, 1)
        layout.addLayout(extra_buttons)
        layout.addWidget(self.extra_error)
        layout.addWidget(self.errors.general)
        layout.addLayout(_buttons(self, self.save, read_only=False))
        fit_to_screen(self, 720, 520)

    def add_field(self, field: ExtraField) -> None:
        """A row of the extra-fields table (as «Προσθήκη πεδίου» adds an empty one)."""
        row = self.extra.rowCount()
        self.extra.insertRow(row)
        for column, text in enumerate((field.key, field.label_el, field.label_en)):
            self.extra.setItem(row, column, QTableWidgetItem(text))
        required = QTableWidgetItem()
        required.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        required.setCheckState(Qt.CheckState.Checked if field.required else Qt.CheckState.Unchecked)
        self.extra.setItem(row, 3, required)
        self.extra.setItem(row, 4, QTableWidgetItem(field.pattern or ""))

    def _text(self, row: int, column: int) -> str:
        item = self.extra.item(row, column)
        return item.text().strip() if item is not None else ""

    def values(self) -> GroupValues:
        fields = []
        for row in range(self.extra.rowCount()):
            item = self.extra.item(row, 3)
            fields.append(
                ExtraField(
                    self._text(row, 0),
                    self._text(row, 1),
                    self._text(row, 2),
                    item is not None and item.checkState() == Qt.CheckState.Checked,
                    self._text(row, 4) or None,
                )
            )
        return GroupValues(
            name_el=self.name_el.text(),
            name_en=self.name_en.text(),
            position=self.position.value(),
            extra_fields=tuple(fields),
            slug=self.slug.text().strip(),
        )

    def submit(self) -> None:
        messages = self.attempt(self.values())
        if messages is None:
            self.accept()
            return
        grouped: dict[str, str] = {}
        for key, text in messages.items():
            name = key.split(".", 1)[0] if key.startswith("extra_fields") else key
            grouped[name] = f"{grouped[name]}\n{key}: {text}" if name in grouped else text
        self.errors.show(grouped)


class MunicipalityDialog(QDialog):
    """«Στοιχεία δήμου»: editable for an admin; read-only for a supervisor, and the time zone once used."""

    def __init__(
        self,
        values: MunicipalityValues,
        attempt: MunicipalityAttempt,
        *,
        read_only: bool,
        timezone_locked: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.setWindowTitle(tr("catalogue.municipality_title"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = FieldErrors(form)
        self.lines: dict[str, QLineEdit] = {}
        for name in MUNICIPALITY_FIELDS:
            line = QLineEdit(str(getattr(values, name)))
            line.setReadOnly(read_only or (name == "timezone" and timezone_locked))
            self.lines[name] = line
            self.errors.add_row(name, tr(f"catalogue.municipality.{name}"), line)
        layout = QVBoxLayout(self)
        if read_only:
            note = PlainLabel(tr("catalogue.municipality_read_only"))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        if timezone_locked:
            locked = PlainLabel(tr("catalogue.timezone_locked"))
            locked.setObjectName("hint")
            locked.setWordWrap(True)
            layout.addWidget(locked)
        layout.addWidget(self.errors.general)
        self.save = QPushButton(tr("admin.save"))
        self.save.clicked.connect(self.submit)
        layout.addLayout(_buttons(self, self.save, read_only=read_only))
        self.setMinimumWidth(560)

    def values(self) -> MunicipalityValues:
        return MunicipalityValues(**{name: line.text().strip() for name, line in self.lines.items()})

    def submit(self) -> None:
        messages = self.attempt(self.values())
        if messages is None:
            self.accept()
        else:
            self.errors.show(messages)
