"""Needs served (issue 18): completed appointments per accessibility need, as a two-column table model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from clerk_desktop.i18n import tr

Index: TypeAlias = QModelIndex | QPersistentModelIndex
# The server's needs in its order; a need it adds later is shown by its code until it has words here.
KNOWN = ("wheelchair", "sign_language", "interpreter", "extra_time", "assistant")


def parse_served(data: Any) -> tuple[tuple[str, int], ...]:
    """``needs_served`` of ``GET /api/v1/stats`` (a mapping need → count), known needs first."""
    if not isinstance(data, Mapping):
        return ()
    known = [(code, int(data[code])) for code in KNOWN if code in data]
    rest = [(str(code), int(count)) for code, count in sorted(data.items()) if code not in KNOWN]
    return tuple(known + rest)


class NeedsServedModel(QAbstractTableModel):
    """Rows are needs; columns the need's words and the count. ``set_counts`` replaces them."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[tuple[str, int], ...] = ()

    def set_counts(self, rows: tuple[tuple[str, int], ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def total(self) -> int:
        return sum(count for _code, count in self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        code, count = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                word = tr(f"need.{code}")
                return code if word == f"need.{code}" else word
            return str(count)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return tr("needs.served_need") if section == 0 else tr("needs.served_count")
