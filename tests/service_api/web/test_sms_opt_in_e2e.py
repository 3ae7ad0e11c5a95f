"""The form's SMS opt-in in a real Chromium, checked by axe-core: offered, refused in words, booked, sent."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from service_api.app import create_app
from service_api.jobs import JobRunner
from service_api.models import Booking
from tests.helpers.browser import (
    accessible,
    book_until_details,
    sign_in,
)
from tests.helpers.live_server import LiveServer
from tests.helpers.sms_gateway import AUTH_HEADER, SmsTestGateway
from tests.helpers.world import World

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def gateway(world: World) -> Iterator[SmsTestGateway]:
    with SmsTestGateway() as server:
        world.rt.config.sms_url, world.rt.config.sms_auth_header = server.url, AUTH_HEADER
        yield server


@pytest.fixture
def live(world: World, gateway: SmsTestGateway) -> Iterator[LiveServer]:
    server = LiveServer(create_app(rt=world.rt))
    world.rt.config.public_url = server.url
    yield server
    server.stop()


def test_a_citizen_asks_for_an_sms_reminder_is_told_a_landline_will_not_do_and_gets_the_sms(
    page: Page, live: LiveServer, world: World, gateway: SmsTestGateway
) -> None:
    sign_in(page, live, world, "sms@example.org")
    book_until_details(page, "el")
    expect(page.get_by_role("group", name=re.compile("Ειδοποιήσεις με SMS"))).to_be_visible()
    opt_in = page.get_by_label("Θέλω υπενθύμιση με SMS")
    mobile = page.get_by_label("Κινητό για τα SMS")
    expect(opt_in).not_to_be_checked()
    expect(mobile).to_have_value("")
    expect(mobile).to_have_attribute("type", "tel")
    accessible(page, "sms-01-details-el")

    page.get_by_label("Ονοματεπώνυμο").fill("Μαρία Παπαδοπούλου")
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("694 123 4567")
    opt_in.check()
    mobile.fill("2410 123456")  # a landline: no SMS reaches it
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    refusal = "Τα SMS φτάνουν μόνο σε κινητό τηλέφωνο· ο αριθμός αυτός είναι σταθερό."
    expect(summary.get_by_role("link", name=refusal)).to_be_visible()
    expect(mobile).to_have_attribute("aria-invalid", "true")
    expect(mobile).to_have_value("2410 123456")  # what was typed stays
    expect(opt_in).to_be_checked()
    accessible(page, "sms-02-details-refused-el")
    summary.get_by_role("link", name=refusal).click()
    expect(mobile).to_be_focused()

    mobile.fill("697 000 0000")
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.get_by_role("heading", name="Η κράτησή σας ολοκληρώθηκε")).to_be_visible()
    reference = page.locator(".panel-success .reference").inner_text()
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        assert booking is not None and (booking.citizen_mobile, booking.sms_opt_in) == ("+306970000000", True)

    JobRunner.build(world.rt).run_once()
    [sms] = gateway.sent
    assert sms.values["to"] == "+306970000000" and reference in sms.values["text"]
    assert len(sms.values["text"]) <= 160 and "THΛEΔIAΣKEΨH" in sms.values["text"]
    # The SMS's short link opens the booking's page in the browser.
    short = re.search(r"(http://127\.0\.0\.1:\d+/m/[0-9A-Z]{18})$", sms.values["text"])
    assert short is not None, sms.values["text"]
    page.goto(short.group(1))
    expect(page.get_by_text(reference).first).to_be_visible()
    assert f"/manage/{reference}" in page.url


def test_in_english_at_phone_width_the_box_alone_uses_the_phone_above(
    browser: Browser, live: LiveServer, world: World, gateway: SmsTestGateway
) -> None:
    context = browser.new_context(
        locale="en-GB", timezone_id="Europe/Athens", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    sign_in(page, live, world, "john@example.org", lang="en")
    book_until_details(page, "en")
    page.get_by_label("Full name").fill("John Smith")
    page.get_by_label("Mobile phone number").fill("+44 7911 123456")
    page.get_by_label("I want an SMS reminder").check()
    expect(page.get_by_text("Leave it empty to use the mobile number given above.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    accessible(page, "sms-03-details-en-360")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Complete booking").click()
    expect(page.get_by_role("heading", name="Your booking is complete")).to_be_visible()
    JobRunner.build(world.rt).run_once()
    [sms] = gateway.sent
    assert sms.values["to"] == "+447911123456" and sms.values["text"].startswith("Appointment confirmed: ")
    context.close()
