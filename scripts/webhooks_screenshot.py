"""Grab the «Webhooks» tab (issue 17) from the screen, with real deliveries in its log.

Against a running service with its job runner (``service-api demo`` then ``service-api serve``): the
script starts a receiver that verifies the signature (``tests/helpers/webhook_receiver.py``), registers
it and a second endpoint nobody listens on, makes a few booking changes as the admin, waits for the
runner's deliveries and failures, then shows the tab under a real X display:
    Xvfb :99 -screen 0 1280x720x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/webhooks_screenshot.py URL admin PASSWORD OUTDIR [--lang en] [--suffix -150]
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import keyring
import requests
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

SECRET = "screenshot-secret-0123456789abcdef"


def settle(ms: int = 1500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Api:
    def __init__(self, url: str, user: str, password: str) -> None:
        self.url = url.rstrip("/") + "/api/v1"
        answer = requests.post(
            f"{self.url}/auth/login", json={"username": user, "password": password}, timeout=10
        )
        answer.raise_for_status()
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = requests.request(method, f"{self.url}{path}", headers=self.headers, timeout=30, **kwargs)
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text}")
        return answer.json() if answer.content else None


def make_events(api: Api) -> list[str]:
    """Three bookings by phone at Larissa's first in-person service, one moved, one cancelled."""
    services = api("GET", "/municipalities/larissa/services")
    service = next(
        s for group in services["groups"] for s in group["services"] if "in_person" in s.get("modes", [])
    )
    first = date.today() + timedelta(days=2)
    slots = api(
        "GET",
        f"/services/{service['id']}/availability",
        params={
            "mode": "in_person",
            "from": first.isoformat(),
            "to": (first + timedelta(days=7)).isoformat(),
        },
    )["slots"]
    starts = [slot["start"] for slot in slots[:: max(1, len(slots) // 6)]][:4]
    references = []
    for number, start in enumerate(starts[:3], start=1):
        body = {
            "service_id": service["id"],
            "mode": "in_person",
            "start": start,
            "source": "phone",
            "citizen": {"name": f"Πολίτης {number}", "phone": f"694{secrets.randbelow(10**7):07d}"},
        }
        references.append(api("POST", "/bookings", json=body)["reference"])
    api("POST", f"/bookings/{references[0]}/reschedule", json={"start": starts[3], "keep_clerk": False})
    api("POST", f"/bookings/{references[1]}/cancel", json={"reason": "Ο πολίτης ακύρωσε τηλεφωνικά"})
    return references


def main() -> None:
    flags = sys.argv[1:]
    lang = flags[flags.index("--lang") + 1] if "--lang" in flags else "el"
    suffix = flags[flags.index("--suffix") + 1] if "--suffix" in flags else ""
    args = [a for a in flags if not a.startswith("--") and a not in (lang, suffix)]
    url, user, password, out = args[0], args[1], args[2], Path(args[3])
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.helpers.desktop import MemoryKeyring
    from tests.helpers.webhook_receiver import WebhookReceiver

    api = Api(url, user, password)
    for old in api("GET", "/webhooks")["webhooks"]:
        api("DELETE", f"/webhooks/{old['id']}")
    receiver = WebhookReceiver(SECRET, path="/dimos/webhooks")
    crm = api(
        "POST",
        "/webhooks",
        json={
            "url": receiver.url,
            "secret": SECRET,
            "events": ["booking.created", "booking.rescheduled", "booking.cancelled", "booking.reassigned"],
            "personal_data": "contact",
            "description": "CRM του Κέντρου Εξυπηρέτησης Πολιτών",
        },
    )
    api(
        "POST",
        "/webhooks",
        json={
            "url": f"http://127.0.0.1:{free_port()}/statistics/hook",
            "secret": "statistics-store-secret-9876543210",
            "events": ["booking.cancelled", "booking.completed"],
            "description": "Αποθήκη στατιστικών (εκτός λειτουργίας)",
        },
    )
    receiver.answer = 503  # the CRM is briefly unwell: the log shows a failed attempt and its retry
    make_events(api)
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        if receiver.received:
            receiver.answer = 200
        log = api("GET", f"/webhooks/{crm['id']}/deliveries")["deliveries"]
        if sum(1 for row in log if row["ok"]) >= 5:
            break
        time.sleep(1)
    print("receiver verified", len(receiver.received), "deliveries; refused", len(receiver.refused))

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    from clerk_desktop.i18n import set_language
    from clerk_desktop.qt_words import use_language

    set_language(lang)
    use_language(lang)
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.supervision import SupervisorController
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
    assert isinstance(controller, SupervisorController)
    settle(1500)
    admin = controller.administration
    window = admin.open()
    screen = QApplication.primaryScreen().availableGeometry()
    window.setGeometry(screen)
    window.show()
    assert admin.webhooks is not None and admin.webhooks.tab is not None
    window.tabs.setCurrentWidget(admin.webhooks.tab)
    settle(2500)
    admin.webhooks.tab.select(crm["id"])
    settle(1500)
    admin.webhooks.tab.select_delivery(0)
    settle(800)
    path = out / f"webhooks-{lang}{suffix}.png"
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print("saved", path)
    desktop.shutdown()
    receiver.stop()


if __name__ == "__main__":
    main()
