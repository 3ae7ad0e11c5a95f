"""The «Νέο κλείσιμο» form (with a live preview of its next dates) and the list of bookings it falls on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.closures import (
    KINDS,
    MAX_EASTER_OFFSET,
    AffectedBooking,
    ClosureFormValues,
    day_list,
    easter_day_name,
)
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.screen_fit import fit_to_screen

KIND_FIELDS = {"once": ("date",), "annual": ("day", "month"), "easter": ("easter_offset",)}
SHARED_ROWS = {"month": "day", "end": "start"}  # fields that share a row: month beside day, end beside start
ClosureAttempt = Callable[[ClosureFormValues], dict[str, str] | None]
MONTHS_EL = (
    "Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου",
    "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class ClosureDialog(QDialog):
    """A new closure; ``attempt`` saves it and answers the server's per-field messages (the form stays)."""

    def __init__(
        self,
        values: ClosureFormValues,
        attempt: ClosureAttempt,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.today = today
        self.setWindowTitle(tr("closures.form.title"))
        self.kinds = QButtonGroup(self)
        kind_row = QWidget()
        kind_layout = QHBoxLayout(kind_row)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for number, kind in enumerate(KINDS):
            button = QRadioButton(tr(f"closures.form.{kind}"))
            self.kinds.addButton(button, number)
            kind_layout.addWidget(button)
            self.kind_buttons[kind] = button
        kind_layout.addStretch(1)
        self.kind_buttons[values.kind].setChecked(True)
        self.on = QDateEdit()
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd/MM/yyyy")
        first = values.on or today
        self.on.setDate(QDate(first.year, first.month, first.day))
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        self.day.setValue(values.day)
        self.month = QComboBox()
        for number, name in enumerate(MONTHS_EN if language() == "en" else MONTHS_EL, start=1):
            self.month.addItem(name, number)
        self.month.setCurrentIndex(values.month - 1)
        annual = QWidget()
        annual_layout = QHBoxLayout(annual)
        annual_layout.setContentsMargins(0, 0, 0, 0)
        annual_layout.addWidget(self.day)
        annual_layout.addWidget(self.month, 1)
        self.offset = QSpinBox()
        self.offset.setRange(-MAX_EASTER_OFFSET, MAX_EASTER_OFFSET)
        self.offset.setValue(values.easter_offset)
        self.offset_name = PlainLabel()
        easter = QWidget()
        easter_layout = QHBoxLayout(easter)
        easter_layout.setContentsMargins(0, 0, 0, 0)
        easter_layout.addWidget(self.offset)
        easter_layout.addWidget(self.offset_name, 1)
        self.whole_day = QCheckBox(tr("closures.form.whole_day"))
        self.whole_day.setChecked(values.whole_day)
        self.start = QTimeEdit(QTime.fromString(values.start, "HH:mm"))
        self.end = QTimeEdit(QTime.fromString(values.end, "HH:mm"))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        hours = QWidget()
        hours_layout = QHBoxLayout(hours)
        hours_layout.setContentsMargins(0, 0, 0, 0)
        hours_layout.addWidget(self.whole_day)
        hours_layout.addSpacing(12)
        hours_layout.addWidget(PlainLabel(tr("closures.form.from")))
        hours_layout.addWidget(self.start)
        hours_layout.addWidget(PlainLabel(tr("closures.form.to")))
        hours_layout.addWidget(self.end)
        hours_layout.addStretch(1)
        self.name_el = QLineEdit(values.name_el)
        self.name_en = QLineEdit(values.name_en)
        self.preview = PlainLabel()
        self.preview.setObjectName("hint")
        self.preview.setWordWrap(True)
        self.form = QFormLayout()
        self.errors = FieldErrors(self.form)
        self.errors.add_row("kind", tr("closures.form.kind"), kind_row)
        self.errors.add_row("date", tr("closures.form.date"), self.on)
        self.errors.add_row("day", tr("closures.form.day"), annual)
        self.errors.add_row("easter_offset", tr("closures.form.offset"), easter)
        self.errors.add_row("start", tr("closures.form.hours"), hours)
        self.errors.add_row("name_el", tr("closures.form.name_el"), self.name_el)
        self.errors.add_row("name_en", tr("closures.form.name_en"), self.name_en)
        self._rows = {"once": self.on, "annual": annual, "easter": easter}
        self.save = QPushButton(tr("closures.form.save"))
        self.save.setObjectName("primary")
        self.save.setDefault(True)
        cancel = QPushButton(tr("closures.form.cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        heading = PlainLabel(tr("closures.form.title"))
        heading.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.preview)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.save.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.kinds.idToggled.connect(lambda _id, _on: self._changed())
        for signal in (
            self.on.dateChanged,
            self.day.valueChanged,
            self.month.currentIndexChanged,
            self.offset.valueChanged,
            self.whole_day.toggled,
            self.start.timeChanged,
            self.end.timeChanged,
        ):
            signal.connect(lambda *_args: self._changed())
        self._changed()
        fit_to_screen(self, 640, 340)

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def values(self) -> ClosureFormValues:
        picked = self.on.date()
        return ClosureFormValues(
            kind=KINDS[max(0, self.kinds.checkedId())],
            on=date(picked.year(), picked.month(), picked.day()),
            month=int(self.month.currentData()),
            day=self.day.value(),
            easter_offset=self.offset.value(),
            whole_day=self.whole_day.isChecked(),
            start=self.start.time().toString("HH:mm"),
            end=self.end.time().toString("HH:mm"),
            name_el=self.name_el.text(),
            name_en=self.name_en.text(),
        )

    def _changed(self) -> None:
        """Show only the kind's own fields, and where the closure falls next."""
        values = self.values()
        for kind, widget in self._rows.items():
            self.form.setRowVisible(widget, kind == values.kind)
        self.start.setEnabled(not values.whole_day)
        self.end.setEnabled(not values.whole_day)
        self.offset_name.setText(easter_day_name(values.easter_offset))
        upcoming = values.upcoming(self.today)
        if upcoming is None:
            text = tr("closures.form.preview_later")
        elif not upcoming:
            text = tr("closures.form.preview_none")
        else:
            text = tr("closures.form.preview", dates=day_list(upcoming))
        self.preview.setText(f"{values.describe()} — {text}")

    def submit(self) -> None:
        values = self.values()
        problems = self.attempt(values)
        if problems:
            # A message for a field of another kind (its row hidden) is shown above the buttons instead.
            hidden = {name for kind, names in KIND_FIELDS.items() if kind != values.kind for name in names}
            shown: dict[str, str] = {}
            for field, text in problems.items():
                row = f"other:{field}" if field in hidden else SHARED_ROWS.get(field, field)
                shown[row] = f"{shown[row]}\n{text}" if row in shown else text
            self.errors.show(shown)
            return
        self.accept()


class AffectedBookingsDialog(QDialog):
    """The open bookings a new closure falls on; accepted means «e-mail the citizens an offer»."""

    def __init__(self, name: str, bookings: list[AffectedBooking], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("closures.affected.title"))
        text = PlainLabel(tr("closures.affected.text", name=name, count=len(bookings)))
        text.setWordWrap(True)
        headers = ("when", "reference", "service", "citizen")
        self.table = QTableWidget(len(bookings), len(headers))
        self.table.setHorizontalHeaderLabels([tr(f"closures.affected.{h}") for h in headers])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        for row, booking in enumerate(bookings):
            cells = (
                f"{booking.start:%d/%m/%Y %H:%M}",
                booking.reference,
                booking.service,
                booking.citizen_name,
            )
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(cell))  # items are plain text
        header = self.table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.send = QPushButton(tr("closures.affected.send"))
        self.send.setObjectName("primary")
        self.later = QPushButton(tr("closures.affected.later"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later)
        buttons.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.send.clicked.connect(self.accept)
        self.later.clicked.connect(self.reject)
        fit_to_screen(self, 760, 380)

    def rows(self) -> list[list[str]]:
        """The table as the user reads it, for tests."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]  # type: ignore[union-attr]
            for r in range(self.table.rowCount())
        ]
