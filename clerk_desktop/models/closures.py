"""Holidays and closures as the «Αργίες και κλεισίματα» tab shows and edits them: rows, a form, tables.

The server owns the rule (``service_api/domain/closures.py``) and answers each closure's next dates;
the form previews them locally (with ``dateutil``'s Orthodox Easter when the desktop has it) so the
supervisor sees where a moving feast falls before saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS

try:  # python-dateutil comes with the desktop's dependencies, but the preview does without it
    from dateutil.easter import EASTER_ORTHODOX, easter
except ImportError:  # pragma: no cover - then the server's next dates are shown after saving
    easter = None

Index: TypeAlias = QModelIndex | QPersistentModelIndex
KINDS = ("once", "annual", "easter")
MAX_EASTER_OFFSET = 120  # the server's limit: a wider offset is almost surely a typing mistake
# Days from Orthodox Easter that have a name of their own (shown beside the offset).
EASTER_DAYS = {
    -48: "clean_monday",
    -2: "good_friday",
    0: "easter_sunday",
    1: "easter_monday",
    50: "whit_monday",
}


def easter_day_name(offset: int) -> str:
    """«Δευτέρα του Πάσχα» for 1, or empty for an offset without a name of its own."""
    key = EASTER_DAYS.get(offset)
    return tr(f"closures.easter.{key}") if key else ""


def describe_rule(
    kind: str,
    *,
    on: date | None = None,
    month: int | None = None,
    day: int | None = None,
    easter_offset: int | None = None,
    start: str | None = None,
    end: str | None = None,
) -> str:
    """The rule in words: «Κάθε χρόνο 15/05», «Πάσχα +1 (Δευτέρα του Πάσχα)»,
    «Μία φορά 07/06/2027 08:00–11:00»."""
    if kind == "easter":
        offset = easter_offset or 0
        text = tr("closures.rule.easter", offset=f"{offset:+d}".replace("-", "−"))
        named = easter_day_name(offset)
        if named:
            text = f"{text} ({named})"
    elif kind == "annual":
        text = tr("closures.rule.annual", day=f"{day or 0:02d}/{month or 0:02d}")
    else:
        text = tr("closures.rule.once", date=on.strftime("%d/%m/%Y") if on else "?")
    if start and end:
        text = f"{text} {start}–{end}"
    return text


def orthodox_easter(year: int) -> date | None:
    """Orthodox Easter Sunday of ``year``, or None when ``dateutil`` is not installed."""
    return None if easter is None else easter(year, EASTER_ORTHODOX)


def upcoming_dates(
    kind: str,
    today: date,
    *,
    on: date | None = None,
    month: int | None = None,
    day: int | None = None,
    easter_offset: int | None = None,
    count: int = 2,
) -> list[date] | None:
    """The next ``count`` days the rule falls on from ``today``; None when they cannot be computed here.

    Looks as far ahead as the server does (366 days per date asked), so the preview matches its answer.
    """
    if kind == "once":
        return [on] if on is not None and on >= today else []
    last = today + timedelta(days=366 * count)
    found: list[date] = []
    for year in range(today.year, last.year + 1):
        if kind == "easter":
            sunday = orthodox_easter(year)
            if sunday is None:
                return None
            candidate: date | None = sunday + timedelta(days=easter_offset or 0)
        else:
            try:
                candidate = date(year, month or 0, day or 0)
            except ValueError:  # 29 February in a common year, or no date chosen
                candidate = None
        if candidate is not None and today <= candidate <= last:
            found.append(candidate)
    return sorted(found)[:count]


def day_list(days: list[date] | tuple[date, ...]) -> str:
    return ", ".join(d.strftime("%d/%m/%Y") for d in days)


@dataclass(frozen=True)
class Closure:
    """One of the municipality's own closures, as the server lists it."""

    id: int
    kind: str
    name_el: str
    name_en: str
    on: date | None = None
    month: int | None = None
    day: int | None = None
    easter_offset: int | None = None
    start: str | None = None
    end: str | None = None
    next_dates: tuple[date, ...] = ()

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Closure:
        return cls(
            id=int(row["id"]),
            kind=str(row["kind"]),
            name_el=str(row["name_el"]),
            name_en=str(row["name_en"]),
            on=date.fromisoformat(row["date"]) if row.get("date") else None,
            month=row.get("month"),
            day=row.get("day"),
            easter_offset=row.get("easter_offset"),
            start=row.get("start"),
            end=row.get("end"),
            next_dates=tuple(date.fromisoformat(d) for d in row.get("next_dates", [])),
        )

    @property
    def name(self) -> str:
        return self.name_en if language() == "en" else self.name_el

    def describe(self) -> str:
        return describe_rule(
            self.kind,
            on=self.on,
            month=self.month,
            day=self.day,
            easter_offset=self.easter_offset,
            start=self.start,
            end=self.end,
        )


@dataclass(frozen=True)
class NationalHoliday:
    """A national holiday the server computes (read-only here)."""

    on: date
    name_el: str
    name_en: str

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> NationalHoliday:
        greek = str(row["name_el"])
        return cls(date.fromisoformat(row["date"]), greek, str(row.get("name_en") or greek))

    @property
    def name(self) -> str:
        return self.name_en if language() == "en" else self.name_el


@dataclass(frozen=True)
class AffectedBooking:
    """An open booking a new closure falls on: shown so the supervisor may offer its citizen a new time."""

    reference: str
    start: datetime  # Europe/Athens
    service_el: str
    service_en: str
    citizen_name: str
    status: str

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> AffectedBooking:
        service = row.get("service") or {}
        return cls(
            reference=str(row["reference"]),
            start=datetime.fromisoformat(str(row["start"])).astimezone(ATHENS),
            service_el=str(service.get("name_el", "")),
            service_en=str(service.get("name_en", "")),
            citizen_name=str((row.get("citizen") or {}).get("name") or ""),
            status=str(row.get("status", "")),
        )

    @property
    def service(self) -> str:
        return self.service_en if language() == "en" else self.service_el


@dataclass
class ClosureFormValues:
    """What the «Νέο κλείσιμο» form holds; ``body`` is the POST the server expects."""

    kind: str = "once"
    on: date | None = None
    month: int = 1
    day: int = 1
    easter_offset: int = 1
    whole_day: bool = True
    start: str = "08:00"
    end: str = "14:00"
    name_el: str = ""
    name_en: str = ""

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "kind": self.kind,
            "name_el": self.name_el.strip(),
            "name_en": self.name_en.strip(),
        }
        if self.kind == "once":
            body["date"] = self.on.isoformat() if self.on else None
        elif self.kind == "annual":
            body.update(month=self.month, day=self.day)
        else:
            body["easter_offset"] = self.easter_offset
        if not self.whole_day:
            body.update(start=self.start, end=self.end)
        return body

    def describe(self) -> str:
        hours = (None, None) if self.whole_day else (self.start, self.end)
        return describe_rule(
            self.kind,
            on=self.on,
            month=self.month,
            day=self.day,
            easter_offset=self.easter_offset,
            start=hours[0],
            end=hours[1],
        )

    def upcoming(self, today: date) -> list[date] | None:
        return upcoming_dates(
            self.kind, today, on=self.on, month=self.month, day=self.day, easter_offset=self.easter_offset
        )


class ClosureColumn(IntEnum):
    NAME = 0
    RULE = 1
    NEXT = 2


class ClosureRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1


class ClosureTableModel(QAbstractTableModel):
    """The municipality's closures: name, the rule in words, the next dates."""

    HEADERS = {
        ClosureColumn.NAME: "closures.col.name",
        ClosureColumn.RULE: "closures.col.rule",
        ClosureColumn.NEXT: "closures.col.next",
    }

    def __init__(self) -> None:
        super().__init__()
        self.closures: list[Closure] = []

    def set_closures(self, closures: list[Closure]) -> None:
        self.beginResetModel()
        self.closures = list(closures)
        self.endResetModel()

    def closure(self, row: int) -> Closure | None:
        return self.closures[row] if 0 <= row < len(self.closures) else None

    def row_of(self, closure_id: int) -> int:
        return next((i for i, c in enumerate(self.closures) if c.id == closure_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.closures)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ClosureColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 3
        ):
            return tr(self.HEADERS[ClosureColumn(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        closure = self.closure(index.row()) if index.isValid() else None
        if closure is None:
            return None
        if role == ClosureRole.ID:
            return closure.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = ClosureColumn(index.column())
        if column == ClosureColumn.NAME:
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{closure.name_el}\n{closure.name_en}"
            return closure.name
        if column == ClosureColumn.RULE:
            return closure.describe()
        return day_list(closure.next_dates) or tr("closures.past")


class HolidayTableModel(QAbstractTableModel):
    """The national holidays of this year and the next, computed by the server; read-only."""

    def __init__(self) -> None:
        super().__init__()
        self.holidays: list[NationalHoliday] = []

    def set_holidays(self, holidays: list[NationalHoliday]) -> None:
        self.beginResetModel()
        self.holidays = sorted(holidays, key=lambda h: h.on)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.holidays)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 2
        ):
            return tr("closures.col.date" if section == 0 else "closures.col.holiday")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.holidays):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        holiday = self.holidays[index.row()]
        return holiday.on.strftime("%d/%m/%Y") if index.column() == 0 else holiday.name
