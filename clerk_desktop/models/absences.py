"""Absences as the desktop holds them: one absence, the form's values, and lists of requests.

Times come from the server in UTC and are shown, and typed, in Europe/Athens. Only an approved
absence blocks a clerk's time; requested and rejected ones are shown as such, never as absences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.plain import tooltip_text

Index = QModelIndex | QPersistentModelIndex


class AbsenceKind(StrEnum):
    LEAVE = "leave"
    SICKNESS = "sickness"
    TRAINING = "training"
    OTHER = "other"


class AbsenceStatus(StrEnum):
    APPROVED = "approved"
    REQUESTED = "requested"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Absence:
    id: int
    staff_id: int
    start: datetime  # Athens
    end: datetime
    kind: AbsenceKind
    status: AbsenceStatus
    reason: str = ""
    decision_reason: str = ""

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Absence:
        kind = str(row.get("kind") or AbsenceKind.OTHER)
        status = str(row.get("status") or AbsenceStatus.APPROVED)
        return cls(
            id=int(row["id"]),
            staff_id=int(row["staff_id"]),
            start=datetime.fromisoformat(str(row["start"])).astimezone(ATHENS),
            end=datetime.fromisoformat(str(row["end"])).astimezone(ATHENS),
            kind=AbsenceKind(kind) if kind in set(AbsenceKind) else AbsenceKind.OTHER,
            status=AbsenceStatus(status) if status in set(AbsenceStatus) else AbsenceStatus.APPROVED,
            reason=str(row.get("reason") or ""),
            decision_reason=str(row.get("decision_reason") or ""),
        )

    @property
    def whole_days(self) -> bool:
        """From one local midnight to another: shown and edited as days, not hours."""
        return self.start.time() == time(0) and self.end.time() == time(0)

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last local day it touches (an absence ending at midnight ends the day before)."""
        return (self.end - timedelta(microseconds=1)).date()

    def touches(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def span_text(self) -> str:
        """02/12/2026–04/12/2026 for whole days, 02/12/2026 09:00–11:00 for hours."""
        if self.whole_days:
            if self.first_day == self.last_day:
                return f"{self.first_day:%d/%m/%Y}"
            return f"{self.first_day:%d/%m/%Y}–{self.last_day:%d/%m/%Y}"
        if self.first_day == self.last_day:
            return f"{self.start:%d/%m/%Y %H:%M}–{self.end:%H:%M}"
        return f"{self.start:%d/%m/%Y %H:%M}–{self.end:%d/%m/%Y %H:%M}"


def kind_text(kind: str) -> str:
    return tr(f"absences.kind.{kind}")


def status_text(status: str) -> str:
    return tr(f"absences.status.{status}")


@dataclass
class AbsenceFormValues:
    """What the absence form edits: whole days ``first``..``last``, or ``day`` from ``start`` to ``end``."""

    staff_id: int | None
    kind: AbsenceKind = AbsenceKind.LEAVE
    whole_days: bool = True
    first: date = date(2026, 1, 1)
    last: date = date(2026, 1, 1)
    start: time = time(8, 0)
    end: time = time(14, 0)
    reason: str = ""

    @classmethod
    def for_day(
        cls, staff_id: int | None, day: date, kind: AbsenceKind = AbsenceKind.LEAVE
    ) -> AbsenceFormValues:
        return cls(staff_id=staff_id, kind=kind, first=day, last=day)

    @classmethod
    def of(cls, absence: Absence) -> AbsenceFormValues:
        if absence.whole_days:
            return cls(
                absence.staff_id,
                absence.kind,
                True,
                absence.first_day,
                absence.last_day,
                reason=absence.reason,
            )
        return cls(
            absence.staff_id,
            absence.kind,
            False,
            absence.first_day,
            absence.first_day,
            absence.start.time(),
            absence.end.time(),
            absence.reason,
        )

    def span(self) -> tuple[datetime, datetime]:
        """The absence as aware Athens datetimes: whole days from midnight to the midnight after."""
        if self.whole_days:
            start = datetime.combine(self.first, time(0), ATHENS)
            return start, datetime.combine(self.last + timedelta(days=1), time(0), ATHENS)
        return datetime.combine(self.first, self.start, ATHENS), datetime.combine(
            self.first, self.end, ATHENS
        )

    def body(self) -> dict[str, Any]:
        start, end = self.span()
        return {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "kind": str(self.kind),
            "reason": self.reason.strip(),
        }

    def changes(self, original: AbsenceFormValues) -> dict[str, Any]:
        """The PATCH body: only what differs from ``original``."""
        mine, theirs = self.body(), original.body()
        return {key: value for key, value in mine.items() if theirs.get(key) != value}

    def problems(self) -> dict[str, str]:
        """What the form can tell before asking the server (the server checks again)."""
        if self.whole_days and self.last < self.first:
            return {"end": tr("absences.error.last_before_first")}
        if not self.whole_days and self.end <= self.start:
            return {"end": tr("absences.error.end_before_start")}
        return {}


class RequestColumn(IntEnum):
    CLERK = 0
    SPAN = 1
    KIND = 2
    STATUS = 3
    REASON = 4


class AbsenceListModel(QAbstractTableModel):
    """A table of absences: the pending requests of a team, or a staff member's own requests.

    ``names`` maps staff ids to display names; without it the clerk column is left out (one's own).
    """

    def __init__(self, *, with_clerk: bool = True) -> None:
        super().__init__()
        self.with_clerk = with_clerk
        self.rows: list[Absence] = []
        self.names: dict[int, str] = {}

    def columns(self) -> list[RequestColumn]:
        return [c for c in RequestColumn if self.with_clerk or c != RequestColumn.CLERK]

    def set_rows(self, rows: list[Absence], names: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda a: (a.start, a.id))
        self.names = dict(names or {})
        self.endResetModel()

    def absence(self, row: int) -> Absence | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, absence_id: int) -> int:
        return next((i for i, a in enumerate(self.rows) if a.id == absence_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        columns = self.columns()
        if not 0 <= section < len(columns):
            return None
        return tr(f"absences.column.{columns[section].name.lower()}")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        absence = self.absence(index.row()) if index.isValid() else None
        columns = self.columns()
        if absence is None or not 0 <= index.column() < len(columns):
            return None
        column = columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(str(self.data(index, Qt.ItemDataRole.DisplayRole)))
        if role == Qt.ItemDataRole.DisplayRole:
            if column == RequestColumn.CLERK:
                return self.names.get(absence.staff_id, f"#{absence.staff_id}")
            if column == RequestColumn.SPAN:
                return absence.span_text()
            if column == RequestColumn.KIND:
                return kind_text(absence.kind)
            if column == RequestColumn.STATUS:
                return status_text(absence.status)
            note = absence.reason
            if absence.decision_reason:
                note = f"{note} — {absence.decision_reason}" if note else absence.decision_reason
            return note
        if role == Qt.ItemDataRole.UserRole:
            return absence.id
        return None
