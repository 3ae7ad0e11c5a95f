"""Grab «Προστασία δεδομένων», the data-protection officer's window, from the screen, against a service.

Run under a real X display so the whole screen is captured (ImageMagick's ``import``), e.g.:
    Xvfb :99 -screen 0 1280x720x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/dpo_screenshot.py URL USER PASSWORD OUT.png \
        [--citizen citizen0150@example.org]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import keyring
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


def main() -> None:
    args = sys.argv[1:]
    citizen = args[args.index("--citizen") + 1] if "--citizen" in args else ""
    url, user, password, out = [a for a in args if not a.startswith("--") and a != citizen][:4]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from admin_screenshots import fill_screen, settle, snap
    from desktop_screenshots import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    from clerk_desktop.data_protection import DataProtectionController
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.views.dialogs import Credentials
    from clerk_desktop.views.qt_prompts import QtPrompts

    class SignInAs(QtPrompts):
        def login(self, server, username, attempt):  # type: ignore[no-untyped-def]
            creds = Credentials(url, user, password)
            assert attempt(creds) is None
            return creds

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    desktop = Desktop(settings, prompts=SignInAs(), server_override=url)
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, DataProtectionController) and controller.window is not None
    window = controller.window
    fill_screen(window)
    settle(2000)
    if citizen:
        window.citizen.setText(citizen)
        window.search.click()
        settle(1500)
    window.table.selectRow(0)
    snap(Path(out))
    desktop.shutdown()


if __name__ == "__main__":
    main()
