"""«Αλλαγή ώρας…»: the free times of a booking's service and mode, by day, to move it to one of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.wall_time import wall_clock
from clerk_desktop.views.plain_text import PlainLabel

SLOT_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class RescheduleChoice:
    """The new start (ISO 8601, as the server offered it) and whether the clerk keeps the booking."""

    start: str
    keep_clerk: bool


def slots_by_day(slots: list[str]) -> dict[date, list[datetime]]:
    """Offered starts grouped by their Athens day, in time order."""
    days: dict[date, list[datetime]] = {}
    for iso in slots:
        moment = datetime.fromisoformat(iso).astimezone(ATHENS)
        days.setdefault(moment.date(), []).append(moment)
    return {day: sorted(times) for day, times in sorted(days.items())}


def day_text(day: date) -> str:
    return f"{tr('weekday.' + str(day.weekday()))} {day:%d/%m/%Y}"


class RescheduleDialog(QDialog):
    """Days on the left, that day's free times on the right; the clerk picks one and confirms."""

    def __init__(
        self,
        *,
        citizen_name: str,
        service_name: str,
        when: str,
        slots: list[str],
        current_start: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("move.title"))
        current = datetime.fromisoformat(current_start) if current_start else None
        self.by_day = {
            day: [t for t in times if current is None or t != current]
            for day, times in slots_by_day(slots).items()
        }
        self.by_day = {day: times for day, times in self.by_day.items() if times}
        intro = PlainLabel(tr("move.intro", name=citizen_name, service=service_name, when=when))
        intro.setWordWrap(True)
        self.days = QListWidget()
        self.days.setAccessibleName(tr("move.days"))
        for day, times in self.by_day.items():
            label = tr("move.day_count", day=day_text(day), count=len(times))
            item = QListWidgetItem(label)
            item.setData(SLOT_ROLE, day.isoformat())
            self.days.addItem(item)
        # The day list is as wide as its longest line, so no day's count is cut off.
        self.days.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll = self.days.verticalScrollBar().sizeHint().width()
        self.days.setMinimumWidth(self.days.sizeHintForColumn(0) + scroll + 2 * self.days.frameWidth() + 8)
        self.times = QListWidget()
        self.times.setMinimumWidth(160)
        self.times.setAccessibleName(tr("move.times"))
        # The times flow in rows like chips: a day of 12 times fits without scrolling.
        self.times.setFlow(QListView.Flow.LeftToRight)
        self.times.setWrapping(True)
        self.times.setResizeMode(QListView.ResizeMode.Adjust)
        self.times.setUniformItemSizes(True)
        self.times.setSpacing(4)
        self.empty = PlainLabel(tr("move.none"))
        self.empty.setWordWrap(True)
        self.empty.setVisible(not self.by_day)
        self.keep_clerk = QCheckBox(tr("move.keep_clerk"))
        self.keep_clerk.setChecked(True)
        self.keep_clerk.setToolTip(tr("move.keep_clerk_tip"))
        self.confirm = QPushButton(tr("move.confirm"))
        self.confirm.setObjectName("primary")
        self.confirm.setEnabled(False)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("move.back"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(PlainLabel(tr("move.days")), 0, 0)
        grid.addWidget(PlainLabel(tr("move.times")), 0, 1)
        grid.addWidget(self.days, 1, 0)
        grid.addWidget(self.times, 1, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addLayout(grid, 1)
        layout.addWidget(self.keep_clerk)
        layout.addWidget(self.buttons)
        self.setMinimumSize(560, 420)

        self.days.currentRowChanged.connect(self._show_day)
        self.times.currentRowChanged.connect(lambda row: self.confirm.setEnabled(row >= 0))
        self.times.itemDoubleClicked.connect(lambda _item: self.accept())
        if self.by_day:
            self.days.setCurrentRow(0)

    def _show_day(self, row: int) -> None:
        self.times.clear()
        self.confirm.setEnabled(False)
        if row < 0:
            return
        day = date.fromisoformat(str(self.days.item(row).data(SLOT_ROLE)))
        for moment in self.by_day[day]:
            item = QListWidgetItem(wall_clock(moment))
            item.setData(SLOT_ROLE, moment.isoformat())
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.times.addItem(item)

    def choose(self, day: date, clock: str) -> None:
        """Select ``day`` and its time ``clock`` (HH:MM), as a click would (tests and keyboard users)."""
        for row in range(self.days.count()):
            if self.days.item(row).data(SLOT_ROLE) == day.isoformat():
                self.days.setCurrentRow(row)
        for row in range(self.times.count()):
            if self.times.item(row).text() == clock:
                self.times.setCurrentRow(row)

    def chosen(self) -> RescheduleChoice | None:
        item = self.times.currentItem()
        if item is None:
            return None
        return RescheduleChoice(str(item.data(SLOT_ROLE)), self.keep_clerk.isChecked())

    @classmethod
    def ask(
        cls,
        *,
        citizen_name: str,
        service_name: str,
        when: str,
        slots: list[str],
        current_start: str = "",
        parent: QWidget | None = None,
    ) -> RescheduleChoice | None:
        dialog = cls(
            citizen_name=citizen_name,
            service_name=service_name,
            when=when,
            slots=slots,
            current_start=current_start,
            parent=parent,
        )
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
