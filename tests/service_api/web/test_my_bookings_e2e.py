"""«Τα ραντεβού μου» and the accessibility refinements in a real Chromium, checked by axe-core: with a
mouse and keyboard at desktop width, at 360 px, and without JavaScript."""

from __future__ import annotations

import email
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.jobs import JobRunner
from tests.helpers.browser import accessible, body_text, book_until_details, sign_in
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

MARIA = "maria@example.org"


def _book(
    world: World, day: int, hour: int, service: str = "transfer-of-registration", **citizen: object
) -> str:
    made = create_booking(
        world.rt.bookings, service_id=world.service(service), start=athens(day, hour), **citizen
    )
    return made.booking.reference


def confirmations(world: World, reference: str) -> int:
    """The confirmation e-mails about ``reference`` in the demo outbox folder."""
    found = 0
    for path in world.rt.config.outbox_dir.glob("*.eml"):
        text = body_text(email.message_from_bytes(path.read_bytes()))
        found += reference in text and "Το ραντεβού σας καταχωρίστηκε." in text
    return found


def _card(page: Page, reference: str):  # type: ignore[no-untyped-def]
    return page.locator(".booking-card").filter(has_text=reference)


def test_a_citizen_finds_resends_downloads_moves_and_cancels_their_booking(
    page: Page, live: LiveServer, world: World
) -> None:
    cancelled = _book(world, 9, 9, "cohabitation-agreement", email=MARIA, mode=Mode.TELECONFERENCE)
    world.rt.bookings.cancel(cancelled, Actor.citizen(), reason="cancelled_by_citizen")
    someone_elses = _book(world, 3, 10, who=2)
    sign_in(page, live, world, MARIA)
    expect(page.locator("header")).to_contain_text("Δήμος Λαρισαίων")
    book_until_details(page, "el")
    page.get_by_label("Ονοματεπώνυμο").fill("Μαρία Παπαδοπούλου")
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("6941234567")
    page.get_by_label("Πατρώνυμο").fill("Γεώργιος")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    reference = page.locator(".panel-success .reference").inner_text()

    page.get_by_role("banner").get_by_role("link", name="Τα ραντεβού μου").click()
    expect(page.get_by_role("heading", level=1, name="Τα ραντεβού μου")).to_be_visible()
    expect(page).to_have_title("Τα ραντεβού μου – Ραντεβού με τον Δήμο")
    upcoming = page.get_by_role("region", name="Επόμενα ραντεβού")
    past = page.get_by_role("region", name="Προηγούμενα και ακυρωμένα ραντεβού")
    expect(upcoming).to_contain_text(reference)
    expect(upcoming).to_contain_text("Αίτηση για Σύμφωνο Συμβίωσης")
    expect(upcoming).to_contain_text("(UTC+02:00 Europe/Athens)")
    expect(past.get_by_text(cancelled)).to_be_visible()
    expect(past).to_contain_text("Ακυρώθηκε")
    assert someone_elses not in page.content()
    accessible(page, "20-my-bookings-el")

    # Sent moments ago with the booking itself: refused, said so, in the title too, and focused.
    card = _card(page, reference)
    card.get_by_role("button", name=re.compile("Αποστολή της επιβεβαίωσης ξανά")).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("στάλθηκε πριν από λίγο, οπότε δεν στάλθηκε ξανά")
    expect(alert).to_be_focused()
    expect(page).to_have_title(re.compile("^Σφάλμα: Τα ραντεβού μου"))
    accessible(page, "21-my-bookings-resend-refused-el")
    world.rt.bookings.clock.advance(minutes=16)  # type: ignore[attr-defined]
    JobRunner.build(world.rt).run_once()
    _card(page, reference).get_by_role("button", name=re.compile("Αποστολή της επιβεβαίωσης ξανά")).click()
    expect(page.get_by_role("status").filter(has_text="θα σταλεί ξανά")).to_contain_text(MARIA)
    JobRunner.build(world.rt).run_once()
    assert confirmations(world, reference) == 2  # the booking's own, and the one sent again

    # «Add to calendar»: the invitation's own event, as a file.
    link = _card(page, reference).get_by_role("link", name=re.compile(r"Προσθήκη στο ημερολόγιο \(\.ics\)"))
    with page.expect_download() as download:
        link.click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]).startswith(f"{reference}@") and calendar["METHOD"] == "PUBLISH"

    # Reschedule and cancel are the e-mail link's pages, opened from here.
    _card(page, reference).get_by_role("link", name=re.compile("Προγραμματισμός εκ νέου")).click()
    page.locator(".month-grid a").nth(1).click()
    page.locator("button.time").first.click()
    expect(page.get_by_text("Το ραντεβού σας μεταφέρθηκε")).to_be_visible()
    page.get_by_role("link", name="Τα ραντεβού μου").click()
    _card(page, reference).get_by_role("link", name=re.compile("Ακύρωση κράτησης")).click()
    page.get_by_role("button", name="Ναι, ακύρωση").click()
    page.get_by_role("link", name="Τα ραντεβού μου").click()
    expect(page.get_by_text("Δεν έχετε κάποιο επόμενο ραντεβού.")).to_be_visible()
    expect(_card(page, reference)).to_contain_text("Ακυρώθηκε")


def test_my_bookings_at_360_px(browser: Browser, live: LiveServer, world: World) -> None:
    _book(world, 3, 9, email=MARIA, mode=Mode.TELECONFERENCE)
    cancelled = _book(world, 4, 11, email=MARIA)
    world.rt.bookings.cancel(cancelled, Actor.citizen(), reason="cancelled_by_citizen")
    context = browser.new_context(
        locale="el-GR", timezone_id="Europe/Athens", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    sign_in(page, live, world, MARIA)
    page.get_by_role("link", name="Τα ραντεβού μου").click()
    expect(page.get_by_role("heading", level=1, name="Τα ραντεβού μου")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    accessible(page, "22-my-bookings-el-360")
    context.close()


def test_my_bookings_work_without_javascript(browser: Browser, live: LiveServer, world: World) -> None:
    reference = _book(world, 3, 9, email=MARIA)
    context = browser.new_context(java_script_enabled=False, timezone_id="America/New_York")
    page = context.new_page()
    page._no_js = True  # type: ignore[attr-defined]
    sign_in(page, live, world, MARIA)
    page.get_by_role("link", name="Τα ραντεβού μου").click()
    expect(page.locator(".zone-line")).to_contain_text("Europe/Athens")  # no script to detect New York
    page.get_by_label("Αλλαγή ζώνης ώρας").select_option("America/New_York")
    page.get_by_role("button", name="Εφαρμογή").click()
    expect(_card(page, reference)).to_contain_text("02:00 (UTC-05:00 America/New_York)")
    world.rt.bookings.clock.advance(minutes=20)  # type: ignore[attr-defined]
    _card(page, reference).get_by_role("button", name=re.compile("Αποστολή της επιβεβαίωσης ξανά")).click()
    expect(page.get_by_role("status").filter(has_text="θα σταλεί ξανά")).to_be_visible()
    _card(page, reference).get_by_role("link", name=re.compile("Ακύρωση κράτησης")).click()
    page.get_by_role("button", name="Ναι, ακύρωση").click()
    expect(page.get_by_role("heading", name="Το ραντεβού σας ακυρώθηκε.")).to_be_visible()
    context.close()


def test_time_buttons_and_closed_days_are_named_for_a_screen_reader(
    page: Page, live: LiveServer, world: World
) -> None:
    sign_in(page, live, world, MARIA)
    sid = world.service("transfer-of-registration")
    page.goto(f"{live.url}/book/larissa/s/{sid}/in_person?month=2026-12&day=2026-12-02")
    button = page.get_by_role(
        "button", name="09:00, Τετάρτη 2 Δεκεμβρίου 2026, ζώνη ώρας Europe/Athens (UTC+02:00)", exact=True
    )
    expect(button).to_have_text("09:00")
    expect(
        page.get_by_role("cell", name="Σάββατο 5 Δεκεμβρίου 2026, μη διαθέσιμη", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Πέμπτη 3 Δεκεμβρίου 2026, διαθέσιμη", exact=True)).to_be_visible()
    accessible(page, "23-calendar-names-el")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_failed_submit_focuses_the_error_summary_even_after_a_summary_link(
    browser: Browser, live: LiveServer, world: World, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, locale="el-GR", timezone_id="Europe/Athens")
    page = context.new_page()
    page._no_js = not javascript  # type: ignore[attr-defined]
    sign_in(page, live, world, "focus@example.org")
    book_until_details(page, "el")
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Σφάλμα: Προσθέστε τα στοιχεία σας"))
    outline = summary.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineColor]")
    assert outline == ["solid", "rgb(255, 221, 0)"]  # the site's yellow focus ring
    summary.get_by_role("link", name=re.compile("ονοματεπώνυμ")).click()
    expect(page.get_by_label("Ονοματεπώνυμο")).to_be_focused()
    assert page.url.endswith("#name")
    page.get_by_label("Ονοματεπώνυμο").fill("Μ")  # still too short: the submit fails again
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.locator(".error-summary")).to_contain_text("ονοματεπώνυμ")
    expect(page.locator("#error-summary")).to_be_focused()
    context.close()


def _tab_to(page: Page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element's accessible text starts with ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()").startswith(name):
            return
    raise AssertionError(f"{name!r} cannot be reached with the keyboard")


def test_a_keyboard_alone_reaches_my_bookings_and_sends_the_confirmation(
    page: Page, live: LiveServer, world: World
) -> None:
    reference = _book(world, 3, 9, email=MARIA)
    sign_in(page, live, world, MARIA)
    _tab_to(page, "Τα ραντεβού μου")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Τα ραντεβού μου")).to_be_visible()
    _tab_to(page, "Αποστολή της επιβεβαίωσης ξανά")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_focused()  # refused: the booking's own went out just now
    world.rt.bookings.clock.advance(minutes=15)  # type: ignore[attr-defined]
    _tab_to(page, "Αποστολή της επιβεβαίωσης ξανά")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text=reference)).to_contain_text("θα σταλεί ξανά")
