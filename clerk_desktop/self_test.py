"""``clerk-desktop --self-test``: does this install (or bundle) open its main window? No server needed.

IT runs it after rolling the desktop out to office PCs: it proves Qt, its platform plugin, the fonts,
our words and the offline cache's sealing (AES-GCM) are all there, prints the version and exits 0
(1 with the reason otherwise).
"""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from clerk_desktop import __version__
from clerk_desktop.client.cache import sealing_works
from clerk_desktop.i18n import tr
from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.selection import Selection


def run(app: QApplication) -> int:
    """Open the main window over empty models, let Qt lay it out and paint it once, then close it."""
    from clerk_desktop.views.main_window import MainWindow

    store = BookingStore()
    window = MainWindow(store, AgendaModel(store), ChecklistModel(), Selection(store))
    window.show()
    app.processEvents()
    shot = window.grab()
    window.close()
    if shot.isNull() or window.windowTitle() != tr("app.title"):
        print("clerk-desktop self-test FAILED: the main window did not open", flush=True)
        return 1
    if not sealing_works():  # the offline cache is sealed with AES-GCM (cryptography)
        print("clerk-desktop self-test FAILED: the offline cache cannot be sealed", flush=True)
        return 1
    print(
        f"clerk-desktop {__version__} self-test ok: main window {shot.width()}x{shot.height()}, "
        f"PySide6 {pyside_version}, platform {QGuiApplication.platformName()}",
        flush=True,
    )
    return 0
