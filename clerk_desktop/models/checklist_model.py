"""The required-documents checklist of one booking, editable by the clerk."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from clerk_desktop.models.booking import DOCUMENT_STATES, SETTLED_DOCUMENT_STATES, Booking, Document

Index: TypeAlias = QModelIndex | QPersistentModelIndex


class ChecklistRole(IntEnum):
    CODE = Qt.ItemDataRole.UserRole + 1
    STATE = Qt.ItemDataRole.UserRole + 2


class ChecklistModel(QAbstractTableModel):
    """Column 0: the document; column 1: its state. Setting a state emits ``state_change_requested``."""

    state_change_requested = Signal(str, str, str)  # reference, code, state
    COLUMNS = 2

    def __init__(self, language: str = "el", state_labels: dict[str, str] | None = None) -> None:
        super().__init__()
        self.language = language
        self.state_labels = state_labels or {s: s for s in DOCUMENT_STATES}
        self.reference = ""
        self._docs: list[Document] = []

    def set_booking(self, booking: Booking | None) -> None:
        new_docs = list(booking.documents) if booking else []
        new_ref = booking.reference if booking else ""
        if new_ref == self.reference and [d.code for d in new_docs] == [d.code for d in self._docs]:
            self._docs = new_docs  # same rows: a state update only
            if new_docs:
                self.dataChanged.emit(self.index(0, 0), self.index(len(new_docs) - 1, 1))
            return
        self.beginResetModel()
        self.reference = new_ref
        self._docs = new_docs
        self.endResetModel()

    def progress(self) -> tuple[int, int]:
        settled = sum(1 for d in self._docs if d.state in SETTLED_DOCUMENT_STATES)
        return settled, len(self._docs)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._docs):
            return None
        doc = self._docs[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                doc.name(self.language)
                if index.column() == 0
                else self.state_labels.get(doc.state, doc.state)
            )
        if role == Qt.ItemDataRole.EditRole and index.column() == 1:
            return doc.state
        if role == ChecklistRole.CODE:
            return doc.code
        if role == ChecklistRole.STATE:
            return doc.state
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 1:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != 1 or value not in DOCUMENT_STATES:
            return False
        if not 0 <= index.row() < len(self._docs):
            return False
        doc = self._docs[index.row()]
        if doc.state == value:
            return False
        # Optimistic: show it at once; the server's answer (or a conflict) follows through the store.
        self._docs[index.row()] = Document(doc.code, doc.name_el, doc.name_en, str(value))
        self.dataChanged.emit(index, index)
        self.state_change_requested.emit(self.reference, doc.code, str(value))
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            ("Δικαιολογητικό", "Κατάσταση")[section]
            if self.language == "el"
            else ("Document", "State")[section]
        )
