"""Item models of the «Υπηρεσίες» tab: the group → service tree and a service's ordered documents."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from clerk_desktop.i18n import tr
from clerk_desktop.models.catalogue import Catalogue, RequiredDocument

Index: TypeAlias = QModelIndex | QPersistentModelIndex
RETIRED_COLOUR = QColor("#8a8f98")


class CatalogueRole(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1  # "group" or "service"
    ID = Qt.ItemDataRole.UserRole + 2
    ACTIVE = Qt.ItemDataRole.UserRole + 3


class CatalogueTreeModel(QStandardItemModel):
    """Groups and, under each, its services in order; retired ones greyed (or hidden by the filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.catalogue: Catalogue | None = None
        self.show_retired = True

    def set_catalogue(self, catalogue: Catalogue | None) -> None:
        self.catalogue = catalogue
        self._fill()

    def set_show_retired(self, show: bool) -> None:
        if show != self.show_retired:
            self.show_retired = show
            self._fill()

    def _fill(self) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([tr("catalogue.services")])
        if self.catalogue is None:
            return
        for group in self.catalogue.groups:
            group_item = QStandardItem(group.name)
            group_item.setEditable(False)
            group_item.setData("group", CatalogueRole.KIND)
            group_item.setData(group.id, CatalogueRole.ID)
            font = group_item.font()
            font.setBold(True)
            group_item.setFont(font)
            for service in group.services:
                if not service.active and not self.show_retired:
                    continue
                text = service.name if service.active else f"{service.name} {tr('catalogue.retired_mark')}"
                item = QStandardItem(text)
                item.setEditable(False)
                item.setToolTip(text)
                item.setData("service", CatalogueRole.KIND)
                item.setData(service.id, CatalogueRole.ID)
                item.setData(service.active, CatalogueRole.ACTIVE)
                if not service.active:
                    item.setForeground(QBrush(RETIRED_COLOUR))
                group_item.appendRow(item)
            self.appendRow(group_item)

    def index_of(self, kind: str, item_id: int) -> QModelIndex:
        """The index of a group or service by id (invalid when it is not shown)."""
        for row in range(self.rowCount()):
            group = self.index(row, 0)
            if kind == "group" and group.data(CatalogueRole.ID) == item_id:
                return group
            for child in range(self.rowCount(group)):
                service = self.index(child, 0, group)
                if kind == "service" and service.data(CatalogueRole.ID) == item_id:
                    return service
        return QModelIndex()

    def service_names(self) -> list[str]:
        """Every service shown, in order (for tests and the screen reader's eye)."""
        names: list[str] = []
        for row in range(self.rowCount()):
            group = self.index(row, 0)
            names.extend(str(self.index(c, 0, group).data()) for c in range(self.rowCount(group)))
        return names


class DocumentColumn(IntEnum):
    EL = 0
    EN = 1
    CODE = 2


DOCUMENT_HEADERS = {
    DocumentColumn.EL: "catalogue.doc.el",
    DocumentColumn.EN: "catalogue.doc.en",
    DocumentColumn.CODE: "catalogue.doc.code",
}


class DocumentListModel(QAbstractTableModel):
    """The ordered required documents of the service being edited; the order is the citizen's list."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[RequiredDocument] = []

    def set_documents(self, documents: tuple[RequiredDocument, ...]) -> None:
        self.beginResetModel()
        self.documents = list(documents)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.documents)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DocumentColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.documents):
            return None
        document = self.documents[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = DocumentColumn(index.column())
            return {DocumentColumn.EL: document.el, DocumentColumn.EN: document.en}.get(column, document.code)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        if horizontal and 0 <= section < len(DocumentColumn):
            return tr(DOCUMENT_HEADERS[DocumentColumn(section)])
        return None

    def add(self, document: RequiredDocument) -> int:
        row = len(self.documents)
        self.beginInsertRows(QModelIndex(), row, row)
        self.documents.append(document)
        self.endInsertRows()
        return row

    def replace(self, row: int, document: RequiredDocument) -> None:
        if 0 <= row < len(self.documents):
            self.documents[row] = document
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(DocumentColumn) - 1))

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.documents):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.documents[row]
            self.endRemoveRows()

    def move(self, row: int, step: int) -> int:
        """Move a document one place up (-1) or down (+1); the row it ends on."""
        target = row + step
        if not (0 <= row < len(self.documents) and 0 <= target < len(self.documents)):
            return row
        # Qt's destination is the row *before which* the moved row lands, counted before the move.
        destination = target + 1 if step > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.documents.insert(target, self.documents.pop(row))
        self.endMoveRows()
        return target
