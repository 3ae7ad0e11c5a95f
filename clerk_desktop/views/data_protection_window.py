"""«Προστασία δεδομένων»: the data-protection officer's window, the access log and a citizen's requests.

It reads its model and says what the officer asks for in signals; the controller
(``clerk_desktop/data_protection.py``) does the calls. No calendar: the dpo sees none.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import count_words, tr
from clerk_desktop.models.access_log import AccessColumn, AccessFilter, AccessLogModel
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.screen_fit import fit_main_window


def ask_save_path(
    parent: QWidget | None, title: str, suggested: str, file_filter: str, suffix: str
) -> str | None:
    """A file to write, or None when the user cancels; ``suffix`` is added when left out."""
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not path:
        return None
    return path if path.lower().endswith(f".{suffix}") else f"{path}.{suffix}"


class DataProtectionWindow(QMainWindow):
    """The log with its filters, and the citizen's export and erasure; a status bar for answers."""

    search_requested = Signal(object)  # an AccessFilter
    more_requested = Signal()
    export_requested = Signal(str)  # "json" or "html"
    erase_requested = Signal()
    account_requested = Signal()
    sign_out_requested = Signal()
    closing = Signal()

    def __init__(self, model: AccessLogModel, staff_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        title = tr("dpo.title")
        self.setWindowTitle(f"{title} — {staff_name}" if staff_name else title)
        intro = PlainLabel(tr("dpo.intro"))
        intro.setWordWrap(True)
        self.citizen = QLineEdit()
        self.citizen.setPlaceholderText(tr("dpo.citizen_hint"))
        self.citizen.setAccessibleName(tr("dpo.citizen"))
        self.citizen.setMaxLength(254)
        self.staff = QComboBox()
        self.staff.setAccessibleName(tr("dpo.staff"))
        self.staff.addItem(tr("dpo.all_staff"), None)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(tr("dpo.reference_hint"))
        self.reference.setAccessibleName(tr("dpo.reference"))
        self.reference.setMaxLength(20)
        self.search = QPushButton(tr("dpo.search"))
        self.search.setObjectName("primary")
        self.search.setDefault(True)
        self.clear = QPushButton(tr("dpo.clear"))
        filters = QHBoxLayout()
        for label, widget, stretch in (
            ("dpo.citizen", self.citizen, 3),
            ("dpo.staff", self.staff, 2),
            ("dpo.reference", self.reference, 1),
        ):
            filters.addWidget(PlainLabel(tr(label)))
            filters.addWidget(widget, stretch)
        filters.addWidget(self.search)
        filters.addWidget(self.clear)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in AccessColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AccessColumn.CHANNEL, QHeaderView.ResizeMode.Stretch)
        self.count = PlainLabel()
        self.more = QPushButton(tr("dpo.more"))
        below = QHBoxLayout()
        below.addWidget(self.count, 1)
        below.addWidget(self.more)

        request = QGroupBox(tr("dpo.request"))
        hint = PlainLabel(tr("dpo.request_hint"))
        hint.setWordWrap(True)
        self.export_json = QPushButton(tr("dpo.export_json"))
        self.export_html = QPushButton(tr("dpo.export_html"))
        self.erase = QPushButton(tr("dpo.erase"))
        self.erase.setObjectName("danger")
        actions = QHBoxLayout()
        for button in (self.export_json, self.export_html):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.erase)
        request_layout = QVBoxLayout(request)
        request_layout.addWidget(hint)
        request_layout.addLayout(actions)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)
        layout.addWidget(request)
        self.setCentralWidget(central)
        self.setStatusBar(QStatusBar())

        menu = self.menuBar().addMenu(tr("menu.file"))
        for key, signal in (
            ("menu.my_account", self.account_requested),
            ("menu.sign_out", self.sign_out_requested),
        ):
            action = QAction(tr(key), self)
            action.triggered.connect(signal)
            menu.addAction(action)
        quit_action = QAction(tr("menu.quit"), self)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

        self.search.clicked.connect(self._search)
        self.citizen.returnPressed.connect(self._search)
        self.reference.returnPressed.connect(self._search)
        self.clear.clicked.connect(self._clear)
        self.more.clicked.connect(self.more_requested)
        self.export_json.clicked.connect(lambda: self.export_requested.emit("json"))
        self.export_html.clicked.connect(lambda: self.export_requested.emit("html"))
        self.erase.clicked.connect(self.erase_requested)
        self.citizen.textChanged.connect(lambda _text: self._citizen_changed())
        model.modelReset.connect(self.show_count)
        model.rowsInserted.connect(lambda *_args: self.show_count())
        self._citizen_changed()
        self.show_count()
        fit_main_window(self, 1180, 700)

    # ------------------------------------------------------------------ what the officer chose
    def filters(self) -> AccessFilter:
        staff_id = self.staff.currentData()
        return AccessFilter(
            citizen=self.citizen.text(),
            staff_id=int(staff_id) if staff_id is not None else None,
            reference=self.reference.text(),
        )

    def set_staff(self, staff: list[tuple[int, str]]) -> None:
        """The staff members to filter by (id, name); the one chosen stays chosen."""
        chosen = self.staff.currentData()
        self.staff.blockSignals(True)
        self.staff.clear()
        self.staff.addItem(tr("dpo.all_staff"), None)
        for staff_id, name in staff:
            self.staff.addItem(name, staff_id)
        self.staff.setCurrentIndex(max(0, self.staff.findData(chosen)))
        self.staff.blockSignals(False)

    def _search(self) -> None:
        self.search_requested.emit(self.filters())

    def _clear(self) -> None:
        self.citizen.clear()
        self.reference.clear()
        self.staff.setCurrentIndex(0)
        self._search()

    def _citizen_changed(self) -> None:
        named = self.filters().subject() is not None
        for button in (self.export_json, self.export_html, self.erase):
            button.setEnabled(named)

    # ------------------------------------------------------------------ answers
    def set_busy(self) -> None:
        self.count.setText(tr("dpo.loading"))
        self.more.setEnabled(False)

    def show_count(self) -> None:
        rows = self.model.rowCount()
        text = count_words(rows, "dpo.count.one", "dpo.count")
        self.count.setText(tr("dpo.count_more", count=rows) if self.model.has_more else text)
        self.more.setEnabled(self.model.has_more)

    def notify(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
