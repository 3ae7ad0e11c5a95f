"""The «test your connection» page in a real Chromium with fake camera and microphone (issue 18): the check
succeeds and reaches the booking, a refused camera is told and stored, and without script the page
still explains; axe-core finds nothing on any of them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from service_api.domain.rules import Mode
from service_api.models import Booking
from service_api.security import PreflightLinks
from tests.helpers.browser import ARGS, CHROMIUM, accessible
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
# Makes the browser refuse the camera as a citizen's «Block» does; the microphone still works.
CAMERA_BLOCKED = """
(() => {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia.bind(media);
  media.getUserMedia = (constraints) => constraints && constraints.video
    ? Promise.reject(new DOMException("Permission denied", "NotAllowedError"))
    : original(constraints);
})();
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium with a fake camera (a moving test pattern) and microphone (a beep), permission granted."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS + FAKE_MEDIA, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def context(browser: Browser, live: LiveServer) -> Iterator[BrowserContext]:
    made = browser.new_context(
        locale="el-GR",
        timezone_id="Europe/Athens",
        viewport={"width": 1100, "height": 900},
        permissions=["camera", "microphone"],
    )
    yield made
    made.close()


def _teleconference(world: World) -> tuple[Booking, str]:
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(3, 10),
        mode=Mode.TELECONFERENCE,
    ).booking
    return booking, PreflightLinks(world.rt.config.secret_key).code(booking.reference)


def _stored(world: World, booking: Booking) -> tuple[str | None, str | None, str | None]:
    """The booking's stored result once the page's POST has landed (bounded wait, no sleep-and-hope)."""
    deadline = time.monotonic() + 10
    while True:
        with world.rt.store.read() as session:
            row = session.get(Booking, booking.id)
            assert row is not None
            if row.preflight_checked_at is not None or time.monotonic() > deadline:
                return row.preflight_browser, row.preflight_camera, row.preflight_microphone
        time.sleep(0.05)


def _state(page: Page, item: str) -> str | None:
    return page.locator(f"#check-{item} .check-state").get_attribute("data-result")


@pytest.mark.parametrize("lang", ["el", "en"])
def test_with_camera_and_microphone_the_check_succeeds_and_the_clerk_gets_it(
    world: World, live: LiveServer, context: BrowserContext, lang: str
) -> None:
    booking, code = _teleconference(world)
    page = context.new_page()
    page.goto(f"{live.url}/t/{code}?lang={lang}")
    accessible(page, f"preflight-start-{lang}")
    en = lang == "en"
    page.get_by_role("button", name="Start the check" if en else "Έναρξη ελέγχου").click()
    expect(page.locator("#preflight-saved")).to_have_attribute("data-result", "saved")
    expect(page.locator("#check-camera .check-state")).to_have_text("works" if en else "λειτουργεί")
    expect(page.locator("#check-microphone .check-state")).to_have_text("works" if en else "λειτουργεί")
    expect(page.locator("#preflight-summary")).to_have_text(
        "Everything works. You are ready for the video call."
        if en
        else "Όλα λειτουργούν. Είστε έτοιμοι για την τηλεδιάσκεψη."
    )
    expect(page.locator("#preflight-video")).to_be_visible()
    # The fake camera really plays into the preview, and the tracks are live until the check ends.
    page.wait_for_function("document.getElementById('preflight-video').videoWidth > 0", timeout=5000)
    accessible(page, f"preflight-ok-{lang}")
    assert _stored(world, booking) == ("ok", "ok", "ok")

    page.get_by_role(
        "button", name="Finish (turn the camera off)" if en else "Τέλος ελέγχου (κλείσιμο κάμερας)"
    ).click()
    expect(page.locator("#preflight-video")).to_be_hidden()
    assert page.evaluate("document.getElementById('preflight-video').srcObject") is None


def test_a_blocked_camera_is_told_with_what_to_do_and_stored_as_denied(
    world: World, live: LiveServer, context: BrowserContext
) -> None:
    booking, code = _teleconference(world)
    context.add_init_script(CAMERA_BLOCKED)
    page = context.new_page()
    page.goto(f"{live.url}/t/{code}")
    page.get_by_role("button", name="Έναρξη ελέγχου").click()
    expect(page.locator("#preflight-saved")).to_have_attribute("data-result", "saved")
    expect(page.locator("#check-camera .check-state")).to_have_text(
        "δεν δόθηκε άδεια (δείτε παρακάτω πώς να την επιτρέψετε)"
    )
    assert (_state(page, "browser"), _state(page, "microphone")) == ("ok", "ok")
    expect(page.locator("#preflight-video")).to_be_hidden()  # no black box where no camera plays
    expect(page.locator("#preflight-level")).to_be_visible()
    expect(page.locator("#preflight-summary")).to_contain_text("Κάτι δεν λειτούργησε")
    expect(page.get_by_role("heading", name="Αν η κάμερα ή το μικρόφωνο είναι μπλοκαρισμένα")).to_be_visible()
    accessible(page, "preflight-denied-el")
    assert _stored(world, booking) == ("ok", "denied", "ok")


def test_without_javascript_the_page_explains_and_says_the_check_needs_it(
    world: World, live: LiveServer, browser: Browser
) -> None:
    _booking, code = _teleconference(world)
    context = browser.new_context(
        locale="el-GR", java_script_enabled=False, viewport={"width": 1100, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(f"{live.url}/t/{code}")
        expect(page.locator("#preflight-needs-js")).to_be_visible()
        expect(page.get_by_role("button", name="Έναρξη ελέγχου")).to_be_hidden()
        expect(page.get_by_text("Google Chrome ή Microsoft Edge", exact=False)).to_be_visible()
    finally:
        context.close()
