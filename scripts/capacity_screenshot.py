"""Grab the capacity block of the supervisor's statistics tab (issue 18) from a real screen.

Self-contained: a service in this process on a temporary SQLite database with the test world (the
Larissa catalogue, three clerks, a supervisor), some demand (citizens waiting, searches that found
nothing, bookings, two no-shows), then the supervisor's desktop on its «Στατιστικά» tab, scrolled to
the charts and the suggestions:
    Xvfb :99 -screen 0 1280x720x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb PYTHONPATH=. \\
        .venv/bin/python scripts/capacity_screenshot.py OUTDIR [--lang en]
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QScrollArea
from sqlalchemy import select, update

from service_api.runtime import Runtime
from tests.helpers.world import World

ROOT = Path(__file__).resolve().parents[1]


def demand(world: World, rt: Runtime) -> None:
    """A busy fortnight: two clerks away, the third booked solid for eight workdays; citizens waiting,
    searches that found nothing, and two missed appointments last week."""
    from service_api.booking import absences, search_misses, waitlist
    from service_api.booking.waitlist import Waiter, Wanted
    from service_api.domain.errors import DomainError
    from service_api.domain.policy import Actor
    from service_api.domain.rules import Mode, Status
    from service_api.domain.waitlist import PartOfDay
    from service_api.models import Booking, Service
    from tests.helpers.factories import create_booking

    transfer = world.service("transfer-of-registration")
    cohabitation = world.service("cohabitation-agreement")
    now = datetime.now(UTC)
    today = now.date()
    for who in ("clerk_b", "clerk_c"):
        absences.add_absence(
            rt.bookings, Actor.system(), staff_id=world.staff[who], start=now, end=now + timedelta(days=21)
        )
    first, last = today + timedelta(days=1), today + timedelta(days=20)
    for n in range(14):
        wanted = Wanted(transfer, Mode.TELECONFERENCE, first, last, PartOfDay.ANY)
        waitlist.join(rt.bookings, wanted, Waiter(f"waiting{n}@example.org"))
    for n in range(7):
        wanted = Wanted(cohabitation, Mode.IN_PERSON, first, last, PartOfDay.ANY)
        waitlist.join(rt.bookings, wanted, Waiter(f"cohab{n}@example.org"))
    with rt.store.read() as session:
        municipality = session.scalar(select(Service.municipality_id).where(Service.id == transfer))
    assert municipality is not None
    for _ in range(12):
        search_misses.record(
            rt.store.engine,
            municipality_id=municipality,
            service_id=transfer,
            mode="teleconference",
            day=today,
        )
    made = []
    day, workdays, who = today, 0, 0  # today too: the past hours are refused and skipped
    while workdays < 8:
        if day.weekday() < 5:
            workdays += 1
            for half_hours in range(12):  # 08:00-14:00 in Athens (UTC+2 in winter)
                start = datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC) + timedelta(
                    minutes=30 * half_hours
                )
                service, mode = (
                    (cohabitation, Mode.IN_PERSON) if half_hours % 3 else (transfer, Mode.TELECONFERENCE)
                )
                who += 1
                with contextlib.suppress(DomainError):
                    made.append(
                        create_booking(
                            rt.bookings, service_id=service, start=start, mode=mode, who=who
                        ).booking
                    )
        day += timedelta(days=1)
    # Demo data only: the last three appointments moved to last week, two of them missed.
    with rt.store.write() as session:
        for booking, status in zip(
            made[-3:], (Status.NO_SHOW, Status.NO_SHOW, Status.COMPLETED), strict=True
        ):
            session.execute(
                update(Booking)
                .where(Booking.id == booking.id)
                .values(
                    status=status.value,
                    start_at=booking.start_at - timedelta(days=16),
                    end_at=booking.end_at - timedelta(days=16),
                )
            )


def main() -> None:
    args = sys.argv[1:]
    lang = args[args.index("--lang") + 1] if "--lang" in args else "el"
    out = Path([a for a in args if not a.startswith("--") and a != lang][0])
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    from admin_screenshots import fill_screen, settle, snap
    from desktop_screenshots import MemoryKeyring

    from service_api import migrate
    from service_api.app import create_app
    from service_api.config import Config
    from tests.helpers.live_server import LiveServer
    from tests.helpers.world import PASSWORD, build_world

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'dimos.sqlite3'}"
    migrate.upgrade(url)
    rt = Runtime.build(
        Config(
            database_url=url,
            secret_key="screenshot-secret-" + "x" * 32,
            public_url="http://dimos.test",
            outbox_dir=folder / "mail",
            testing=True,
        )
    )
    world = build_world(rt)
    demand(world, rt)
    server = LiveServer(create_app(rt=rt))  # started at once

    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    from clerk_desktop.i18n import set_language
    from clerk_desktop.views.style import STYLESHEET

    set_language(lang)
    app.setStyleSheet(STYLESHEET)
    from clerk_desktop.desktop import Desktop
    from clerk_desktop.supervision import SupervisorController
    from clerk_desktop.views.dialogs import Credentials
    from clerk_desktop.views.qt_prompts import QtPrompts

    class SignInAs(QtPrompts):
        def login(self, server_url, username, attempt):  # type: ignore[no-untyped-def]
            creds = Credentials(server.url, "supervisor", PASSWORD)
            assert attempt(creds) is None
            return creds

    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", lang)
    desktop = Desktop(settings, prompts=SignInAs(), server_override=server.url)
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    window = controller.window
    fill_screen(window)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    settle(2500)
    scroll = window.tabs.currentWidget()
    assert isinstance(scroll, QScrollArea)
    panel = controller.capacity.panel
    scroll.ensureWidgetVisible(panel.title, 0, 0)
    scroll.verticalScrollBar().setValue(panel.mapTo(scroll.widget(), panel.rect().topLeft()).y())
    snap(out / f"capacity-charts-{lang}.png")
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    snap(out / f"capacity-suggestions-{lang}.png")
    desktop.shutdown()
    server.stop()


if __name__ == "__main__":
    main()
