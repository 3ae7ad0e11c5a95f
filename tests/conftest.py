"""Shared fixtures: a migrated database on SQLite and (when configured) PostgreSQL, a clock, demo staff."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring
import pytest
from aiosmtpd.controller import Controller as SMTPController
from aiosmtpd.handlers import Message as MessageHandler
from flask import Flask
from flask.testing import FlaskClient
from helpers import FakePrompts, LiveServer, MemoryKeyring
from PySide6.QtCore import QSettings
from sqlalchemy import create_engine, text

from service_api import migrate
from service_api.app import create_app
from service_api.booking import staffing
from service_api.booking.service import BookingService
from service_api.catalogue import DEFAULT_CATALOGUE, install_catalogue, read_catalogue
from service_api.config import Config
from service_api.db import normalise_url
from service_api.models import Base, Service
from service_api.runtime import Runtime

if TYPE_CHECKING:
    from clerk_desktop.desktop import Desktop

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PG_URL = os.environ.get("DIMOS_TEST_POSTGRES_URL", "")
if os.environ.get("DIMOS_REQUIRE_POSTGRES") and not PG_URL:
    raise RuntimeError("DIMOS_REQUIRE_POSTGRES is set but DIMOS_TEST_POSTGRES_URL is not")

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL URL")),
]
# Tuesday 1 December 2026, 08:00 in Athens: a working day with the whole month ahead.
T0 = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"


class Clock:
    """A controllable 'now' for the booking service."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_migrated() -> str:
    engine = create_engine(normalise_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    migrate.upgrade(PG_URL)
    return PG_URL


def _truncate_pg(url: str) -> None:
    engine = create_engine(normalise_url(url))
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "dimos.sqlite3"
        shutil.copy(template, target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("pg_migrated")
    _truncate_pg(url)
    return url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def config(db_url: str, tmp_path: Path) -> Config:
    return Config(
        database_url=db_url,
        secret_key="test-secret-key-" + "x" * 32,
        public_url="http://dimos.test",
        outbox_dir=tmp_path / "mail",
        testing=True,
    )


@pytest.fixture
def rt(config: Config, clock: Clock) -> Iterator[Runtime]:
    runtime = Runtime.build(config)
    runtime.bookings.clock = clock
    yield runtime
    runtime.waiter.close()
    runtime.store.dispose()


@pytest.fixture
def bookings(rt: Runtime) -> BookingService:
    return rt.bookings


@dataclass
class World:
    """The Larissa catalogue with a small, known staff."""

    rt: Runtime
    services: dict[str, int]
    staff: dict[str, int]

    def service(self, slug: str) -> int:
        return self.services[slug]


WEEKDAYS_8_TO_14 = [(d, time(8), time(14)) for d in range(5)]


@pytest.fixture
def world(rt: Runtime) -> World:
    spec = read_catalogue(DEFAULT_CATALOGUE)
    install_catalogue(rt.bookings, spec=spec)
    with rt.store.read() as session:
        from sqlalchemy import select

        from service_api.models import Municipality

        larissa = session.scalar(select(Municipality).where(Municipality.slug == "larissa"))
        assert larissa is not None
        services = {
            s.slug: s.id
            for s in session.scalars(select(Service).where(Service.municipality_id == larissa.id))
        }
        metamorfosi = session.scalar(select(Municipality).where(Municipality.slug == "metamorfosi"))
        assert metamorfosi is not None
    registry = [services["cohabitation-agreement"], services["transfer-of-registration"]]
    staff = {
        "clerk_a": staffing.create_staff(
            rt.bookings,
            username="clerk_a",
            display_name="Clerk A",
            role="clerk",
            password=PASSWORD,
            municipality_id=larissa.id,
            email="a@dimos.test",
            services=[(s, True, True) for s in registry],
            plan=WEEKDAYS_8_TO_14,
            teams_link="https://teams.example/a",
        ),
        "clerk_b": staffing.create_staff(
            rt.bookings,
            username="clerk_b",
            display_name="Clerk B",
            role="clerk",
            password=PASSWORD,
            municipality_id=larissa.id,
            email="b@dimos.test",
            services=[(s, True, True) for s in registry],
            plan=WEEKDAYS_8_TO_14,
            teams_link="https://teams.example/b",
        ),
        "clerk_c": staffing.create_staff(
            rt.bookings,
            username="clerk_c",
            display_name="Clerk C (in person only)",
            role="clerk",
            password=PASSWORD,
            municipality_id=larissa.id,
            services=[(s, True, False) for s in registry],
            plan=WEEKDAYS_8_TO_14,
        ),
        "supervisor": staffing.create_staff(
            rt.bookings,
            username="supervisor",
            display_name="Supervisor",
            role="supervisor",
            password=PASSWORD,
            municipality_id=larissa.id,
        ),
        "other_supervisor": staffing.create_staff(
            rt.bookings,
            username="other_supervisor",
            display_name="Metamorfosi Supervisor",
            role="supervisor",
            password=PASSWORD,
            municipality_id=metamorfosi.id,
        ),
        "admin": staffing.create_staff(
            rt.bookings,
            username="admin",
            display_name="Admin",
            role="admin",
            password=PASSWORD,
            municipality_id=None,
        ),
    }
    return World(rt, services, staff)


@pytest.fixture
def app(rt: Runtime) -> Flask:
    return create_app(rt=rt)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def athens(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    """A wall-clock time in Athens in December 2026 (UTC+2) as an aware datetime."""
    from service_api.domain.timeutil import ATHENS

    return datetime(year, month, day, hour, minute, tzinfo=ATHENS)


class Inbox(MessageHandler):
    """What a real SMTP server on loopback (aiosmtpd) received."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def handle_message(self, message: Message) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = SMTPController(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


# ---------------------------------------------------------------------------------------- the desktop


@pytest.fixture
def live(world: World) -> Iterator[LiveServer]:
    """service_api on a loopback port for the desktop to talk to."""
    server = LiveServer(create_app(rt=world.rt))
    yield server
    if server.server is not None:
        server.stop()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def desktop_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    """Settings in a temporary file, and the offline cache under the test's own directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


class Desktops:
    """Makes signed-out desktops against one live server, and shuts every one of them down afterwards."""

    def __init__(self, settings: QSettings, url: str) -> None:
        self.settings = settings
        self.url = url
        self.made: list[Desktop] = []

    def __call__(self, username: str = "clerk_a", *, logins: list[str] | None = None) -> Desktop:
        from clerk_desktop.desktop import Desktop
        from clerk_desktop.views.dialogs import Credentials

        prompts = FakePrompts(Credentials(self.url, username, PASSWORD), logins=logins)
        desktop = Desktop(self.settings, prompts=prompts, server_override=self.url)
        desktop.session.long_poll_seconds = 2
        self.made.append(desktop)
        return desktop

    def shut_down(self) -> None:
        """Close each window and stop each session, then check no background work outlived it."""
        for desktop in self.made:
            window = desktop.window
            desktop.shutdown()
            if window is not None:
                window.close()
        for desktop in self.made:
            assert desktop.session.tasks.stop(timeout_seconds=10), desktop.session.tasks.running()


@pytest.fixture
def desktops(
    qtbot: Any, desktop_settings: QSettings, live: LiveServer, memory_keyring: MemoryKeyring
) -> Iterator[Desktops]:
    """The controller fixture: desktops made through it are shut down even when the test fails."""
    made = Desktops(desktop_settings, live.url)
    try:
        yield made
    finally:
        made.shut_down()
