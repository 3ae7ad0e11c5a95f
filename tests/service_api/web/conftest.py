"""Fixtures of the browser tests: Debian's Chromium, the service on a loopback port, a Greek page."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from service_api.app import create_app
from tests.helpers.browser import ARGS, CHROMIUM
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium for the browser tests")
        pytest.skip("Debian chromium is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def live(world: World) -> Iterator[LiveServer]:
    world.rt.config.public_url = "http://127.0.0.1:0"
    server = LiveServer(create_app(rt=world.rt))
    world.rt.config.public_url = server.url
    yield server
    server.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="el-GR", timezone_id="Europe/Athens", viewport={"width": 1100, "height": 900}
    )
    yield context.new_page()
    context.close()
