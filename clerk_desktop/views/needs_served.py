"""The statistics view's block of needs served (issue 18): a title and a small table, self-contained."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.needs_served import NeedsServedModel
from clerk_desktop.views.plain_text import PlainLabel


class NeedsServedView(QWidget):
    """Completed appointments per need over the chosen range; follows its model."""

    def __init__(self, model: NeedsServedModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = PlainLabel(tr("needs.served_title"))
        self.title.setObjectName("sectionTitle")
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName(tr("needs.served_title"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        model.modelReset.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        """As tall as its rows: five needs fit without a scroll bar."""
        rows = self.model.rowCount()
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth() + 2
        height += sum(
            self.table.rowHeight(r) or self.table.verticalHeader().defaultSectionSize() for r in range(rows)
        )
        self.table.setFixedHeight(max(height, self.table.verticalHeader().defaultSectionSize() * 2))
        self.setVisible(rows > 0)
