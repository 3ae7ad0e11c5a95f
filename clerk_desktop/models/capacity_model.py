"""Demand-led capacity (issue 18) as the statistics view shows it: figures per service and mode for the
charts, and the week's suggestions as a list model (each applicable in one step)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from clerk_desktop.i18n import language, tr

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CapacityFigures:
    """One service in one mode: demand (hours asked for), supply (hours planned), no-shows, lead time."""

    service_id: int
    name_el: str
    name_en: str
    mode: str
    bookings: int
    waiting: int
    misses: int
    demand_hours: float
    supply_hours: float
    booked_hours: float
    no_show_rate: float | None
    lead_days: int | None
    pressure: float | None = None  # the server's ranking, most pressed highest (None: an older server)

    @property
    def name(self) -> str:
        """The service's name in the desktop's language."""
        return (self.name_en or self.name_el) if language() == "en" else (self.name_el or self.name_en)

    @property
    def label(self) -> str:
        """«Μεταδημότευση (τηλεδιάσκεψη)»: the service's name in the desktop's language and the mode."""
        return f"{self.name} ({tr(f'capacity.mode.{self.mode}')})"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CapacityFigures:
        rate = data.get("no_show_rate")
        lead = data.get("lead_days")
        return cls(
            service_id=int(data["service_id"]),
            name_el=str(data.get("name_el") or ""),
            name_en=str(data.get("name_en") or ""),
            mode=str(data.get("mode") or ""),
            bookings=int(data.get("bookings") or 0),
            waiting=int(data.get("waiting") or 0),
            misses=int(data.get("searches_without_result") or 0),
            demand_hours=float(data.get("demand_hours") or 0),
            supply_hours=float(data.get("supply_hours") or 0),
            booked_hours=float(data.get("booked_hours") or 0),
            no_show_rate=float(rate) if rate is not None else None,
            lead_days=int(lead) if lead is not None else None,
            pressure=float(data["pressure"]) if data.get("pressure") is not None else None,
        )


@dataclass(frozen=True)
class CapacitySuggestion:
    """A suggestion as offered: its text in both languages and what applying it sends back."""

    text_el: str
    text_en: str
    service_id: int
    mode: str
    apply_body: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return (self.text_en or self.text_el) if language() == "en" else (self.text_el or self.text_en)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CapacitySuggestion:
        keys = ("staff_id", "weekday", "start", "end", "effective_from", "plan_stamp")
        return cls(
            text_el=str(data.get("text_el") or ""),
            text_en=str(data.get("text_en") or ""),
            service_id=int(data["service_id"]),
            mode=str(data.get("mode") or ""),
            apply_body={k: data[k] for k in keys},
        )


@dataclass(frozen=True)
class CapacityData:
    figures: tuple[CapacityFigures, ...] = ()
    suggestions: tuple[CapacitySuggestion, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CapacityData:
        return cls(
            tuple(CapacityFigures.from_json(f) for f in data.get("figures") or ()),
            tuple(CapacitySuggestion.from_json(s) for s in data.get("suggestions") or ()),
        )


class SuggestionRole(IntEnum):
    APPLY_BODY = Qt.ItemDataRole.UserRole + 1


class CapacityModel(QAbstractListModel):
    """The suggestions, one row each; ``figures`` (for the charts) change with them, in one reset."""

    def __init__(self) -> None:
        super().__init__()
        self.capacity = CapacityData()

    @property
    def figures(self) -> tuple[CapacityFigures, ...]:
        return self.capacity.figures

    def set_capacity(self, capacity: CapacityData) -> None:
        self.beginResetModel()
        self.capacity = capacity
        self.endResetModel()

    def suggestion(self, row: int) -> CapacitySuggestion | None:
        items = self.capacity.suggestions
        return items[row] if 0 <= row < len(items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.capacity.suggestions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.suggestion(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return item.text
        if role == SuggestionRole.APPLY_BODY:
            return dict(item.apply_body)
        return None
