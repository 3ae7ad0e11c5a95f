"""The capacity block of the statistics view (issue 18): demand against supply per service and mode,
days to the first free slot and no-show rates as bar charts, and the week's suggestions with an
«Εφαρμογή» button each. It only reads ``CapacityModel`` and emits what the supervisor asked for."""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.capacity_model import CapacityFigures, CapacityModel
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.stats_view import nice_step, short_distinct_names

DEMAND = QColor("#c0504d")
SUPPLY = QColor("#4f81bd")
BOOKED = QColor("#9bbb59")
LEAD = QColor("#f79646")
NO_SHOW = QColor("#8064a2")
BAR_ROW_PIXELS = 22  # height per category besides its bars
# A full catalogue has dozens of services in two modes: the charts show the most pressed few, the
# rest on request (one of 56 rows made a chart over 3,000 pixels tall).
CHARTED_AT_FIRST = 8
LEAD_AXIS_AT_LEAST = 10  # days: where a first free slot starts to count as far (domain.capacity)


class BarChart(QChartView):
    """A horizontal bar chart over service×mode labels whose axes live as long as the chart."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.chart_.setTitle(title)
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_.setBackgroundRoundness(0)
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.names_axis = QBarCategoryAxis()
        self.names_axis.setGridLineVisible(False)
        self.values_axis = QValueAxis()
        self.values_axis.setLabelFormat("%d")
        self.values_axis.setGridLineColor(QColor("#e2e2e2"))
        self.chart_.addAxis(self.names_axis, Qt.AlignmentFlag.AlignLeft)
        self.chart_.addAxis(self.values_axis, Qt.AlignmentFlag.AlignBottom)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(title)

    def show_bars(
        self,
        labels: list[str],
        sets: list[tuple[str, QColor, list[float]]],
        *,
        top: int | None = None,
        at_least: int = 1,
    ) -> None:
        """Bars per label, top-down in the order given (Qt draws the first category at the bottom);
        ``top``: a fixed end of the value axis (100 for a percentage); ``at_least``: the axis reaches this
        however short the bars, so one day to wait does not fill the chart as if it were long."""
        self.chart_.removeAllSeries()
        self.names_axis.clear()
        series = QHorizontalBarSeries()
        series.setBarWidth(0.8)
        for name, colour, values in sets:
            bar_set = QBarSet(name)
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour.darker(115))
            bar_set.append(list(reversed(values)))
            series.append(bar_set)
        self.chart_.addSeries(series)
        self.names_axis.append(list(reversed(labels)))
        highest = max([v for _, _, values in sets for v in values] + [float(at_least)])
        step = nice_step(math.ceil(highest))
        end = top if top is not None else step * max(1, math.ceil(highest / step))
        self.values_axis.setRange(0, end)
        self.values_axis.setTickCount(6 if top is not None else max(1, math.ceil(end / step)) + 1)
        series.attachAxis(self.names_axis)
        series.attachAxis(self.values_axis)
        # Room for every label: Qt elides them all to «…» when a category is shorter than its text.
        self.setMinimumHeight(110 + max(1, len(labels)) * (BAR_ROW_PIXELS + 12 * len(sets)))

    def bar_values(self) -> list[list[float]]:
        """Each set's values top-down, as shown (for tests and the accessible description)."""
        found = self.chart_.series()
        if not found or not isinstance(found[0], QHorizontalBarSeries):
            return []
        return [list(reversed([s.at(i) for i in range(s.count())])) for s in found[0].barSets()]


class CapacityPanel(QWidget):
    """Charts and suggestions; ``apply_requested(row)`` and ``refresh_requested`` go to the controller."""

    apply_requested = Signal(int)
    refresh_requested = Signal()

    def __init__(self, model: CapacityModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("capacityPanel")
        self.title = PlainLabel(tr("capacity.title"))
        self.title.setObjectName("sectionTitle")
        self.hint = PlainLabel(tr("capacity.hint"))
        self.hint.setWordWrap(True)
        self.refresh = QPushButton(tr("capacity.refresh"))
        self.error = PlainLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = PlainLabel()
        self.status.setObjectName("badgeOk")
        self.status.hide()
        self.demand_chart = BarChart(tr("capacity.chart.demand"))
        self.lead_chart = BarChart(tr("capacity.chart.lead"))
        self.no_show_chart = BarChart(tr("capacity.chart.no_show"))
        self.empty = PlainLabel(tr("capacity.empty"))
        self.cut_note = PlainLabel()
        self.cut_note.setWordWrap(True)
        self.show_all = QCheckBox()
        self.show_all.toggled.connect(self._show)
        self.suggestions_title = PlainLabel(tr("capacity.suggestions"))
        self.suggestions_title.setObjectName("sectionTitle")
        self.suggestions = QVBoxLayout()
        self.apply_buttons: list[QPushButton] = []
        self._layout()
        self.refresh.clicked.connect(self.refresh_requested)
        self.model.modelReset.connect(self._show)
        self._show()

    def _layout(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.refresh)
        charts = QVBoxLayout()
        for chart in (self.demand_chart, self.lead_chart, self.no_show_chart):
            charts.addWidget(chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        cut = QHBoxLayout()
        cut.addWidget(self.cut_note, 1)
        cut.addWidget(self.show_all)
        layout.addLayout(cut)
        layout.addLayout(charts)
        layout.addWidget(self.suggestions_title)
        layout.addLayout(self.suggestions)

    def _category_labels(self, figures: list[CapacityFigures]) -> list[str]:
        """«Service (mode)» with the service's name shortened, so the mode always shows: two rows of one
        long name would otherwise both end in «…» and look the same."""
        metrics = QFontMetrics(self.demand_chart.names_axis.labelsFont())
        services = list(dict.fromkeys((f.service_id, f.name) for f in figures))  # a row per mode
        names = short_distinct_names([name for _, name in services], metrics, 30 * metrics.averageCharWidth())
        short = dict(zip(services, names, strict=True))
        labels: list[str] = []
        for f in figures:
            label = f"{short[(f.service_id, f.name)]} ({tr(f'capacity.mode.{f.mode}')})"
            while label in labels:  # two services of one name: a category axis drops repeated labels
                label += "\u200b"
            labels.append(label)
        return labels

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def show_status(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))

    def chartable(self) -> list[CapacityFigures]:
        """The services and modes worth a row, most pressed first: one nobody serves and nobody asks for
        would be an empty row."""
        found = [f for f in self.model.figures if f.supply_hours or f.demand_hours or f.waiting or f.misses]
        return sorted(found, key=lambda f: -(f.pressure or 0.0))  # stable: the server's order among equals

    def chart_figures(self) -> list[CapacityFigures]:
        """The rows charted: the most pressed few, or all once the supervisor asks (or when the
        server ranks none: an older one sends no pressure)."""
        found = self.chartable()
        return found if not self._can_cut(found) or self.show_all.isChecked() else found[:CHARTED_AT_FIRST]

    @staticmethod
    def _can_cut(found: list[CapacityFigures]) -> bool:
        return len(found) > CHARTED_AT_FIRST and any(f.pressure is not None for f in found)

    def _show(self) -> None:
        found = self.chartable()
        chartable = len(found)
        cut = self._can_cut(found)
        self.show_all.setVisible(cut)
        self.cut_note.setVisible(cut and not self.show_all.isChecked())
        self.show_all.setText(tr("capacity.show_all", count=chartable))
        self.cut_note.setText(tr("capacity.most_pressed", shown=CHARTED_AT_FIRST, count=chartable))
        figures = self.chart_figures()
        labels = self._category_labels(figures)
        has_figures = bool(figures)
        self.empty.setVisible(not has_figures)
        for chart in (self.demand_chart, self.lead_chart, self.no_show_chart):
            chart.setVisible(has_figures)
        if has_figures:
            self.demand_chart.show_bars(
                labels,
                [
                    (tr("capacity.series.demand"), DEMAND, [f.demand_hours for f in figures]),
                    (tr("capacity.series.supply"), SUPPLY, [f.supply_hours for f in figures]),
                    (tr("capacity.series.booked"), BOOKED, [f.booked_hours for f in figures]),
                ],
            )
            self.lead_chart.show_bars(
                labels, [(tr("capacity.series.lead"), LEAD, _lead(figures))], at_least=LEAD_AXIS_AT_LEAST
            )
            self.no_show_chart.show_bars(
                labels,
                [(tr("capacity.series.no_show"), NO_SHOW, [100 * (f.no_show_rate or 0.0) for f in figures])],
                top=100,
            )
        self._show_suggestions()

    def _show_suggestions(self) -> None:
        while self.suggestions.count():
            item = self.suggestions.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.apply_buttons = []
        rows = self.model.rowCount()
        if not rows:
            self.suggestions.addWidget(PlainLabel(tr("capacity.none")))
            return
        for row in range(rows):
            text = str(self.model.data(self.model.index(row)) or "")
            line = QFrame()
            line.setObjectName("capacitySuggestion")
            line_layout = QHBoxLayout(line)
            line_layout.setContentsMargins(0, 2, 0, 2)
            label = PlainLabel(text)
            label.setWordWrap(True)
            button = QPushButton(tr("capacity.apply"))
            button.setAccessibleName(f"{tr('capacity.apply')}: {text}")
            button.clicked.connect(lambda _checked=False, r=row: self.apply_requested.emit(r))
            line_layout.addWidget(label, 1)
            line_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.suggestions.addWidget(line)
            self.apply_buttons.append(button)


def _lead(figures: list[CapacityFigures]) -> list[float]:
    """Days to the first free slot; nothing free up to the horizon shows as the longest bar there is."""
    known = [float(f.lead_days) for f in figures if f.lead_days is not None]
    longest = max(known, default=0.0)
    return [float(f.lead_days) if f.lead_days is not None else max(longest, 30.0) for f in figures]
