"""Fixtures of every test: a migrated database (SQLite, and PostgreSQL when set), a clock, the world."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller as SMTPController
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from service_api import migrate
from service_api.app import create_app
from service_api.booking.service import BookingService
from service_api.config import Config
from service_api.db import normalise_url
from service_api.runtime import Runtime
from tests.helpers.clock import Clock
from tests.helpers.databases import BACKENDS, PG_URL, truncate_pg
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, build_world

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "dimos.sqlite3"
        shutil.copy(template, target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("pg_migrated")
    truncate_pg(url)
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


@pytest.fixture
def world(rt: Runtime) -> World:
    return build_world(rt)


@pytest.fixture
def app(rt: Runtime) -> Flask:
    return create_app(rt=rt)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


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
