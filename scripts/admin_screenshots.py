"""Grab «Διαχείριση» (staff tab, staff form) and «Ο λογαριασμός μου» from the screen, against a service.

Run under a real X display so the whole screen is captured (ImageMagick's ``import``), e.g.:
    Xvfb :99 -screen 0 1280x720x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb [QT_SCALE_FACTOR=1.5] \
        .venv/bin/python scripts/admin_screenshots.py URL USER PASSWORD OUTDIR [--suffix -150]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import keyring
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def settle(ms: int = 1500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def fill_screen(widget: QWidget) -> None:
    screen = QApplication.primaryScreen().availableGeometry()
    widget.setGeometry(screen)
    widget.show()


def snap(path: Path) -> None:
    settle(800)
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print("saved", path)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    suffix = sys.argv[sys.argv.index("--suffix") + 1] if "--suffix" in sys.argv else ""
    args = [a for a in args if a != suffix]
    url, user, password, outdir = args[:4]
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from desktop_screenshots import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.supervision import SupervisorController
    from clerk_desktop.views.account_dialogs import AccountValues, MyAccountDialog
    from clerk_desktop.views.dialogs import Credentials
    from clerk_desktop.views.qt_prompts import QtPrompts
    from clerk_desktop.views.staff_dialogs import StaffDialog

    class SignInAs(QtPrompts):
        def login(self, server, username, attempt):  # type: ignore[no-untyped-def]
            creds = Credentials(url, user, password)
            assert attempt(creds) is None
            return creds

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    desktop = Desktop(settings, prompts=SignInAs(), server_override=url)
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, SupervisorController)
    settle(1500)
    admin = controller.administration
    window = admin.open()
    fill_screen(window)
    settle(2500)
    assert admin.staff_tab is not None and admin.choices is not None
    admin.staff_tab.table.selectRow(1)
    snap(out / f"admin-staff{suffix}.png")

    account = admin.staff_tab.selected()
    assert account is not None
    form = StaffDialog(account.form_values(), admin.choices, lambda _v: None, creating=False, parent=window)
    form.show()
    snap(out / f"admin-staff-form{suffix}.png")
    form.close()

    me = desktop.session.staff or {}
    dialog = MyAccountDialog(
        AccountValues(str(me.get("name", "")), str(me.get("teams_link") or "")),
        lambda _v: None,
        lambda: None,
        username=user,
        parent=controller.window,
    )
    window.hide()
    assert controller.window is not None
    fill_screen(controller.window)
    dialog.show()
    snap(out / f"my-account{suffix}.png")
    dialog.close()
    desktop.shutdown()


if __name__ == "__main__":
    main()
