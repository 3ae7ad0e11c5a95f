"""The «Αργίες και κλεισίματα» tab: the municipality's closures, the national holidays, a month calendar."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent, QShowEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.closures import Closure, ClosureColumn, ClosureTableModel, HolidayTableModel
from clerk_desktop.views.plain_text import PlainLabel

NATIONAL_COLOUR = QColor("#f4c7c3")
CLOSURE_COLOUR = QColor("#fde2b5")


def _table(model: ClosureTableModel | HolidayTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    return table


def _title(text: str) -> PlainLabel:
    label = PlainLabel(text)
    label.setObjectName("sectionTitle")
    return label


class ClosuresTab(QWidget):
    """Reacts to its two models; buttons ask the controller to act through signals."""

    create_requested = Signal()
    delete_requested = Signal(int)  # closure id
    refresh_requested = Signal()
    municipality_chosen = Signal(str)  # slug (admins)

    def __init__(
        self, closures: ClosureTableModel, holidays: HolidayTableModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.closures = closures
        self.holidays = holidays
        self.municipality = QComboBox()
        self.municipality_label = PlainLabel(tr("closures.municipality"))
        self.new = QPushButton(tr("closures.new"))
        self.new.setObjectName("primary")
        self.delete = QPushButton(tr("closures.delete"))
        self.refresh = QPushButton(tr("admin.refresh"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.municipality_label)
        buttons.addWidget(self.municipality)
        buttons.addWidget(self.new)
        buttons.addWidget(self.delete)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh)
        self.set_municipalities([], None)

        self.closure_table = _table(closures)
        header = self.closure_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.holiday_table = _table(holidays)
        holiday_header = self.holiday_table.horizontalHeader()
        holiday_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        holiday_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        if language() == "el":
            self.calendar.setLocale(QLocale(QLocale.Language.Greek, QLocale.Country.Greece))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        plain_weekend = QTextCharFormat()  # red is for holidays here, not for every weekend
        plain_weekend.setForeground(QBrush(QColor("#555555")))
        for weekend in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(weekend, plain_weekend)
        self.legend = PlainLabel(tr("closures.legend"))
        self.legend.setWordWrap(True)
        self.day_names = PlainLabel()
        self.day_names.setWordWrap(True)
        self.day_names.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        lists = QWidget()
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(_title(tr("closures.own")))
        lists_layout.addWidget(self.closure_table, 1)
        lists_layout.addWidget(_title(tr("closures.national")))
        lists_layout.addWidget(self.holiday_table, 1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(_title(tr("closures.calendar")))
        side_layout.addWidget(self.calendar, 3)
        side_layout.addWidget(self.legend)
        side_layout.addWidget(self.day_names, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(lists)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.new.clicked.connect(self.create_requested)
        self.delete.clicked.connect(self._delete)
        self.refresh.clicked.connect(self.refresh_requested)
        self.municipality.activated.connect(lambda _i: self._municipality_activated())
        self.calendar.clicked.connect(self._day_clicked)
        self.closure_table.selectionModel().selectionChanged.connect(lambda _a, _b: self._selection_changed())
        for model in (closures, holidays):
            model.modelReset.connect(self._mark_calendar)
        closures.modelReset.connect(self._selection_changed)
        closures.modelReset.connect(self._fit_columns)
        self._marked: dict[date, list[str]] = {}
        self._selection_changed()

    def _fit_columns(self) -> None:
        """The rule and the dates as wide as they are, up to a share of the table (then elided, whole in
        the tooltip), so the names keep at least a third of it on a small or 150 % screen."""
        room = self.closure_table.viewport().width() or self.width()
        header = self.closure_table.horizontalHeader()
        for column, share in ((ClosureColumn.RULE, 0.36), (ClosureColumn.NEXT, 0.28)):
            wanted = max(self.closure_table.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, min(wanted, int(room * share)))
        rest = room - header.sectionSize(ClosureColumn.RULE) - header.sectionSize(ClosureColumn.NEXT)
        header.resizeSection(ClosureColumn.NAME, max(rest, int(room * 0.3)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    # ------------------------------------------------------------------ municipalities (admins)
    def set_municipalities(self, municipalities: list[tuple[str, str]], current: str | None) -> None:
        """An admin's municipalities (slug, name); a supervisor has none and sees no combo."""
        self.municipality.clear()
        for slug, name in municipalities:
            self.municipality.addItem(name, slug)
        self.municipality.setCurrentIndex(max(0, self.municipality.findData(current)))
        shown = len(municipalities) > 1
        self.municipality.setVisible(shown)
        self.municipality_label.setVisible(shown)

    def _municipality_activated(self) -> None:
        slug = self.municipality.currentData()
        if slug:
            self.municipality_chosen.emit(str(slug))

    # ------------------------------------------------------------------ selection and status
    def selected(self) -> Closure | None:
        rows = self.closure_table.selectionModel().selectedRows()
        return self.closures.closure(rows[0].row()) if rows else None

    def select(self, closure_id: int) -> None:
        row = self.closures.row_of(closure_id)
        if row >= 0:
            self.closure_table.selectRow(row)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def _selection_changed(self) -> None:
        self.delete.setEnabled(self.selected() is not None)

    def _delete(self) -> None:
        closure = self.selected()
        if closure is not None:
            self.delete_requested.emit(closure.id)

    # ------------------------------------------------------------------ the calendar
    def marked_days(self) -> dict[date, list[str]]:
        """Every day the calendar marks, with the names of what closes it."""
        return dict(self._marked)

    def _mark_calendar(self) -> None:
        """National holidays in red, the municipality's closures (their next dates) in orange."""
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clears every earlier mark
        marked: dict[date, list[str]] = {}
        for holiday in self.holidays.holidays:
            marked.setdefault(holiday.on, []).append(holiday.name)
            self._paint(holiday.on, NATIONAL_COLOUR)
        for closure in self.closures.closures:
            days = closure.next_dates or ((closure.on,) if closure.on else ())
            for day in days:
                hours = f" {closure.start}–{closure.end}" if closure.start and closure.end else ""
                marked.setdefault(day, []).append(f"{closure.name}{hours}")
                self._paint(day, CLOSURE_COLOUR)
        self._marked = marked
        self._day_clicked(self.calendar.selectedDate())
        QTimer.singleShot(0, self._scroll_to_next_holiday)  # once the view has laid out its rows

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._scroll_to_next_holiday)
        QTimer.singleShot(0, self._fit_columns)

    def _scroll_to_next_holiday(self) -> None:
        """The holidays list opens at the next one to come, not at last January's."""
        today = date.today()
        upcoming = [row for row, h in enumerate(self.holidays.holidays) if h.on >= today]
        if upcoming:
            index = self.holidays.index(upcoming[0], 0)
            self.holiday_table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def _paint(self, day: date, colour: QColor) -> None:
        look = QTextCharFormat()
        look.setBackground(QBrush(colour))
        look.setFontWeight(700)
        self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), look)

    def _day_clicked(self, picked: QDate) -> None:
        day = date(picked.year(), picked.month(), picked.day())
        names = self._marked.get(day)
        shown = day.strftime("%d/%m/%Y")
        self.day_names.setText(
            f"{shown}: " + "; ".join(names) if names else tr("closures.day_open", date=shown)
        )
