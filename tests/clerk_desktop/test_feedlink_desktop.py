"""Issue 15, defects 3 and 4 on the real desktop against a live service.

3: «Σύνδεσμος ημερολογίου (Outlook)…» shows the current link every time; a new one only after a
confirmation, and then the old URL answers 404.
4: a web-form booking (a hold, then its confirmation) raises «Νέο ραντεβού» once; a hold that lapses
or is given back leaves the clerk's calendar.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from clerk_desktop.controller import ClerkController
from clerk_desktop.desktop import Desktop
from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS, Booking
from service_api.booking.journal import Actor
from service_api.domain.kinds import HOLD_RELEASED
from service_api.models import Booking as BookingRow
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
WEEK_OF_T0 = datetime(2026, 11, 30).date()
PUBLIC_URL = "http://dimos.test"  # the tests' configured public address; the live server is elsewhere


def _signed_in(qtbot: Any, desktops: Desktops, world: World) -> tuple[Desktop, ClerkController, FakePrompts]:
    desktop = desktops()
    assert desktop.start()
    controller = desktop.controller
    assert isinstance(controller, ClerkController) and controller.window is not None
    assert isinstance(controller.prompts, FakePrompts)
    qtbot.addWidget(controller.window)
    # The window's clock follows the service's (a test clock), so no hold lapses by the wall clock.
    controller.window.ticker.now = lambda: world.rt.bookings.clock().astimezone(ATHENS)
    with qtbot.waitSignal(controller.week_loaded, timeout=10000):
        controller.window.go_to(WEEK_OF_T0)
    return desktop, controller, controller.prompts


def _feed_status(live: LiveServer, url: str) -> int:
    return requests.get(url.replace(PUBLIC_URL, live.url), timeout=10).status_code


# ---------------------------------------------------------------------------------------- defect 3
def test_the_calendar_link_stays_the_same_and_a_new_one_needs_a_confirmation(
    qtbot: Any, world: World, desktops: Desktops, live: LiveServer
) -> None:
    _, controller, prompts = _signed_in(qtbot, desktops, world)
    window = controller.window
    assert window is not None
    window.calendar_link_requested.emit()
    qtbot.waitUntil(lambda: len(prompts.calendar_link_forms) == 1, timeout=10000)
    window.calendar_link_requested.emit()
    qtbot.waitUntil(lambda: len(prompts.calendar_link_forms) == 2, timeout=10000)
    first, second = prompts.calendar_link_forms
    url = first.url.text()
    assert url.startswith(f"{PUBLIC_URL}/ical/") and second.url.text() == url
    assert _feed_status(live, url) == 200  # opening twice broke nothing

    second.copy.click()
    assert QGuiApplication.clipboard().text() == url
    assert second.status.text() == tr("feedlink.copied")

    asked: list[list[tuple[str, str]]] = []
    prompts.answer_choose = lambda text, options: asked.append(options) or None  # the clerk cancels
    second.rotate.click()
    assert len(prompts.questions) == 1 and "Outlook" in prompts.questions[0]
    assert second.url.text() == url and _feed_status(live, url) == 200

    prompts.answer_choose = lambda text, options: options[0][0]
    second.rotate.click()
    qtbot.waitUntil(lambda: second.url.text() != url, timeout=10000)
    new = second.url.text()
    assert second.status.text() == tr("feedlink.rotated") and second.rotate.isEnabled()
    assert _feed_status(live, url) == 404
    assert _feed_status(live, new) == 200
    window.calendar_link_requested.emit()
    qtbot.waitUntil(lambda: len(prompts.calendar_link_forms) == 3, timeout=10000)
    assert prompts.calendar_link_forms[2].url.text() == new and not prompts.warnings


# ---------------------------------------------------------------------------------------- defect 4
def _hold_for_clerk_a(client: FlaskClient, world: World, start: datetime) -> tuple[str, dict[str, Any], str]:
    """Hold a teleconference time through the API until clerk_a has one (clerk_c does not do those).

    Returns the reference, the body and the manage token, as the web form would keep them.
    """
    sid = world.service("cohabitation-agreement")
    for n in range(2):
        body = booking_body(sid, start, mode="teleconference", n=40 + n, hold=True)
        held = book(client, 201, body)
        with world.rt.store.read() as session:
            staff_id = session.scalar(
                select(BookingRow.staff_id).where(BookingRow.reference == held["reference"])
            )
        if staff_id == world.staff["clerk_a"]:
            return held["reference"], body, held["manage_token"]
    raise AssertionError("clerk_a got no hold")


def _is_held(controller: ClerkController, reference: str) -> bool:
    booking = controller.store.get(reference)
    return booking is not None and booking.is_hold


def test_a_web_form_booking_raises_exactly_one_new_appointment_notice(
    qtbot: Any, world: World, desktops: Desktops, live: LiveServer
) -> None:
    desktop, controller, _ = _signed_in(qtbot, desktops, world)
    window = controller.window
    assert window is not None
    arrived: list[Booking] = []
    desktop.session.booking_arrived.connect(arrived.append)
    client = live.app.test_client()
    reference, body, token = _hold_for_clerk_a(client, world, athens(2, 10))
    qtbot.waitUntil(lambda: _is_held(controller, reference), timeout=15000)
    assert arrived == []  # a nameless hold is no appointment yet

    confirmed = call(
        client,
        "POST",
        f"/api/v1/bookings/{reference}/confirm",
        200,
        json={"citizen": body["citizen"]},
        headers={"X-Manage-Token": token},
    )
    assert confirmed["status"] == "confirmed"
    qtbot.waitUntil(lambda: len(arrived) == 1, timeout=15000)
    assert arrived[0].reference == reference and arrived[0].citizen_name == body["citizen"]["name"]
    assert window.statusBar().currentMessage().startswith("Νέο ραντεβού: " + body["citizen"]["name"])

    # Later news of the same booking (notes, a reload of the week) is no new appointment.
    call(
        client,
        "PUT",
        f"/api/v1/bookings/{reference}/notes",
        200,
        json={"notes": "τηλεφώνησε"},
        headers=login(client, "clerk_a"),
    )
    qtbot.waitUntil(
        lambda: (controller.store.get(reference) or arrived[0]).notes == "τηλεφώνησε", timeout=15000
    )
    with qtbot.waitSignal(controller.week_loaded, timeout=10000):
        controller.load_week(WEEK_OF_T0)
    assert len(arrived) == 1


def test_a_hold_that_lapses_leaves_the_calendar_and_a_reload_does_not_bring_it_back(
    qtbot: Any, world: World, desktops: Desktops, live: LiveServer
) -> None:
    _, controller, _ = _signed_in(qtbot, desktops, world)
    window = controller.window
    assert window is not None
    reference, _, _ = _hold_for_clerk_a(live.app.test_client(), world, athens(2, 11))
    qtbot.waitUntil(lambda: _is_held(controller, reference), timeout=15000)
    held = controller.store.get(reference)
    assert held is not None and held.hold_expires_at is not None

    window.ticker.now = lambda: held.hold_expires_at - timedelta(seconds=1)  # type: ignore[operator]
    window.ticker.tick()
    assert controller.store.get(reference) is not None  # still the citizen's to confirm

    window.ticker.now = lambda: held.hold_expires_at + timedelta(seconds=1)  # type: ignore[operator]
    with qtbot.waitSignal(controller.store.booking_removed) as removed:
        window.ticker.tick()
    assert removed.args == [reference] and controller.store.get(reference) is None
    with qtbot.waitSignal(controller.week_loaded, timeout=10000):
        controller.load_week(WEEK_OF_T0)  # the server still lists it as held until someone needs the time
    assert controller.store.get(reference) is None


def test_a_hold_given_back_on_the_web_form_leaves_the_calendar(
    qtbot: Any, world: World, desktops: Desktops, live: LiveServer
) -> None:
    _, controller, _ = _signed_in(qtbot, desktops, world)
    reference, _, _ = _hold_for_clerk_a(live.app.test_client(), world, athens(3, 9))
    qtbot.waitUntil(lambda: _is_held(controller, reference), timeout=15000)
    world.rt.bookings.cancel(reference, Actor.citizen(), reason=HOLD_RELEASED)  # «choose another time»
    qtbot.waitUntil(lambda: controller.store.get(reference) is None, timeout=15000)
    with qtbot.waitSignal(controller.week_loaded, timeout=10000):
        controller.load_week(WEEK_OF_T0)
    assert controller.store.get(reference) is None
