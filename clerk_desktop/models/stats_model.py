"""Supervisors' figures: the parsed ``/api/v1/stats`` answer and a table of it per clerk or per service."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import IntEnum
from typing import Any, Literal, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.needs_served import parse_served
from clerk_desktop.models.plain import tooltip_text
from clerk_desktop.models.waitlist_demand import WaitlistLength, parse_lengths

Index: TypeAlias = QModelIndex | QPersistentModelIndex
Grouping: TypeAlias = Literal["clerk", "service"]
GROUPINGS: tuple[Grouping, ...] = ("clerk", "service")


def _rate(part: float, whole: float | None) -> float | None:
    """The server's rounding (four decimals), so a single period and 'all periods' agree."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class Figures:
    """The counts of one clerk, service or period; ``available_minutes`` is None for services."""

    bookings: int = 0
    booked_minutes: int = 0
    completed: int = 0
    no_show: int = 0
    no_show_rate: float | None = None
    documents_missing: int = 0
    cancelled: int = 0
    available_minutes: int | None = None
    utilisation: float | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figures:
        def number(key: str) -> int:
            return int(data.get(key) or 0)

        def rate(key: str) -> float | None:
            value = data.get(key)
            return None if value is None else float(value)

        available = data.get("available_minutes")
        return cls(
            bookings=number("bookings"),
            booked_minutes=number("booked_minutes"),
            completed=number("completed"),
            no_show=number("no_show"),
            no_show_rate=rate("no_show_rate"),
            documents_missing=number("documents_missing"),
            cancelled=number("cancelled"),
            available_minutes=None if available is None else int(available),
            utilisation=rate("utilisation"),
        )

    @property
    def still_open(self) -> int:
        """Kept bookings without an outcome yet (confirmed or checked in)."""
        return max(0, self.bookings - self.completed - self.no_show)

    @staticmethod
    def summed(items: Iterable[Figures]) -> Figures:
        """Counts added up; the rates worked out again from the sums (never averaged)."""
        items = list(items)
        counts = {
            f.name: sum(getattr(i, f.name) for i in items)
            for f in fields(Figures)
            if f.name not in ("no_show_rate", "available_minutes", "utilisation")
        }
        known = [i.available_minutes for i in items if i.available_minutes is not None]
        available = sum(known) if known else None
        return Figures(
            **counts,
            no_show_rate=_rate(counts["no_show"], counts["completed"] + counts["no_show"]),
            available_minutes=available,
            utilisation=_rate(counts["booked_minutes"], available),
        )


@dataclass(frozen=True)
class StatsRow:
    """One clerk (``key`` = staff id) or service (``key`` = service id); the totals row has key None."""

    key: int | None
    name_el: str
    name_en: str
    figures: Figures

    @property
    def name(self) -> str:
        if language() == "en":
            return self.name_en or self.name_el
        return self.name_el or self.name_en

    @property
    def is_total(self) -> bool:
        return self.key is None


@dataclass(frozen=True)
class PeriodStats:
    label: str
    first: date
    last: date
    totals: Figures
    by_clerk: tuple[StatsRow, ...]
    by_service: tuple[StatsRow, ...]

    def rows(self, grouping: Grouping) -> tuple[StatsRow, ...]:
        return self.by_clerk if grouping == "clerk" else self.by_service


def _combined_rows(groups: Iterable[Sequence[StatsRow]]) -> tuple[StatsRow, ...]:
    """Rows of several periods merged by key, in the order they first appear."""
    merged: dict[int | None, list[StatsRow]] = {}
    for rows in groups:
        for row in rows:
            merged.setdefault(row.key, []).append(row)
    return tuple(
        replace(same[-1], figures=Figures.summed(r.figures for r in same)) for same in merged.values()
    )


@dataclass(frozen=True)
class StatsData:
    """What the server counted over ``first``..``last``, one ``PeriodStats`` per week or month."""

    first: date
    last: date
    period: str
    municipality_id: int | None
    periods: tuple[PeriodStats, ...]
    waitlist: tuple[WaitlistLength, ...] = ()  # citizens waiting now, per service (not per period)
    needs_served: tuple[tuple[str, int], ...] = ()  # issue 18: completed appointments per need

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StatsData:
        """Parse the answer of ``GET /api/v1/stats``; ValueError when it is not that shape."""
        try:
            periods = tuple(
                PeriodStats(
                    label=str(p["period"]),
                    first=date.fromisoformat(p["from"]),
                    last=date.fromisoformat(p["to"]),
                    totals=Figures.from_json(p.get("totals") or {}),
                    by_clerk=tuple(
                        StatsRow(int(c["staff_id"]), str(c.get("name") or ""), "", Figures.from_json(c))
                        for c in p.get("by_clerk") or ()
                    ),
                    by_service=tuple(
                        StatsRow(
                            int(s["service_id"]),
                            str(s.get("name_el") or ""),
                            str(s.get("name_en") or ""),
                            Figures.from_json(s),
                        )
                        for s in p.get("by_service") or ()
                    ),
                )
                for p in data["periods"]
            )
            municipality = data.get("municipality_id")
            return cls(
                first=date.fromisoformat(data["from"]),
                last=date.fromisoformat(data["to"]),
                period=str(data.get("period") or "week"),
                municipality_id=None if municipality is None else int(municipality),
                periods=periods,
                waitlist=parse_lengths(data.get("waitlist")),
                needs_served=parse_served(data.get("needs_served")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"Unexpected statistics answer: {error!r}") from error

    def overall(self) -> PeriodStats:
        """All periods added up, per clerk and per service."""
        return PeriodStats(
            label="",
            first=self.first,
            last=self.last,
            totals=Figures.summed(p.totals for p in self.periods),
            by_clerk=_combined_rows(p.by_clerk for p in self.periods),
            by_service=_combined_rows(p.by_service for p in self.periods),
        )

    def selected(self, period: int | None) -> PeriodStats:
        """One period by position, or ``overall()`` for None."""
        return self.overall() if period is None else self.periods[period]


EMPTY = StatsData(date.min, date.min, "week", None, ())


class StatsColumn(IntEnum):
    NAME = 0
    BOOKINGS = 1
    UTILISATION = 2
    COMPLETED = 3
    NO_SHOW_RATE = 4
    CANCELLED = 5
    DOCUMENTS_MISSING = 6


PERCENT_COLUMNS = (StatsColumn.UTILISATION, StatsColumn.NO_SHOW_RATE)
_FIELDS = {
    StatsColumn.BOOKINGS: "bookings",
    StatsColumn.UTILISATION: "utilisation",
    StatsColumn.COMPLETED: "completed",
    StatsColumn.NO_SHOW_RATE: "no_show_rate",
    StatsColumn.CANCELLED: "cancelled",
    StatsColumn.DOCUMENTS_MISSING: "documents_missing",
}


class StatsRole(IntEnum):
    SORT = Qt.ItemDataRole.UserRole + 1  # the raw number (None for "no rate") or the name
    ROW = Qt.ItemDataRole.UserRole + 2  # the StatsRow
    KEY = Qt.ItemDataRole.UserRole + 3  # staff or service id; None on the totals row
    IS_TOTAL = Qt.ItemDataRole.UserRole + 4


def format_percent(value: float | None) -> str:
    """0.1234 → "12,3 %" in Greek, "12.3%" in English; "—" when there is no rate."""
    if value is None:
        return "—"
    text = f"{value * 100:.1f}"
    return f"{text.replace('.', ',')} %" if language() == "el" else f"{text}%"


class StatsTableModel(QAbstractTableModel):
    """One row per clerk (or service) of the chosen period, then a totals row; read-only."""

    def __init__(self) -> None:
        super().__init__()
        self.stats = EMPTY
        self.period: int | None = None
        self.grouping: Grouping = "clerk"
        self._rows: tuple[StatsRow, ...] = ()
        self._total: StatsRow | None = None

    def set_data(self, stats: StatsData) -> None:
        self.beginResetModel()
        self.stats = stats
        if self.period is not None and self.period >= len(stats.periods):
            self.period = None
        self._rebuild()
        self.endResetModel()

    def set_period(self, index: int | None) -> None:
        """Show period ``index`` of the data, or all periods added up (None)."""
        if index is not None and not 0 <= index < len(self.stats.periods):
            raise IndexError(f"No period {index}")
        self.beginResetModel()
        self.period = index
        self._rebuild()
        self.endResetModel()

    def set_grouping(self, grouping: Grouping) -> None:
        if grouping not in GROUPINGS:
            raise ValueError(f"Group by clerk or service, not {grouping!r}")
        self.beginResetModel()
        self.grouping = grouping
        self._rebuild()
        self.endResetModel()

    def _rebuild(self) -> None:
        if not self.stats.periods:
            self._rows, self._total = (), None
            return
        chosen = self.stats.selected(self.period)
        self._rows = chosen.rows(self.grouping)
        # Services have no utilisation of their own (it is clerks' time); the totals row keeps the whole.
        self._total = StatsRow(None, tr("stats.total"), tr("stats.total"), chosen.totals)

    def rows(self) -> tuple[StatsRow, ...]:
        """The clerk or service rows shown, without the totals row."""
        return self._rows

    def totals(self) -> Figures | None:
        return self._total.figures if self._total else None

    def row_at(self, row: int) -> StatsRow | None:
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return self._total if row == len(self._rows) and self._total else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._total is None:
            return 0
        return len(self._rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(StatsColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < len(StatsColumn):
            return None
        column = StatsColumn(index.column())
        value: str | float | None = (
            row.name if column == StatsColumn.NAME else getattr(row.figures, _FIELDS[column])
        )
        if role == Qt.ItemDataRole.DisplayRole:
            if column in PERCENT_COLUMNS:
                return format_percent(None if value is None else float(value))
            return str(value)
        if role == StatsRole.SORT:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft if column == StatsColumn.NAME else Qt.AlignmentFlag.AlignRight
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and row.is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(row, column)
            return tooltip_text(tip) if tip is not None else None
        if role == StatsRole.ROW:
            return row
        if role == StatsRole.KEY:
            return row.key
        if role == StatsRole.IS_TOTAL:
            return row.is_total
        return None

    def _tooltip(self, row: StatsRow, column: StatsColumn) -> str | None:
        figures = row.figures
        if column == StatsColumn.NAME:
            return row.name
        if column == StatsColumn.UTILISATION:
            if figures.available_minutes is None:
                return tr("stats.tip.no_utilisation")
            return tr(
                "stats.tip.utilisation", booked=figures.booked_minutes, available=figures.available_minutes
            )
        if column == StatsColumn.NO_SHOW_RATE:
            return tr(
                "stats.tip.no_show", no_show=figures.no_show, served=figures.completed + figures.no_show
            )
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(StatsColumn):
            return None
        column = StatsColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == StatsColumn.NAME:
                return tr("stats.col.clerk" if self.grouping == "clerk" else "stats.col.service")
            return tr(f"stats.col.{_FIELDS[column]}")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft if column == StatsColumn.NAME else Qt.AlignmentFlag.AlignRight
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return None


class StatsSortProxy(QSortFilterProxyModel):
    """Sorts on ``StatsRole.SORT`` (names by the language's collation, "no rate" lowest); totals stay last."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(StatsRole.SORT)
        self.collator = QCollator(
            QLocale(QLocale.Language.Greek if language() == "el" else QLocale.Language.English)
        )
        self.collator.setNumericMode(True)
        self.collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: Index, right: Index) -> bool:
        # Qt swaps the operands for a descending sort; answer so that the totals row ends last either way.
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        if left.data(StatsRole.IS_TOTAL):
            return not ascending
        if right.data(StatsRole.IS_TOTAL):
            return ascending
        a, b = left.data(StatsRole.SORT), right.data(StatsRole.SORT)
        if isinstance(a, str) and isinstance(b, str):
            return self.collator.compare(a, b) < 0
        if a is None or b is None:
            return a is None and b is not None
        return bool(a < b)
