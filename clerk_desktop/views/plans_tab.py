"""The «Ωράριο» tab: a clerk, a version of their week in the visual editor, and their one-off days.

It reads a ``PlanModel`` (through the editor) and plain rows; every request to the server leaves
as a signal that the plans controller answers.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.plan_model import (
    ClerkPlan,
    ExceptionValues,
    PlanExceptionRow,
    PlanModel,
    version_label,
)
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.plan_editor import PlanEditor

NEW_VERSION = ""  # the version box's data for a version not saved yet


def next_monday(today: date) -> date:
    """The default start of a new version: the coming Monday (a week on, if today is a Monday)."""
    return today + timedelta(days=7 - today.weekday())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PlansTab(QWidget):
    """Clerk and version on top, the editor in the middle, one-off days beside it."""

    clerk_chosen = Signal(int)
    version_chosen = Signal(str)  # ISO date of a saved version, or NEW_VERSION
    save_requested = Signal()
    delete_requested = Signal()
    refresh_requested = Signal()
    exception_add_requested = Signal(object)  # ExceptionValues
    exception_remove_requested = Signal(int)

    def __init__(self, model: PlanModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.clerk = QComboBox()
        self.clerk.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version = QComboBox()
        self.version.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.effective_from = QDateEdit()
        self.effective_from.setCalendarPopup(True)
        self.effective_from.setDisplayFormat("dd/MM/yyyy")
        self.new_version = QPushButton(tr("plans.new_version"))
        self.save = QPushButton(tr("plans.save"))
        self.save.setObjectName("primary")
        self.delete_version = QPushButton(tr("plans.delete_version"))
        self.refresh = QPushButton(tr("plans.refresh"))
        top = QHBoxLayout()
        for label, widget in (
            (tr("plans.clerk"), self.clerk),
            (tr("plans.version"), self.version),
            (tr("plans.effective_from"), self.effective_from),
        ):
            top.addWidget(PlainLabel(label))
            top.addWidget(widget)
            top.addSpacing(8)
        top.addStretch(1)
        top.addWidget(self.refresh)
        actions = QHBoxLayout()  # a row of their own, so a 150 % screen keeps every word whole
        for button in (self.new_version, self.save, self.delete_version):
            actions.addWidget(button)
        actions.addStretch(1)
        self.field_errors = PlainLabel()
        self.field_errors.setObjectName("error")
        self.field_errors.setWordWrap(True)
        self.field_errors.hide()
        self.help = PlainLabel(tr("plans.help"))
        self.help.setWordWrap(True)
        self.editor = PlanEditor(model)
        self.status = PlainLabel()
        self.status.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.help)
        left.addWidget(self.editor, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addWidget(self._exceptions_box(), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.field_errors)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)

        self.clerk.activated.connect(lambda _i: self._clerk_activated())
        self.version.activated.connect(lambda _i: self.version_chosen.emit(str(self.version.currentData())))
        self.new_version.clicked.connect(lambda: self.version_chosen.emit(NEW_VERSION))
        self.save.clicked.connect(self.save_requested)
        self.delete_version.clicked.connect(self.delete_requested)
        self.refresh.clicked.connect(self.refresh_requested)
        model.refused.connect(self.show_status)
        self._enable(False)

    def _exceptions_box(self) -> QGroupBox:
        box = QGroupBox(tr("plans.exceptions"))
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        box.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 26)
        self.exceptions = QListWidget()
        self.exceptions.setWordWrap(True)
        self.remove_exception = QPushButton(tr("plans.exception.remove"))
        self.exception_day = QDateEdit()
        self.exception_day.setCalendarPopup(True)
        self.exception_day.setDisplayFormat("dd/MM/yyyy")
        self.exception_kind = QComboBox()
        for kind in ("closed", "extra"):
            self.exception_kind.addItem(tr(f"plans.kind.{kind}"), kind)
        self.whole_day = QCheckBox(tr("plans.exception.whole_day"))
        self.exception_from = QTimeEdit(QTime(9, 0))
        self.exception_to = QTimeEdit(QTime(13, 0))
        for edit in (self.exception_from, self.exception_to):
            edit.setDisplayFormat("HH:mm")
        self.exception_note = QLineEdit()
        self.exception_note.setMaxLength(200)
        self.add_exception = QPushButton(tr("plans.exception.add"))
        hours = QHBoxLayout()
        hours.addWidget(self.exception_from)
        hours.addWidget(PlainLabel("–"))
        hours.addWidget(self.exception_to)
        form = QFormLayout()
        form.addRow(tr("plans.exception.day"), self.exception_day)
        form.addRow(tr("plans.exception.kind"), self.exception_kind)
        form.addRow("", self.whole_day)
        form.addRow(tr("plans.exception.from"), hours)
        form.addRow(tr("plans.exception.note"), self.exception_note)
        layout = QVBoxLayout(box)
        layout.addWidget(self.exceptions, 1)
        layout.addWidget(self.remove_exception, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(form)
        layout.addWidget(self.add_exception, 0, Qt.AlignmentFlag.AlignRight)
        self.whole_day.toggled.connect(self._whole_day_toggled)
        self.exception_kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.exceptions.currentRowChanged.connect(lambda _row: self._exception_selected())
        self.add_exception.clicked.connect(self._add_exception)
        self.remove_exception.clicked.connect(self._remove_exception)
        self.whole_day.setChecked(True)
        self._kind_changed()
        self._exception_selected()
        return box

    # ------------------------------------------------------------------ filled by the controller
    def set_clerks(self, clerks: list[tuple[int, str]]) -> None:
        chosen = self.chosen_clerk()
        self.clerk.clear()
        for staff_id, name in clerks:
            self.clerk.addItem(name, staff_id)
        if chosen is not None:
            self.choose_clerk(chosen)

    def chosen_clerk(self) -> int | None:
        data = self.clerk.currentData()
        return int(data) if data is not None else None

    def choose_clerk(self, staff_id: int) -> None:
        index = self.clerk.findData(staff_id)
        if index >= 0:
            self.clerk.setCurrentIndex(index)

    def set_plan(self, plan: ClerkPlan, chosen: str) -> None:
        """List the versions (in force, later ones, a new one) and show ``chosen`` as selected."""
        self.version.clear()
        versions = [*([plan.current] if plan.current else []), *plan.later]
        for version in versions:
            self.version.addItem(version_label(version, plan.today), version.effective_from.isoformat())
        self.version.addItem(tr("plans.version.new"), NEW_VERSION)
        self.version.setCurrentIndex(max(0, self.version.findData(chosen)))
        tomorrow = plan.today + timedelta(days=1)
        self.effective_from.setMinimumDate(_qdate(tomorrow))
        self.exception_day.setMinimumDate(_qdate(plan.today))
        self._enable(True)

    def show_version(self, effective_from: date, *, deletable: bool) -> None:
        self.effective_from.setDate(_qdate(effective_from))
        self.delete_version.setEnabled(deletable)

    def chosen_date(self) -> date:
        return _pydate(self.effective_from.date())

    def chosen_version(self) -> str:
        return str(self.version.currentData() or NEW_VERSION)

    def set_exceptions(self, rows: list[PlanExceptionRow]) -> None:
        self.exceptions.clear()
        for row in rows:
            item = QListWidgetItem(row.describe())
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.exceptions.addItem(item)
        if not rows:
            placeholder = QListWidgetItem(tr("plans.exception.none"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.exceptions.addItem(placeholder)
        self._exception_selected()

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def show_field_errors(self, fields: dict[str, str]) -> None:
        """The server's per-field messages, named by field, above the editor."""
        self.field_errors.setText("\n".join(f"{name}: {text}" for name, text in fields.items()))
        self.field_errors.setVisible(bool(fields))

    # ------------------------------------------------------------------ inside
    def _enable(self, ready: bool) -> None:
        for widget in (self.version, self.effective_from, self.new_version, self.save, self.add_exception):
            widget.setEnabled(ready)
        if not ready:
            self.delete_version.setEnabled(False)

    def _clerk_activated(self) -> None:
        staff_id = self.chosen_clerk()
        if staff_id is not None:
            self.clerk_chosen.emit(staff_id)

    def _whole_day_toggled(self, whole: bool) -> None:
        self.exception_from.setEnabled(not whole)
        self.exception_to.setEnabled(not whole)

    def _kind_changed(self) -> None:
        extra = self.exception_kind.currentData() == "extra"
        if extra:  # extra hours always have times
            self.whole_day.setChecked(False)
        self.whole_day.setEnabled(not extra)

    def _exception_selected(self) -> None:
        item = self.exceptions.currentItem()
        self.remove_exception.setEnabled(item is not None and item.data(Qt.ItemDataRole.UserRole) is not None)

    def exception_values(self) -> ExceptionValues:
        whole = self.whole_day.isChecked()
        return ExceptionValues(
            day=_pydate(self.exception_day.date()),
            kind=str(self.exception_kind.currentData()),
            start=None if whole else self.exception_from.time().toString("HH:mm"),
            end=None if whole else self.exception_to.time().toString("HH:mm"),
            note=self.exception_note.text().strip(),
        )

    def _add_exception(self) -> None:
        self.exception_add_requested.emit(self.exception_values())

    def _remove_exception(self) -> None:
        item = self.exceptions.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            self.exception_remove_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
