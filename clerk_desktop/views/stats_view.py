"""Supervisors' workload and statistics: range controls, a stacked bar chart by outcome and the table."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QMargins, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QCursor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.needs_served import NeedsServedModel
from clerk_desktop.models.plain import tooltip_text
from clerk_desktop.models.stats_model import (
    EMPTY,
    Figures,
    Grouping,
    StatsColumn,
    StatsData,
    StatsRole,
    StatsRow,
    StatsSortProxy,
    StatsTableModel,
)
from clerk_desktop.models.waitlist_demand import summary as waitlist_summary
from clerk_desktop.views.needs_served import NeedsServedView
from clerk_desktop.views.plain_text import PlainLabel

MAX_DAYS = 366  # the server's limit on one request
# Outcome order inside each bar and in the legend; lightness steps apart so no hue is needed to tell them.
OUTCOMES: tuple[tuple[str, QColor], ...] = (
    ("completed", QColor("#1e7a4f")),
    ("no_show", QColor("#e0a030")),
    ("other", QColor("#8fa3de")),
    ("cancelled", QColor("#c4c4c4")),
)


def outcome_count(figures: Figures, outcome: str) -> int:
    return figures.still_open if outcome == "other" else int(getattr(figures, outcome))


def nice_step(highest: int) -> int:
    """A whole 1, 2 or 5 × 10ⁿ step giving at most about six ticks up to ``highest``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if highest <= factor * magnitude * 5:
                return factor * magnitude
        magnitude *= 10


def fit_to_items(combo: QComboBox) -> None:
    """Wide enough for the longest item and the arrow (the shared stylesheet makes Qt under-measure it)."""
    metrics = combo.fontMetrics()
    longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    combo.setMinimumWidth(longest + 4 * metrics.averageCharWidth() + 24)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class StatsView(QWidget):
    """Emits requests; the controller fetches and answers with ``set_stats`` or ``show_error``."""

    refresh_requested = Signal(date, date, str)  # first day, last day, "week" | "month"
    export_requested = Signal(date, date, str)

    def __init__(
        self,
        model: StatsTableModel,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.stats: StatsData = EMPTY
        today = today or datetime.now(ATHENS).date()

        self.title = PlainLabel(tr("stats.title"))
        self.title.setObjectName("sectionTitle")
        self.period_kind = QComboBox()
        self.period_kind.addItem(tr("stats.week"), "week")
        self.period_kind.addItem(tr("stats.month"), "month")
        fit_to_items(self.period_kind)
        self.first_edit = self._date_edit(today - timedelta(days=today.weekday() + 21))  # four weeks
        self.last_edit = self._date_edit(today)
        self.refresh = QPushButton(tr("stats.refresh"))
        self.refresh.setObjectName("primary")
        self.refresh.setDefault(True)
        self.export = QPushButton(tr("stats.export"))
        self.range_hint = PlainLabel()
        self.range_hint.setObjectName("badgeWarn")

        self.by_clerk = QPushButton(tr("stats.by_clerk"))
        self.by_service = QPushButton(tr("stats.by_service"))
        self.grouping_buttons = QButtonGroup(self)
        for button in (self.by_clerk, self.by_service):
            button.setCheckable(True)
            self.grouping_buttons.addButton(button)
        self.by_clerk.setChecked(True)
        self.period_choice = QComboBox()
        self.period_choice.addItem(tr("stats.all_periods"), None)
        self.showing = PlainLabel()
        self.showing.setObjectName("badgeOk")
        self.error = PlainLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()

        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setBackgroundRoundness(0)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        # The axes live as long as the chart: axes removed and re-added leave stale labels on screen.
        self.names_axis = QBarCategoryAxis()
        self.names_axis.setGridLineVisible(False)
        self.counts_axis = QValueAxis()
        self.counts_axis.setLabelFormat("%d")
        self.counts_axis.setGridLineColor(QColor("#e2e2e2"))
        self.chart.addAxis(self.names_axis, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(self.counts_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.waitlist = PlainLabel("")  # issue 17: each service's waitlist, the demand not met
        self.needs_served = NeedsServedView(NeedsServedModel())  # issue 18: needs served
        self.waitlist.setWordWrap(True)
        self.placeholder = PlainLabel(tr("stats.empty"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.chart_stack = QStackedWidget()
        self.chart_stack.addWidget(self.placeholder)
        self.chart_stack.addWidget(self.chart_view)

        self.proxy = StatsSortProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(StatsColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(StatsColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.setAccessibleName(tr("stats.title"))

        self._layout()
        self.refresh.clicked.connect(lambda: self._emit_range(self.refresh_requested))
        self.export.clicked.connect(lambda: self._emit_range(self.export_requested))
        self.first_edit.dateChanged.connect(lambda _d: self._check_range())
        self.last_edit.dateChanged.connect(lambda _d: self._check_range())
        self.by_service.toggled.connect(self._grouping_toggled)
        self.period_choice.currentIndexChanged.connect(self._period_chosen)
        self.proxy.modelReset.connect(self._update_chart)
        self.proxy.layoutChanged.connect(self._update_chart)  # a new sort order: the bars follow
        self.set_stats(EMPTY)

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        return edit

    def _layout(self) -> None:
        controls = QHBoxLayout()
        for key, widget in (
            ("stats.per", self.period_kind),
            ("stats.from", self.first_edit),
            ("stats.to", self.last_edit),
        ):
            label = PlainLabel(tr(key))
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
            controls.addSpacing(8)
        controls.addSpacing(12)
        controls.addWidget(self.refresh)
        controls.addWidget(self.range_hint)
        controls.addStretch(1)
        controls.addWidget(self.export)

        view_row = QHBoxLayout()
        toggle = QWidget()
        toggle.setObjectName("groupingToggle")
        # The chosen grouping must show: the shared stylesheet has no checked state for buttons.
        toggle.setStyleSheet(
            "#groupingToggle QPushButton:checked { background: #e6ebfb; border: 1px solid #3451b2;"
            " color: #14245c; }"
        )
        toggle_layout = QHBoxLayout(toggle)
        toggle_layout.setContentsMargins(0, 0, 0, 0)
        toggle_layout.setSpacing(4)
        toggle_layout.addWidget(self.by_clerk)
        toggle_layout.addWidget(self.by_service)
        view_row.addWidget(toggle)
        view_row.addSpacing(16)
        period_label = PlainLabel(tr("stats.show_period"))
        period_label.setBuddy(self.period_choice)
        view_row.addWidget(period_label)
        view_row.addWidget(self.period_choice)
        view_row.addSpacing(16)
        view_row.addWidget(self.showing, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(controls)
        layout.addLayout(view_row)
        layout.addWidget(self.error)
        layout.addWidget(self.chart_stack, 3)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.waitlist)
        layout.addWidget(self.needs_served)
        layout.addStretch(0)  # what the bars and rows do not need stays empty, below them

    # --- requests -------------------------------------------------------------------------------

    def chosen_range(self) -> tuple[date, date, str]:
        first = self.first_edit.date().toPython()
        last = self.last_edit.date().toPython()
        assert isinstance(first, date) and isinstance(last, date)
        return first, last, str(self.period_kind.currentData())

    def _check_range(self) -> bool:
        first, last, _kind = self.chosen_range()
        if last < first:
            problem = tr("stats.range_reversed")
        elif (last - first).days >= MAX_DAYS:
            problem = tr("stats.range_too_long", days=MAX_DAYS)
        else:
            problem = ""
        self.range_hint.setText(problem)
        self.refresh.setEnabled(not problem)
        self.export.setEnabled(not problem)
        return not problem

    def _emit_range(self, signal: SignalInstance) -> None:
        if self._check_range():
            signal.emit(*self.chosen_range())

    def suggested_file_name(self) -> str:
        first, last, _kind = self.chosen_range()
        return tr("stats.csv_name", first=first.isoformat(), last=last.isoformat())

    @classmethod
    def ask_save_path(cls, parent: QWidget | None = None, suggested: str = "") -> str | None:
        """The CSV file to write, or None when the supervisor cancels (named after the range when asked
        from a StatsView)."""
        if not suggested and isinstance(parent, StatsView):
            suggested = parent.suggested_file_name()
        path, _filter = QFileDialog.getSaveFileName(
            parent, tr("stats.export_title"), suggested, tr("stats.csv_filter")
        )
        if not path:
            return None
        return path if path.lower().endswith(".csv") else f"{path}.csv"

    # --- answers --------------------------------------------------------------------------------

    def set_stats(self, stats: StatsData) -> None:
        """Show the figures; the period chosen before is kept when the new data has it."""
        self.stats = stats
        self.error.hide()
        previous = self.period_choice.currentText() if self.period_choice.currentIndex() > 0 else None
        self.period_choice.blockSignals(True)
        self.period_choice.clear()
        self.period_choice.addItem(tr("stats.all_periods"), None)
        for position, period in enumerate(stats.periods):
            self.period_choice.addItem(
                f"{period.label}  ({period.first:%d/%m} – {period.last:%d/%m})", position
            )
        found = self.period_choice.findText(previous) if previous else -1
        self.period_choice.setCurrentIndex(max(0, found))
        self.period_choice.blockSignals(False)
        fit_to_items(self.period_choice)
        self.period_choice.setEnabled(len(stats.periods) > 1)
        self.model.set_data(stats)
        self.model.set_period(self.period_choice.currentData())
        self.waitlist.setText(waitlist_summary(stats.waitlist) if stats.periods else "")
        self.needs_served.model.set_counts(stats.needs_served if stats.periods else ())
        if stats.periods:
            self.showing.setText(
                tr("stats.showing", first=f"{stats.first:%d/%m/%Y}", last=f"{stats.last:%d/%m/%Y}")
            )
        else:
            self.showing.setText("")

    def show_error(self, message: str) -> None:
        """Show ``message`` above the chart; an empty message clears it."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # --- what is shown --------------------------------------------------------------------------

    def _grouping_toggled(self, by_service: bool) -> None:
        grouping: Grouping = "service" if by_service else "clerk"
        self.model.set_grouping(grouping)

    def _period_chosen(self, _index: int) -> None:
        self.model.set_period(self.period_choice.currentData())

    def series(self) -> QAbstractBarSeries | None:
        found = self.chart.series()
        return found[0] if found and isinstance(found[0], QAbstractBarSeries) else None

    def _update_chart(self) -> None:
        self.chart.removeAllSeries()
        self.names_axis.clear()
        # A horizontal bar chart draws its first category at the bottom (and QBarCategoryAxis.setReverse
        # does not move bars); feed it bottom-up so the chart reads top-down like the table.
        rows = self.chart_rows()
        if not rows:
            self.placeholder.setText(tr("stats.no_data") if self.stats.periods else tr("stats.empty"))
            self.chart_stack.setCurrentWidget(self.placeholder)
            self._share_space()
            return
        self.chart.setTitle(tr(f"stats.chart.{self.model.grouping}"))
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.7)
        for outcome, colour in OUTCOMES:
            bar_set = QBarSet(tr(f"stats.outcome.{outcome}"))
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour.darker(115))
            bar_set.append([float(outcome_count(row.figures, outcome)) for row in rows])
            series.append(bar_set)
        series.hovered.connect(self._bar_hovered)
        self.chart.addSeries(series)
        self.names_axis.append(self._category_labels(rows))
        highest = max(row.figures.bookings + row.figures.cancelled for row in rows)
        step = nice_step(highest)
        self.counts_axis.setRange(0, step * max(1, math.ceil(highest / step)))
        self.counts_axis.setTickCount(max(1, math.ceil(highest / step)) + 1)
        series.attachAxis(self.names_axis)
        series.attachAxis(self.counts_axis)
        self.chart_stack.setCurrentWidget(self.chart_view)
        self._share_space()

    def _share_space(self) -> None:
        """Chart and table no taller than their bars and rows need, so a few clerks do not get fat bars."""
        line = self.fontMetrics().height()
        bars = len(self.model.rows())
        # QtCharts hides a category's name when its row is lower than the text: about 1.5 lines a bar.
        self.chart_stack.setMinimumHeight(max(220, int(line * (6 + 2.0 * bars))))
        self.chart_stack.setMaximumHeight(max(260, int(line * (9 + 2.6 * bars))))
        self.table.setMinimumHeight(int(line * 7))
        header = self.table.horizontalHeader()
        rows_height = self.table.verticalHeader().length()
        content = max(header.height(), header.sizeHint().height()) + rows_height + 2 * self.table.frameWidth()
        self.table.setMaximumHeight(content + 2)

    def _category_labels(self, rows: list[StatsRow]) -> list[str]:
        """Names shortened to a readable width (QtCharts would hide a long one entirely), told apart."""
        metrics = QFontMetrics(self.names_axis.labelsFont())
        names = [row.name or "—" for row in rows]
        return short_distinct_names(names, metrics, 26 * metrics.averageCharWidth())

    def chart_rows(self) -> list[StatsRow]:
        """The table's rows as sorted on screen, without the totals, in the chart's order (bottom to top)."""
        rows = [self.proxy.index(r, 0).data(StatsRole.ROW) for r in range(self.proxy.rowCount())]
        return [row for row in reversed(rows) if isinstance(row, StatsRow) and not row.is_total]

    def _bar_hovered(self, status: bool, index: int, bar_set: QBarSet) -> None:
        rows = self.chart_rows()
        if not status or not 0 <= index < len(rows):
            QToolTip.hideText()
            return
        text = tr(
            "stats.bar_tip", name=rows[index].name, outcome=bar_set.label(), count=int(bar_set.at(index))
        )
        QToolTip.showText(QCursor.pos(), tooltip_text(text), self.chart_view)


def short_distinct_names(names: list[str], metrics: QFontMetrics, width: int) -> list[str]:
    """Chart category names at most ``width`` wide, each different (a category axis silently drops
    repeated names).

    Services often share a long beginning («Αίτηση για ηλεκτροδότηση …»): where the shortened names
    collide, the part they share is cut instead, so each keeps the words that tell it apart.
    """
    short = [metrics.elidedText(name, Qt.TextElideMode.ElideRight, width) for name in names]
    labels: list[str] = []
    for name, label in zip(names, short, strict=True):
        if short.count(label) > 1:
            label = _distinct_label(name, [n for n in names if n != name], metrics, width)
        while label in labels:
            label += "\u200b"
        labels.append(label)
    return labels


def _distinct_label(name: str, others: list[str], metrics: QFontMetrics, width: int) -> str:
    """``name`` without the words it shares with the others' beginnings: «Αίτηση …παροχής ρεύματος»."""
    words = name.split()
    shared = 0
    for other in others:
        other_words = other.split()
        common = 0
        while common < min(len(words), len(other_words)) and words[common] == other_words[common]:
            common += 1
        shared = max(shared, common)
    head = words[0] if shared else ""
    tail = " ".join(words[shared:]) or name
    label = f"{head} …{tail}" if head else tail
    return metrics.elidedText(label, Qt.TextElideMode.ElideRight, width)
