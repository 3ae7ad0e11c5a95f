"""Desktop fixtures: a live service, a keyring in memory, settings in a temp file, desktops that shut down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import QSettings

from clerk_desktop.controller import ClerkController
from service_api.app import create_app
from tests.helpers.clerk import WEEK_OF_T0, clerk_of
from tests.helpers.clock import Clock
from tests.helpers.desktop import Desktops, MemoryKeyring
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World


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


@pytest.fixture
def desktops(
    qtbot: Any, desktop_settings: QSettings, live: LiveServer, memory_keyring: MemoryKeyring, clock: Clock
) -> Iterator[Desktops]:
    """The controller fixture: desktops made through it are shut down even when the test fails."""
    made = Desktops(desktop_settings, live.url, now=clock)
    try:
        yield made
    finally:
        made.shut_down()


@pytest.fixture
def signed_in(qtbot: Any, desktops: Desktops) -> ClerkController:
    """clerk_a signed in, the window shown on the week of T0."""
    desktop = desktops()
    assert desktop.start()
    controller = clerk_of(desktop)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    controller.window.go_to(WEEK_OF_T0)
    return controller
