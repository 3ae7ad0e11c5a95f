"""The access log as the data-protection officer reads it: parsed entries, the filters, a thin table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS

Index: TypeAlias = QModelIndex | QPersistentModelIndex
AFM = re.compile(r"[0-9]{9}")


@dataclass(frozen=True)
class AccessEntry:
    """One row of ``GET /api/v1/access-log``: who read which booking, when, how (never whose it is)."""

    id: int
    at: datetime
    channel: str
    staff_name: str
    staff_username: str
    reference: str

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> AccessEntry:
        staff = row.get("staff") or {}
        return cls(
            id=int(row["id"]),
            at=datetime.fromisoformat(str(row["at"])),
            channel=str(row.get("channel", "")),
            staff_name=str(staff.get("name") or ""),
            staff_username=str(staff.get("username") or ""),
            reference=str(row.get("reference") or ""),
        )


@dataclass(frozen=True)
class AccessFilter:
    """What the dpo looks for: a citizen (an e-mail, or nine digits for an AFM), a staff member, a booking."""

    citizen: str = ""
    staff_id: int | None = None
    reference: str = ""

    def subject(self) -> dict[str, str] | None:
        """The citizen as the server names them: ``{"afm": …}`` for nine digits, else ``{"email": …}``."""
        text = self.citizen.strip()
        if not text:
            return None
        return {"afm": text} if AFM.fullmatch(text) else {"email": text}

    def params(self) -> dict[str, str]:
        """The query of ``GET /api/v1/access-log``."""
        params = dict(self.subject() or {})
        if self.staff_id is not None:
            params["staff_id"] = str(self.staff_id)
        if self.reference.strip():
            params["reference"] = self.reference.strip().upper()
        return params


class AccessColumn(IntEnum):
    AT = 0
    STAFF = 1
    REFERENCE = 2
    CHANNEL = 3


class AccessRole(IntEnum):
    """Custom item roles of the access-log table."""

    ENTRY_ID = Qt.ItemDataRole.UserRole + 1
    REFERENCE = Qt.ItemDataRole.UserRole + 2


class AccessLogModel(QAbstractTableModel):
    """Newest first; ``set_entries`` starts a new search, ``add_page`` appends the next page below."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[AccessEntry] = []
        self.next_cursor: int | None = None  # the server's cursor of the page after the last one shown

    def set_entries(self, entries: list[AccessEntry], next_cursor: int | None) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.next_cursor = next_cursor
        self.endResetModel()

    def add_page(self, entries: list[AccessEntry], next_cursor: int | None) -> None:
        self.next_cursor = next_cursor
        if not entries:
            return
        first = len(self.entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self.entries.extend(entries)
        self.endInsertRows()

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None

    def entry(self, row: int) -> AccessEntry | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(AccessColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(AccessColumn):
            return tr(f"dpo.column.{AccessColumn(section).name.lower()}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == AccessRole.ENTRY_ID:
            return entry.id
        if role == AccessRole.REFERENCE:
            return entry.reference
        column = AccessColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == AccessColumn.STAFF:
            return entry.staff_username
        return None

    @staticmethod
    def _text(entry: AccessEntry, column: AccessColumn) -> str:
        if column == AccessColumn.AT:
            return f"{entry.at.astimezone(ATHENS):%d/%m/%Y %H:%M:%S}"
        if column == AccessColumn.STAFF:
            return entry.staff_name
        if column == AccessColumn.REFERENCE:
            return entry.reference
        key = f"dpo.channel.{entry.channel}"
        text = tr(key)
        return entry.channel if text == key else text
