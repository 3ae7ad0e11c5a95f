"""Screenshot Qt's own dialogs as the desktop shows them: a message box and a date popup (issue 15, defect 7).

Usage (under a real X server, e.g. ``Xvfb :94 -screen 0 1280x720x24 &``):
    DISPLAY=:94 .venv/bin/python scripts/qt_dialogs_screenshot.py OUT.png [--lang en]
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QDate, QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QFormLayout, QMessageBox, QWidget


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    out = next(a for a in sys.argv[1:] if not a.startswith("--"))
    lang = "en" if sys.argv[-1] == "en" else "el"
    app = QApplication(sys.argv[:1])
    from clerk_desktop.i18n import set_language, tr
    from clerk_desktop.qt_words import use_language
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    set_language(lang)
    use_language(lang)

    backdrop = QWidget()  # a plain desk behind the dialogs (Xvfb has no desktop of its own)
    backdrop.setStyleSheet("background: #dfe3e8;")
    backdrop.setGeometry(QGuiApplication.primaryScreen().geometry())
    backdrop.show()
    form = QWidget()
    form.setWindowTitle(tr("app.title"))
    layout = QFormLayout(form)
    day = QDateEdit(QDate(2026, 12, 1))
    day.setCalendarPopup(True)
    day.setDisplayFormat("dddd d MMMM yyyy")
    day.setMinimumWidth(300)
    layout.addRow(tr("closures.form.day"), day)
    form.move(40, 40)
    form.show()
    settle()

    box = QMessageBox(
        QMessageBox.Icon.Question,
        tr("lifecycle.missing.title"),
        tr("lifecycle.missing.question", missing=2, total=5),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
    )
    box.setDetailedText("• …")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.move(QPoint(40, 290))  # below the popup, inside 1280×720 at 100 % and at 150 %
    box.show()
    settle(800)
    # Last, so that no window shown after it closes it: a click on the arrow opens the calendar popup.
    form.activateWindow()
    QTest.mouseClick(day, Qt.MouseButton.LeftButton, pos=QPoint(day.width() - 8, day.height() // 2))
    settle(800)
    screen = QGuiApplication.primaryScreen()
    screen.grabWindow(0).save(out)
    print(f"saved {out}")


if __name__ == "__main__":
    main()
