"""Grab «Αλλαγή ώρας…» and «Ακύρωση…» over the clerk's window, against a throw-away service of its own.

Run from the repository root under a real X display, so the whole screen is captured, e.g.:
    Xvfb :92 -screen 0 1280x720x24 &
    DISPLAY=:92 QT_QPA_PLATFORM=xcb [QT_SCALE_FACTOR=1.5] PYTHONPATH=$PWD \
        .venv/bin/python scripts/move_screenshots.py OUTDIR [--lang en] [--suffix -150]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

import keyring
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

CITIZENS = ["Μαρία Παπαδοπούλου", "Γιώργος Αντωνίου", "Ελένη Κωνσταντίνου", "Νίκος Δημητρίου"]


def settle(ms: int = 1500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def snap(path: Path) -> None:
    settle(800)
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print("saved", path)


def fill_screen(widget: QWidget) -> None:
    widget.setGeometry(QApplication.primaryScreen().availableGeometry())
    widget.show()


def serve(tmp: Path) -> tuple[str, str]:
    """A migrated SQLite service with the test world and a few of clerk_a's bookings this week."""
    from service_api import migrate
    from service_api.app import create_app
    from service_api.config import Config
    from service_api.domain.rules import Mode
    from service_api.domain.timeutil import ATHENS
    from service_api.runtime import Runtime
    from tests.helpers.factories import create_booking
    from tests.helpers.live_server import LiveServer
    from tests.helpers.world import PASSWORD, build_world

    url = f"sqlite:///{tmp / 'dimos.sqlite3'}"
    migrate.upgrade(url)
    rt = Runtime.build(
        Config(database_url=url, secret_key="s" * 48, public_url="http://dimos.test", outbox_dir=tmp / "mail")
    )
    world = build_world(rt)
    day = datetime.now(ATHENS).date() + timedelta(days=1)
    while day.weekday() > 3:
        day += timedelta(days=1)
    n = 0
    for offset, hour, mode in [(0, 9, Mode.IN_PERSON), (0, 11, Mode.TELECONFERENCE), (1, 10, Mode.IN_PERSON)]:
        start = datetime.combine(day + timedelta(days=offset), time(hour), tzinfo=ATHENS)
        for _ in range(3):
            n += 1
            made = create_booking(
                rt.bookings,
                service_id=world.service("transfer-of-registration"),
                start=start,
                mode=mode,
                who=n,
                name=CITIZENS[n % len(CITIZENS)],
            ).booking
            if made.staff_id == world.staff["clerk_a"]:
                break
    live = LiveServer(create_app(rt=rt))
    return live.url, PASSWORD


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    suffix = sys.argv[sys.argv.index("--suffix") + 1] if "--suffix" in sys.argv else ""
    lang = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "el"
    args = [a for a in args if a not in (suffix, lang)]
    out = Path(args[0] if args else "docs/screenshots/desktop")
    out.mkdir(parents=True, exist_ok=True)
    url, password = serve(Path(tempfile.mkdtemp()))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from desktop_screenshots import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    from clerk_desktop.i18n import language, set_language
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    set_language(lang)
    from clerk_desktop.controller import ClerkController
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.rescheduling import LISTED_DAYS, when_text
    from clerk_desktop.views.cancel_dialog import CancelDialog
    from clerk_desktop.views.dialogs import Credentials
    from clerk_desktop.views.qt_prompts import QtPrompts
    from clerk_desktop.views.reschedule_dialog import RescheduleDialog

    class SignInAs(QtPrompts):
        def login(self, server, username, attempt):  # type: ignore[no-untyped-def]
            creds = Credentials(url, "clerk_a", password)
            assert attempt(creds) is None
            return creds

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", lang)
    desktop = Desktop(settings, prompts=SignInAs(), server_override=url)
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, ClerkController) and controller.window is not None
    window = controller.window
    fill_screen(window)
    settle(2500)
    bookings = sorted(controller.store.between(*window.week.week_range()), key=lambda b: b.start)
    if not bookings:  # the bookings fall in next week
        window.go_to(window.week.week_start + timedelta(days=7))
        settle(2000)
        bookings = sorted(controller.store.between(*window.week.week_range()), key=lambda b: b.start)
    booking = bookings[0]
    controller.select(booking.reference)
    settle(500)
    api = desktop.session.api
    assert api is not None
    today = datetime.now(booking.start.tzinfo).date()
    slots = api.availability(booking.service_id, booking.mode, today, today + timedelta(days=LISTED_DAYS))
    dialog = RescheduleDialog(
        citizen_name=booking.citizen_name,
        service_name=booking.service_name(language()),
        when=when_text(booking.start),
        slots=[s["start"] for s in slots],
        current_start=booking.start.isoformat(),
        parent=window,
    )
    dialog.days.setCurrentRow(min(1, dialog.days.count() - 1))
    dialog.times.setCurrentRow(min(3, dialog.times.count() - 1))
    dialog.show()
    snap(out / f"reschedule-{lang}{suffix}.png")
    dialog.close()

    cancel = CancelDialog(
        citizen_name=booking.citizen_name,
        service_name=booking.service_name(language()),
        when=when_text(booking.start),
        has_email=True,
        parent=window,
    )
    cancel.reason.setPlainText(
        "Ο πολίτης τηλεφώνησε ότι δεν μπορεί να έρθει" if lang == "el" else "The citizen phoned to cancel"
    )
    cancel.show()
    snap(out / f"cancel-{lang}{suffix}.png")
    cancel.close()
    desktop.shutdown()


if __name__ == "__main__":
    main()
