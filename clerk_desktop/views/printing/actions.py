"""A printout's two actions for a menu or a button: print (after a preview) and «Αποθήκευση PDF…».

The PDF path never depends on a print system: without CUPS the print dialog may offer no
«Print to PDF», so saving a PDF is an action of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.views.plain_text import plain_warning
from clerk_desktop.views.printing import output
from clerk_desktop.views.printing.documents import Printout


class PrintActions(QObject):
    """``build`` makes the printout at the moment it is asked for (None: nothing to print now)."""

    def __init__(
        self,
        window: QWidget,
        build: Callable[[], Printout | None],
        *,
        print_text: str,
        pdf_text: str,
        tell: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.build = build
        self.tell = tell
        self.print_action = QAction(print_text, window)
        self.pdf_action = QAction(pdf_text, window)
        self.print_action.triggered.connect(self.print)
        self.pdf_action.triggered.connect(self.save_pdf)

    def set_enabled(self, enabled: bool) -> None:
        self.print_action.setEnabled(enabled)
        self.pdf_action.setEnabled(enabled)

    def print(self) -> None:
        printout = self.build()
        if printout is not None:
            output.print_with_preview(printout, self.window)

    def save_pdf(self) -> str | None:
        """Ask where, write the PDF, say so in the status bar; the path written, or None."""
        printout = self.build()
        if printout is None:
            return None
        path = output.ask_pdf_path(self.window, printout.file_name)
        if path is None:
            return None
        if not output.write_pdf(printout, path):
            plain_warning(self.window, tr("print.failed_title"), tr("print.failed", path=path))
            return None
        self.tell(tr("print.saved", path=path))
        return path
