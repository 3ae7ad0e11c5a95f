"""Grab the clerk desktop's windows to PNG under offscreen Qt, against a running service.

Usage (offscreen Qt):
    .venv/bin/python scripts/desktop_screenshots.py URL USER PASSWORD [OUTDIR] [--lang en]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def settle(ms: int = 1500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    lang = "en" if "--lang" in sys.argv and sys.argv[-1] == "en" else "el"
    url, user, password = args[:3]
    out = Path(args[3] if len(args) > 3 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    from clerk_desktop.i18n import set_language

    set_language(lang)
    from clerk_desktop.qt_words import use_language

    use_language(lang)
    from clerk_desktop.controller import ClerkController
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.views.dialogs import Credentials, IdentityDialog, LoginDialog
    from clerk_desktop.views.qt_prompts import QtPrompts

    class SignInAs(QtPrompts):
        """The real dialogs, except that the sign-in is answered with the given account."""

        def login(self, server, username, attempt):  # type: ignore[no-untyped-def]
            creds = Credentials(url, user, password)
            error = attempt(creds)
            assert error is None, error
            return creds

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    desktop = Desktop(settings, prompts=SignInAs(), server_override=url)
    login = LoginDialog(url, user)
    login.grab().save(str(out / f"login-{lang}.png"))
    assert desktop.start()
    window = desktop.window
    assert window is not None
    settle(2500)
    from clerk_desktop.views.supervisor_window import SupervisorWindow

    if isinstance(window, SupervisorWindow):
        window.go_to(window.board.day + __import__("datetime").timedelta(days=1))
        settle(2500)
        window.grab().save(str(out / f"supervisor-{lang}.png"))
        desktop.shutdown()
        app.quit()
        print(f"screenshots in {out}")
        return
    controller = desktop.controller
    assert isinstance(controller, ClerkController) and window is controller.window
    today = [b for b in controller.store.between(*window.week.week_range()) if b.is_teleconference]
    if today:
        controller.select(today[0].reference)
    settle(500)
    window.grab().save(str(out / f"main-{lang}.png"))
    window.panel.grab().save(str(out / f"panel-{lang}.png"))
    dialog = IdentityDialog("Μαρία Παπαδοπούλου", True)
    dialog.grab().save(str(out / f"identity-{lang}.png"))
    desktop.shutdown()
    app.quit()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
