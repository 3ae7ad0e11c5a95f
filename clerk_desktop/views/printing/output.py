"""Putting a printout on paper or in a PDF: A4 pages, page numbers when there is more than one.

Rendering only, on the GUI thread: the documents are built from what the windows already hold.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.views.printing.documents import Printout

MARGIN_MM = 15.0


def new_printer(printout: Printout) -> QPrinter:
    """An A4 portrait printer with even margins (every office printer has A4; the slip fits half)."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    printer.setDocName(printout.title)
    printer.setCreator(tr("app.title"))
    return printer


def paint(printout: Printout, printer: QPrinter) -> bool:
    """Lay the document out on the printer's pages; a footer names the page when there are several."""
    document: QTextDocument = printout.document.clone()
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        document.documentLayout().setPaintDevice(printer)
        page = printer.pageRect(QPrinter.Unit.DevicePixel)
        footer_font = QFont(document.defaultFont())
        footer_font.setPointSizeF(7.5)
        footer_height = QFontMetricsF(footer_font, printer).height() * 2
        body = QSizeF(page.width(), page.height() - footer_height)
        document.setPageSize(body)
        pages = document.pageCount()
        for number in range(pages):
            if number:
                printer.newPage()
            painter.save()
            top = number * body.height()
            painter.translate(0, -top)
            document.drawContents(painter, QRectF(0, top, body.width(), body.height()))
            painter.restore()
            if pages > 1:
                painter.setFont(footer_font)
                footer = QRectF(0, body.height(), body.width(), footer_height)
                bottom = Qt.AlignmentFlag.AlignBottom
                painter.drawText(footer, int(Qt.AlignmentFlag.AlignLeft | bottom), printout.title)
                painter.drawText(
                    footer,
                    int(Qt.AlignmentFlag.AlignRight | bottom),
                    printout.page_label.format(page=number + 1, pages=pages),
                )
        return True
    finally:
        painter.end()


def write_pdf(printout: Printout, path: str | Path) -> bool:
    """The printout as a PDF file at ``path``; False when it could not be written."""
    printer = new_printer(printout)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return paint(printout, printer) and Path(path).is_file()


def print_with_preview(printout: Printout, parent: QWidget | None) -> None:
    """The preview first, with the system's print button (and its printers) in its toolbar."""
    printer = new_printer(printout)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(printout.title)
    dialog.paintRequested.connect(lambda target: paint(printout, target))
    dialog.resize(900, 700)
    dialog.exec()


def ask_pdf_path(parent: QWidget | None, suggested: str) -> str | None:
    """Where to save the PDF, or None when the user cancels (tests replace this)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, tr("print.pdf_title"), suggested, tr("print.pdf_filter")
    )
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else f"{path}.pdf"
