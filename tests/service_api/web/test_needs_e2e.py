"""Accessibility needs in a real Chromium (issue 18): asked before the time, kept to the booking, shown."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from service_api.booking import staff_admin
from service_api.domain.needs import StaffSupport
from service_api.domain.policy import Actor
from service_api.jobs import JobRunner
from service_api.models import Booking
from tests.helpers.browser import accessible, body_text, last_mail, sign_in
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _to_the_calendar(page: Page, live: LiveServer, world: World, lang: str = "el") -> None:
    service_id = world.service("cohabitation-agreement")
    page.goto(f"{live.url}/book/larissa/s/{service_id}/in_person?lang={lang}")
    expect(page.locator("#zone-line")).to_contain_text("Europe/")


def test_a_citizen_asks_for_an_interpreter_and_extra_time_before_choosing_and_sees_them_kept(
    page: Page, live: LiveServer, world: World
) -> None:
    admin = Actor("staff", world.staff["admin"], "admin")
    staff_admin.update_account(
        world.rt.bookings, admin, world.staff["clerk_b"], {"supports": StaffSupport(languages=("Αραβικά",))}
    )
    sign_in(page, live, world, "needs@example.org")
    _to_the_calendar(page, live, world)
    needs = page.get_by_role("group", name="Χρειάζεστε κάποια διευκόλυνση;")
    expect(needs).to_be_visible()
    # Asked before any time: the box comes before the calendar in the page.
    assert page.locator("#needs-form, .booking-calendar").first.get_attribute("id") == "needs-form"

    # An interpreter without a language: a summary names the problem and links to the field.
    needs.get_by_label("Διερμηνέας άλλης γλώσσας").check()
    page.get_by_role("button", name="Εμφάνιση διαθέσιμων ωρών").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    language = page.get_by_label("Γλώσσα διερμηνείας")
    expect(language).to_have_attribute("aria-invalid", "true")
    expect(needs.get_by_label("Διερμηνέας άλλης γλώσσας")).to_be_checked()
    # Even with a day in the address, no time is offered until the needs are right.
    page.goto(page.url.split("#")[0] + "&day=2026-12-02")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("button.time")).to_have_count(0)
    accessible(page, "needs-02-refused-el")
    summary.get_by_role("link").first.click()
    expect(language).to_be_focused()

    language.fill("Αραβικά")
    needs.get_by_label("Περισσότερος χρόνος").check()
    page.get_by_role("button", name="Εμφάνιση διαθέσιμων ωρών").click()
    expect(page.locator(".needs-chosen")).to_contain_text("Διερμηνέας άλλης γλώσσας: Αραβικά")
    expect(page.locator(".needs-chosen")).to_contain_text("Περισσότερος χρόνος")
    expect(page.locator("p.caption")).to_contain_text("30 λεπτά")  # 15 and the service's 15 extra
    page.locator(".month-grid a").first.click()
    expect(page.get_by_label("Περισσότερος χρόνος")).to_be_checked()  # kept across the calendar's links
    accessible(page, "needs-03-calendar-el")
    page.locator("button.time").first.click()

    expect(page.get_by_role("heading", name="Διευκολύνσεις")).to_be_visible()
    expect(page.locator(".needs-summary")).to_contain_text("Αραβικά")
    page.get_by_label("Ονοματεπώνυμο").fill("Αμίνα Χασάν")
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("694 123 4567")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    accessible(page, "needs-04-details-el")
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.get_by_role("heading", name="Η κράτησή σας ολοκληρώθηκε")).to_be_visible()
    expect(page.locator(".needs-summary")).to_contain_text("Περισσότερος χρόνος")
    accessible(page, "needs-05-done-el")

    reference = page.locator(".panel-success .reference").inner_text()
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        assert booking is not None
        assert booking.needs == {"codes": ["interpreter", "extra_time"], "language": "Αραβικά"}
        assert booking.staff_id == world.staff["clerk_b"]  # the only clerk who speaks it
        assert (booking.end_at - booking.start_at).total_seconds() == 30 * 60
    JobRunner.build(world.rt).run_once()
    text = body_text(last_mail(world, reference))
    assert "Διευκολύνσεις:" in text and "Διερμηνέας άλλης γλώσσας: Αραβικά" in text


def test_without_javascript_the_needs_still_narrow_the_times(browser, live: LiveServer, world: World) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, locale="en-GB", timezone_id="Europe/Athens")
    page = context.new_page()
    page._no_js = True  # type: ignore[attr-defined]
    sign_in(page, live, world, "nojs@example.org", lang="en")
    _to_the_calendar(page, live, world, "en")
    page.get_by_label("Sign-language interpreting").check()
    page.get_by_role("button", name="Show free times").click()
    # Nobody signs yet: no time is offered, and the page says why.
    expect(page.get_by_text("There are no free times with these needs.")).to_be_visible()
    expect(page.locator(".month-grid a")).to_have_count(0)
    context.close()
