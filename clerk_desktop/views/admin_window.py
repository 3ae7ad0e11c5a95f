"""«Διαχείριση»: the supervisors' and admins' administration window, one tab per kind of thing they run."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStatusBar, QTabWidget, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.views.screen_fit import fit_to_screen


class AdministrationWindow(QMainWindow):
    """A window of tabs; each feature adds its own with ``add_tab`` (staff first, more to come)."""

    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("admin.title"))
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.setStatusBar(QStatusBar())
        fit_to_screen(self, 1180, 680)

    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.addTab(widget, title)

    def notify(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
