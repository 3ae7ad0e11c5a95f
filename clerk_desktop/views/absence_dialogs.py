"""The absence form (whole days, or a day with hours) and a staff member's own requests.

The supervisor's form names the clerk; a staff member's request form does not (it is their own).
Both save through ``attempt``, which answers the server's per-field messages, shown under the fields.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.absences import AbsenceFormValues, AbsenceKind, AbsenceListModel, AbsenceStatus
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel

AbsenceAttempt = Callable[[AbsenceFormValues], dict[str, str] | None]


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class AbsenceDialog(QDialog):
    """Record, edit or request an absence; ``clerks`` empty: one's own request (no clerk field)."""

    def __init__(
        self,
        values: AbsenceFormValues,
        clerks: list[tuple[int, str]],
        attempt: AbsenceAttempt,
        *,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.values = values
        self.setWindowTitle(title)
        self.clerk = QComboBox()
        for staff_id, name in clerks:
            self.clerk.addItem(name, staff_id)
        self.clerk.setCurrentIndex(max(0, self.clerk.findData(values.staff_id)))
        self.kind = QComboBox()
        for kind in AbsenceKind:
            self.kind.addItem(tr(f"absences.kind.{kind}"), str(kind))
        self.kind.setCurrentIndex(max(0, self.kind.findData(str(values.kind))))
        self.whole_days = QRadioButton(tr("absences.whole_days"))
        self.some_hours = QRadioButton(tr("absences.some_hours"))
        group = QButtonGroup(self)
        group.addButton(self.whole_days)
        group.addButton(self.some_hours)
        (self.whole_days if values.whole_days else self.some_hours).setChecked(True)
        self.first = _date_edit()
        self.first.setDate(QDate(values.first.year, values.first.month, values.first.day))
        self.last = _date_edit()
        self.last.setDate(QDate(values.last.year, values.last.month, values.last.day))
        self.start = QTimeEdit(QTime(values.start.hour, values.start.minute))
        self.end = QTimeEdit(QTime(values.end.hour, values.end.minute))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.reason = QLineEdit(values.reason)
        self.reason.setMaxLength(200)
        heading = PlainLabel(title)
        heading.setObjectName("sectionTitle")
        mode = QHBoxLayout()
        mode.addWidget(self.whole_days)
        mode.addWidget(self.some_hours)
        mode.addStretch(1)
        hours = QHBoxLayout()
        hours.addWidget(self.start)
        hours.addWidget(PlainLabel("–"))
        hours.addWidget(self.end)
        hours.addStretch(1)
        self.hours = QWidget()
        self.hours.setLayout(hours)
        hours.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        if clerks:
            self.errors.add_row("staff_id", tr("absences.field.clerk"), self.clerk)
        self.errors.add_row("kind", tr("absences.field.kind"), self.kind)
        form.addRow("", self._wrapped(mode))
        self.errors.add_row("start", tr("absences.field.first"), self.first)
        self.last_title = tr("absences.field.last")
        self.errors.add_row("end", self.last_title, self.last)
        self.errors.add_row("hours", tr("absences.field.hours"), self.hours)
        self.errors.add_row("reason", tr("absences.field.reason"), self.reason)
        self.save = QPushButton(tr("admin.save"))
        self.save.setObjectName("primary")
        self.save.setDefault(True)
        cancel = QPushButton(tr("login.cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)
        self.form = form
        self.save.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.whole_days.toggled.connect(lambda _on: self._mode_changed())
        self._mode_changed()
        self.setMinimumWidth(420)

    @staticmethod
    def _wrapped(layout: QHBoxLayout) -> QWidget:
        widget = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        widget.setLayout(layout)
        return widget

    def _mode_changed(self) -> None:
        whole = self.whole_days.isChecked()
        self.errors.show({})  # a message about the other mode's fields no longer applies
        self.form.setRowVisible(self.last, whole)
        self.form.setRowVisible(self.hours, not whole)
        label = self.form.labelForField(self.first)
        if isinstance(label, QLabel):
            label.setText(tr("absences.field.first" if whole else "absences.field.day"))

    def current(self) -> AbsenceFormValues:
        staff_id = self.clerk.currentData()
        return AbsenceFormValues(
            staff_id=int(staff_id) if staff_id is not None else self.values.staff_id,
            kind=AbsenceKind(str(self.kind.currentData())),
            whole_days=self.whole_days.isChecked(),
            first=self.first.date().toPython(),  # type: ignore[arg-type]
            last=self.last.date().toPython(),  # type: ignore[arg-type]
            start=self.start.time().toPython(),  # type: ignore[arg-type]
            end=self.end.time().toPython(),  # type: ignore[arg-type]
            reason=self.reason.text(),
        )

    def submit(self) -> None:
        values = self.current()
        problems = values.problems() or self.attempt(values)
        if problems:
            if not values.whole_days and "end" in problems:
                problems = {("hours" if k == "end" else k): v for k, v in problems.items()}
            self.errors.show(problems)
            return
        self.accept()


class MyAbsencesDialog(QDialog):
    """A staff member's absences and requests with their status; request a new one, withdraw a pending one."""

    new_requested = Signal()
    withdraw_requested = Signal(int)

    def __init__(self, model: AbsenceListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle(tr("absences.mine_title"))
        heading = PlainLabel(tr("absences.mine_title"))
        heading.setObjectName("sectionTitle")
        explain = PlainLabel(tr("absences.mine_explain"))
        explain.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(180)
        self.new = QPushButton(tr("absences.request_new"))
        self.new.setObjectName("primary")
        self.withdraw = QPushButton(tr("absences.withdraw"))
        close = QPushButton(tr("absences.close"))
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new)
        buttons.addWidget(self.withdraw)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.new.clicked.connect(self.new_requested)
        self.withdraw.clicked.connect(self._withdraw)
        close.clicked.connect(self.accept)
        self.table.selectionModel().selectionChanged.connect(lambda _a, _b: self._buttons())
        model.modelReset.connect(self._buttons)
        self.setMinimumWidth(620)
        self._buttons()

    def chosen(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        absence = self.model.absence(rows[0].row()) if rows else None
        return absence.id if absence is not None else None

    def choose(self, absence_id: int) -> None:
        row = self.model.row_of(absence_id)
        if row >= 0:
            self.table.selectRow(row)

    def _buttons(self) -> None:
        chosen = self.model.absence(self.model.row_of(self.chosen() or 0))
        self.withdraw.setEnabled(chosen is not None and chosen.status == AbsenceStatus.REQUESTED)

    def _withdraw(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.withdraw_requested.emit(chosen)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
