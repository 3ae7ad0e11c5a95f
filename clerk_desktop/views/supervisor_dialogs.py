"""Supervisor dialogs: move one booking (keyboard path of drag and drop) and cover an absence."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.board import Clerk
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.views.plain_text import PlainLabel

ID_ROLE = 256


class ReassignDialog(QDialog):
    def __init__(
        self, reference: str, candidates: list[tuple[int, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("reassign.title"))
        self.list = QListWidget()
        for staff_id, name in candidates:
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, staff_id)
            self.list.addItem(item)
        intro = PlainLabel(tr("reassign.intro", reference=reference) if candidates else tr("reassign.none"))
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.move_button = QPushButton(tr("reassign.move"))
        self.move_button.setObjectName("primary")
        self.move_button.setEnabled(False)
        buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("login.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(lambda row: self.move_button.setEnabled(row >= 0))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        if candidates:
            self.list.setCurrentRow(0)

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    @classmethod
    def ask(
        cls, reference: str, candidates: list[tuple[int, str]], parent: QWidget | None = None
    ) -> int | None:
        dialog = cls(reference, candidates, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class CoverDialog(QDialog):
    """Pick a clerk and days, see the proposed plan, adjust targets, apply it all at once."""

    preview_requested = Signal(int, object, object)  # staff id, start, end (aware datetimes)
    apply_requested = Signal(int, object, object, list)  # ... assignments [{reference, version, to_staff_id}]
    offer_requested = Signal(list)  # references

    def __init__(self, clerks: list[Clerk], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("cover.title"))
        self.clerks = clerks
        self.plan: dict[str, Any] = {}
        self.clerk = QComboBox()
        for clerk in clerks:
            self.clerk.addItem(clerk.name, clerk.id)
        today = datetime.now(ATHENS).date()
        self.first = QDateEdit(QDate(today.year, today.month, today.day))
        self.last = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.preview = QPushButton(tr("cover.preview"))
        form = QFormLayout()
        form.addRow(tr("cover.clerk"), self.clerk)
        form.addRow(tr("cover.from"), self.first)
        form.addRow(tr("cover.to"), self.last)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(tr("cover.columns").split("|"))
        # Time, reference and mode as wide as their text («Φυσική παρουσία» whole); the clerk takes the rest.
        for column in (0, 1, 2):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.unplaced_label = PlainLabel()
        self.unplaced_label.setWordWrap(True)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        self.apply = QPushButton(tr("cover.apply"))
        self.apply.setObjectName("primary")
        self.apply.setEnabled(False)
        self.offer = QPushButton(tr("cover.offer"))
        self.offer.setEnabled(False)
        close = QPushButton(tr("login.cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.offer)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unplaced_label)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(720, 560)
        self.preview.clicked.connect(self._preview)
        self.apply.clicked.connect(self._apply)
        self.offer.clicked.connect(
            lambda: self.offer_requested.emit([u["reference"] for u in self.plan.get("unplaced", [])])
        )
        close.clicked.connect(self.reject)

    def range(self) -> tuple[datetime, datetime]:
        first = _to_date(self.first.date())
        last = _to_date(self.last.date())
        start = datetime.combine(first, time(0), tzinfo=ATHENS)
        return start, datetime.combine(max(first, last) + timedelta(days=1), time(0), tzinfo=ATHENS)

    def _preview(self) -> None:
        start, end = self.range()
        self.status.setText("…")
        self.preview_requested.emit(int(self.clerk.currentData()), start, end)

    def choose_clerk(self, staff_id: int) -> None:
        """Start from this clerk (the one whose deactivation the bookings hold up)."""
        index = self.clerk.findData(staff_id)
        if index >= 0:
            self.clerk.setCurrentIndex(index)

    def choose_range(self, first: date, last: date) -> None:
        """Start from these days (the absence that the bookings fall in)."""
        self.first.setDate(QDate(first.year, first.month, first.day))
        self.last.setDate(QDate(last.year, last.month, last.day))

    def set_plan(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        absent = int(plan["staff_id"])
        rows = plan.get("assignments", [])
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            when = datetime.fromisoformat(item["start"]).astimezone(ATHENS)
            self.table.setItem(row, 0, QTableWidgetItem(f"{when:%d/%m %H:%M}"))
            self.table.setItem(row, 1, QTableWidgetItem(item["reference"]))
            self.table.setItem(row, 2, QTableWidgetItem(tr(f"mode.{item['mode']}")))
            combo = QComboBox()
            combo.addItem(tr("cover.keep"), None)
            for clerk in self.clerks:
                if clerk.id != absent:
                    combo.addItem(clerk.name, clerk.id)
            combo.setCurrentIndex(max(0, combo.findData(item["to_staff_id"])))
            self.table.setCellWidget(row, 3, combo)
        unplaced = plan.get("unplaced", [])
        lines = [f"{_local(u['start']):%d/%m %H:%M} {u['reference']} — {u['reason']}" for u in unplaced]
        self.unplaced_label.setText(
            (tr("cover.unplaced", count=len(unplaced)) + "\n" + "\n".join(lines)) if unplaced else ""
        )
        self.apply.setEnabled(bool(rows))
        self.offer.setEnabled(bool(unplaced))
        self.status.setText("")

    def assignments(self) -> list[dict[str, Any]]:
        chosen = []
        for row, item in enumerate(self.plan.get("assignments", [])):
            combo = self.table.cellWidget(row, 3)
            assert isinstance(combo, QComboBox)
            target = combo.currentData()
            if target is not None:
                chosen.append(
                    {"reference": item["reference"], "version": item["version"], "to_staff_id": int(target)}
                )
        return chosen

    def _apply(self) -> None:
        start, end = self.range()
        self.apply.setEnabled(False)
        self.apply_requested.emit(
            int(self.plan.get("staff_id", self.clerk.currentData())), start, end, self.assignments()
        )

    def show_status(self, text: str) -> None:
        self.status.setText(text)


def _local(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(ATHENS)


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
