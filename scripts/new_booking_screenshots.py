"""Grab «Νέα κράτηση» from the screen, with a caller just booked and the next one being typed.

Run under a real X display against a running service (e.g. ``service-api demo`` then ``serve``):
    Xvfb :99 -screen 0 1280x720x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb [QT_SCALE_FACTOR=1.5] \\
        .venv/bin/python scripts/new_booking_screenshots.py URL USER PASSWORD OUTDIR \\
        [--lang en] [--suffix -150]
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import keyring
from PySide6.QtCore import QDate, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication


def settle(ms: int = 1500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = sys.argv[1:]
    lang = flags[flags.index("--lang") + 1] if "--lang" in flags else "el"
    suffix = flags[flags.index("--suffix") + 1] if "--suffix" in flags else ""
    args = [a for a in args if a not in (lang, suffix)]
    url, user, password, out = args[0], args[1], args[2], Path(args[3])
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.helpers.desktop import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    from clerk_desktop.i18n import set_language
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    set_language(lang)
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.models.booking import ATHENS
    from clerk_desktop.views.dialogs import Credentials
    from clerk_desktop.views.new_booking_dialog import NewBookingDialog
    from clerk_desktop.views.qt_prompts import QtPrompts

    shown: list[NewBookingDialog] = []

    class Shown(QtPrompts):
        """The real prompts, signed in with the given account; the dialog is shown, not run modally."""

        def login(self, server, username, attempt):  # type: ignore[no-untyped-def]
            creds = Credentials(url, user, password)
            assert attempt(creds) is None
            return creds

        def new_booking_form(self, model, wire):  # type: ignore[no-untyped-def]
            dialog = NewBookingDialog(model, today=datetime.now(ATHENS).date(), parent=self.parent())
            wire(dialog)
            dialog.ask_times()
            dialog.show()
            shown.append(dialog)

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", lang)
    desktop = Desktop(settings, prompts=Shown(), server_override=url)
    assert desktop.start()
    window = desktop.window
    assert window is not None
    settle(2500)
    window.new_booking.trigger()  # type: ignore[attr-defined]
    settle(2500)
    dialog = shown[0]
    tomorrow = datetime.now(ATHENS).date() + timedelta(days=1)
    while tomorrow.weekday() >= 5:
        tomorrow += timedelta(days=1)
    dialog.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    settle(2000)
    dialog.times.setCurrentRow(min(3, dialog.times.count() - 1))
    dialog.name.setText("Ελένη Κωνσταντίνου")
    unique = random.randrange(100000, 999999)  # each run's callers are new citizens (the per-citizen limit)
    dialog.phone.setText(f"2410 {unique}")
    dialog.book.click()
    settle(2500)
    dialog.times.setCurrentRow(min(4, dialog.times.count() - 1))
    dialog.name.setText("Νικόλαος Παπαδάκης")
    dialog.phone.setText(f"6977 {unique}0")
    dialog.email.setText("n.papadakis@example.gr")
    settle(800)
    target = out / f"new-booking-{lang}{suffix}.png"
    subprocess.run(["import", "-window", "root", str(target)], check=True)
    print(target)
    dialog.close()
    desktop.shutdown()
    desktop.session.tasks.stop(timeout_seconds=10)


if __name__ == "__main__":
    main()
