"""The «Προσωπικό» tab: every account in a table, and buttons that ask the controller to act on one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.staff_accounts import StaffAccount, StaffColumn, StaffTableModel
from clerk_desktop.views.plain_text import PlainLabel

# The most of the table's width a column of long words may take before it elides.
WIDTH_SHARE = {StaffColumn.USERNAME: 0.14, StaffColumn.EMAIL: 0.24}


class StaffTab(QWidget):
    """Reacts to its model; every button names the selected account by id in a signal."""

    create_requested = Signal()
    edit_requested = Signal(int)
    active_change_requested = Signal(int, bool)  # staff id, the new state
    password_reset_requested = Signal(int)
    refresh_requested = Signal()

    def __init__(self, model: StaffTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in StaffColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in WIDTH_SHARE:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(StaffColumn.QUALIFICATIONS, QHeaderView.ResizeMode.Stretch)
        self.new = QPushButton(tr("admin.new"))
        self.new.setObjectName("primary")
        self.edit = QPushButton(tr("admin.edit"))
        self.toggle_active = QPushButton(tr("admin.deactivate"))
        self.reset = QPushButton(tr("admin.reset_password"))
        self.refresh = QPushButton(tr("admin.refresh"))
        buttons = QHBoxLayout()
        for button in (self.new, self.edit, self.toggle_active, self.reset):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.new.clicked.connect(self.create_requested)
        self.edit.clicked.connect(self._edit)
        self.toggle_active.clicked.connect(self._toggle_active)
        self.reset.clicked.connect(self._reset)
        self.refresh.clicked.connect(self.refresh_requested)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.table.selectionModel().selectionChanged.connect(lambda _a, _b: self._selection_changed())
        model.modelReset.connect(self._selection_changed)
        model.modelReset.connect(self._fit_columns)
        model.dataChanged.connect(lambda *_args: self._selection_changed())
        self._selection_changed()

    def _fit_columns(self) -> None:
        """Usernames and e-mails as wide as they are, up to a share of the table (then elided, whole
        in the tooltip), so the services keep room on a small or 150 % screen."""
        room = self.table.viewport().width() or self.width()
        header = self.table.horizontalHeader()
        for column, share in WIDTH_SHARE.items():
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, min(wanted, int(room * share)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def selected(self) -> StaffAccount | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.account(rows[0].row()) if rows else None

    def select(self, staff_id: int) -> None:
        row = self.model.row_of(staff_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0, QModelIndex()))

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def _selection_changed(self) -> None:
        account = self.selected()
        for button in (self.edit, self.toggle_active, self.reset):
            button.setEnabled(account is not None)
        active = account is None or account.active
        self.toggle_active.setText(tr("admin.deactivate" if active else "admin.reactivate"))

    def _edit(self) -> None:
        account = self.selected()
        if account is not None:
            self.edit_requested.emit(account.id)

    def _toggle_active(self) -> None:
        account = self.selected()
        if account is not None:
            self.active_change_requested.emit(account.id, not account.active)

    def _reset(self) -> None:
        account = self.selected()
        if account is not None:
            self.password_reset_requested.emit(account.id)
