"""The «Απουσίες» tab: the team calendar, its legend, and the pending requests with approve / reject.

Reads ``TeamCalendar`` and the pending-requests model; every button names what it acts on in a
signal for the controller.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.absences import AbsenceKind, AbsenceListModel
from clerk_desktop.models.team_calendar import DAYS_SHOWN, TeamCalendar
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.team_calendar_view import KIND_COLOURS, OFF_DAY, TeamCalendarView, fill_of


def _swatch(fill: QColor | None, edge: QColor | None = None, hatch: QColor | None = None) -> QPixmap:
    pixmap = QPixmap(18, 12)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    if fill is not None:
        painter.fillRect(0, 0, 18, 12, fill)
    if hatch is not None:
        painter.fillRect(0, 0, 18, 12, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
    if edge is not None:
        painter.setPen(QPen(edge, 1.5, Qt.PenStyle.DashLine))
        painter.drawRect(1, 1, 16, 10)
    painter.end()
    return pixmap


class AbsencesTab(QWidget):
    """The team's four weeks, navigation, and the pending requests beneath."""

    range_requested = Signal(object)  # a day inside the four weeks to show
    new_requested = Signal(object, object)  # staff id or None, day or None
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    decision_requested = Signal(int, bool)  # absence id, approve?
    refresh_requested = Signal()
    municipality_chosen = Signal(str)  # an admin's pick (slug)

    def __init__(
        self, calendar: TeamCalendar, pending: AbsenceListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.calendar = calendar
        self.pending = pending
        self.grid = TeamCalendarView(calendar)
        self.previous = QPushButton(tr("absences.previous"))
        self.today = QPushButton(tr("absences.today"))
        self.next = QPushButton(tr("absences.next"))
        self.previous.setToolTip(tr("absences.previous_tip"))
        self.next.setToolTip(tr("absences.next_tip"))
        self.previous.setAccessibleName(tr("absences.previous_tip"))
        self.next.setAccessibleName(tr("absences.next_tip"))
        self.range_label = PlainLabel()
        self.range_label.setObjectName("sectionTitle")
        self.new = QPushButton(tr("absences.new"))
        self.new.setObjectName("primary")
        self.edit = QPushButton(tr("absences.edit"))
        self.delete = QPushButton(tr("absences.delete"))
        self.refresh = QPushButton(tr("admin.refresh"))
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(tr("absences.municipality"))
        self.municipality.setVisible(False)  # admins only (they belong to no municipality)
        self.municipality.activated.connect(self._municipality_activated)
        top = QHBoxLayout()
        for button in (self.previous, self.today, self.next):
            top.addWidget(button)
        top.addWidget(self.range_label)
        top.addStretch(1)
        top.addWidget(self.municipality)
        for button in (self.new, self.edit, self.delete):
            top.addWidget(button)

        legend = QHBoxLayout()
        for kind in AbsenceKind:
            legend.addLayout(self._legend_item(_swatch(fill_of(kind)), tr(f"absences.kind.{kind}")))
        requested = KIND_COLOURS[AbsenceKind.LEAVE]
        legend.addLayout(
            self._legend_item(_swatch(None, requested, requested), tr("absences.legend.requested"))
        )
        legend.addLayout(self._legend_item(_swatch(OFF_DAY), tr("absences.legend.off")))
        legend.addStretch(1)

        self.requests = QTableView()
        self.requests.setModel(pending)
        self.requests.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.requests.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.requests.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.requests.verticalHeader().setVisible(False)
        self.requests.setWordWrap(False)
        header = self.requests.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.approve = QPushButton(tr("absences.approve"))
        self.reject = QPushButton(tr("absences.reject"))
        self.pending_title = PlainLabel()
        self.pending_title.setObjectName("sectionTitle")
        decide = QHBoxLayout()
        decide.addWidget(self.pending_title)
        decide.addStretch(1)
        decide.addWidget(self.approve)
        decide.addWidget(self.reject)
        decide.addSpacing(12)
        decide.addWidget(self.refresh)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(decide)
        lower_layout.addWidget(self.requests, 1)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.grid, 1)
        upper_layout.addLayout(legend)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter, self.upper = splitter, upper
        self._sized_for = -1  # the number of rows the split was last fitted to

        self.status = PlainLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.previous.clicked.connect(
            lambda: self.range_requested.emit(calendar.first - timedelta(days=DAYS_SHOWN))
        )
        self.next.clicked.connect(
            lambda: self.range_requested.emit(calendar.first + timedelta(days=DAYS_SHOWN))
        )
        self.today.clicked.connect(lambda: self.range_requested.emit(date.today()))
        self.new.clicked.connect(self._new)
        self.edit.clicked.connect(self._edit)
        self.delete.clicked.connect(self._delete)
        self.refresh.clicked.connect(self.refresh_requested)
        self.approve.clicked.connect(lambda: self._decide(True))
        self.reject.clicked.connect(lambda: self._decide(False))
        self.grid.absence_clicked.connect(calendar.select)
        self.grid.edit_requested.connect(self.edit_requested)
        self.grid.new_requested.connect(lambda staff_id, day: self.new_requested.emit(staff_id, day))
        self.requests.doubleClicked.connect(lambda _index: self._decide(True))
        self.requests.selectionModel().selectionChanged.connect(lambda _a, _b: self._request_chosen())
        calendar.changed.connect(self._calendar_changed)
        calendar.selection_changed.connect(self._buttons)
        pending.modelReset.connect(self._pending_changed)
        self._calendar_changed()
        self._pending_changed()

    @staticmethod
    def _legend_item(pixmap: QPixmap, text: str) -> QHBoxLayout:
        swatch = PlainLabel()
        swatch.setPixmap(pixmap)
        item = QHBoxLayout()
        item.setSpacing(4)
        item.addWidget(swatch)
        item.addWidget(PlainLabel(text))
        item.addSpacing(10)
        return item

    def set_municipalities(self, municipalities: list[tuple[str, str]], current: str | None) -> None:
        """An admin's municipalities (slug, name); shown only when there is a choice."""
        self.municipality.clear()
        for slug, name in municipalities:
            self.municipality.addItem(name, slug)
        self.municipality.setCurrentIndex(max(0, self.municipality.findData(current)))
        self.municipality.setVisible(len(municipalities) > 1)

    def _municipality_activated(self) -> None:
        slug = self.municipality.currentData()
        if slug:
            self.municipality_chosen.emit(str(slug))

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def _calendar_changed(self) -> None:
        first, last = self.calendar.first, self.calendar.last
        self.range_label.setText(f"{first:%d/%m/%Y} – {last:%d/%m/%Y}")
        self._fit_split()
        self._buttons()

    def _fit_split(self) -> None:
        """Give the calendar the height of its rows (the requests take the rest), once per team size."""
        rows = len(self.calendar.members)
        total = sum(self.splitter.sizes())
        if rows == self._sized_for or total <= 0:
            return
        self._sized_for = rows
        wanted = min(self.upper.sizeHint().height() + 8, total - 140)
        self.splitter.setSizes([wanted, total - wanted])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sized_for = -1
        self._fit_split()

    def _pending_changed(self) -> None:
        self.pending_title.setText(tr("absences.pending", count=self.pending.rowCount()))
        self._buttons()

    def _buttons(self) -> None:
        chosen = self.calendar.selected() is not None
        self.edit.setEnabled(chosen)
        self.delete.setEnabled(chosen)
        request = self.chosen_request() is not None
        self.approve.setEnabled(request)
        self.reject.setEnabled(request)

    def chosen_request(self) -> int | None:
        rows = self.requests.selectionModel().selectedRows()
        absence = self.pending.absence(rows[0].row()) if rows else None
        return absence.id if absence is not None else None

    def choose_request(self, absence_id: int) -> None:
        row = self.pending.row_of(absence_id)
        if row >= 0:
            self.requests.selectRow(row)

    def _request_chosen(self) -> None:
        chosen = self.chosen_request()
        if chosen is not None:
            self.calendar.select(chosen)
        self._buttons()

    def _new(self) -> None:
        selected = self.calendar.selected()
        self.new_requested.emit(selected.staff_id if selected else None, None)

    def _edit(self) -> None:
        selected = self.calendar.selected()
        if selected is not None:
            self.edit_requested.emit(selected.id)

    def _delete(self) -> None:
        selected = self.calendar.selected()
        if selected is not None:
            self.delete_requested.emit(selected.id)

    def _decide(self, approve: bool) -> None:
        chosen = self.chosen_request()
        if chosen is not None:
            self.decision_requested.emit(chosen, approve)
