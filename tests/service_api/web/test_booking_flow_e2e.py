"""The citizen form end to end in a real Chromium (Debian's, driven by Playwright), checked by axe-core."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from service_api.jobs import JobRunner
from service_api.models import Booking
from tests.helpers.browser import accessible, body_text, book_until_details, last_mail, manage_link, sign_in
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_a_citizen_books_reschedules_and_cancels_from_the_email_in_greek(
    page: Page, live: LiveServer, world: World
) -> None:
    sign_in(page, live, world, "maria@example.org")
    book_until_details(page, "el")
    accessible(page, "08-details-el")
    # The booking goes to the address the citizen proved: shown, not an input anyone could change.
    expect(page.locator("form strong").filter(has_text="maria@example.org")).to_be_visible()
    assert page.locator("input[name=email]").count() == 0
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("ονοματεπώνυμ"))).to_be_visible()
    accessible(page, "09-details-errors-el")
    page.get_by_label("Ονοματεπώνυμο").fill("Μαρία Παπαδοπούλου")
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("694 123 4567")
    page.get_by_label("Πατρώνυμο").fill("Γεώργιος")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.get_by_role("heading", name="Η κράτησή σας ολοκληρώθηκε")).to_be_visible()
    accessible(page, "10-done-el")
    reference = page.locator(".panel-success .reference").inner_text()
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        assert booking is not None and booking.status == "confirmed" and booking.mode == "teleconference"
        assert booking.citizen_phone == "+306941234567" and booking.citizen_extra == {
            "father_name": "Γεώργιος"
        }
    for name in ("Προγραμματισμός εκ νέου", "Ακύρωση κράτησης", "Νέα κράτηση"):
        expect(page.get_by_role("link", name=name)).to_be_visible()

    JobRunner.build(world.rt).run_once()
    link = manage_link(last_mail(world, reference))
    page.goto(link)
    accessible(page, "11-manage-el")
    page.get_by_role("link", name="Προγραμματισμός εκ νέου").click()
    page.locator(".month-grid a").nth(1).click()
    page.locator("button.time").first.click()
    expect(page.get_by_text("Το ραντεβού σας μεταφέρθηκε")).to_be_visible()
    accessible(page, "12-rescheduled-el")
    page.goto(link)  # the old link died with the reschedule
    expect(page.get_by_role("heading", name=re.compile("δεν είναι έγκυρος"))).to_be_visible()
    JobRunner.build(world.rt).run_once()
    new_link = manage_link(last_mail(world, reference))
    assert new_link != link
    page.goto(new_link)
    page.get_by_role("link", name="Ακύρωση κράτησης").click()
    accessible(page, "13-cancel-el")
    page.get_by_role("button", name="Ναι, ακύρωση").click()
    expect(page.get_by_role("heading", name="Το ραντεβού σας ακυρώθηκε.")).to_be_visible()
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.status).where(Booking.reference == reference)) == "cancelled"


def test_the_whole_flow_in_english_at_phone_width(browser: Browser, live: LiveServer, world: World) -> None:
    context = browser.new_context(
        locale="en-GB", timezone_id="Europe/London", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    sign_in(page, live, world, "john@example.org", lang="en")
    book_until_details(page, "en")
    expect(page.get_by_role("status")).to_contain_text("Europe/London")  # detected from the browser
    page.get_by_label("Full name").fill("John Smith")
    page.get_by_label("Mobile phone number").fill("+44 7911 123456")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Complete booking").click()
    expect(page.get_by_role("heading", name="Your booking is complete")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    accessible(page, "14-done-en-360")
    reference = page.locator(".panel-success .reference").inner_text()
    JobRunner.build(world.rt).run_once()
    confirmation = last_mail(world, reference)
    assert "Appointment confirmed" in str(confirmation["Subject"])
    page.goto(manage_link(confirmation) + "&action=reschedule")  # the e-mail's Reschedule button
    page.locator(".month-grid a").nth(1).click()
    page.locator("button.time").first.click()
    expect(page.get_by_text("Your appointment was moved")).to_be_visible()
    accessible(page, "15-rescheduled-en-360")
    JobRunner.build(world.rt).run_once()
    page.goto(manage_link(last_mail(world, "Appointment changed")) + "&action=cancel")  # the Cancel button
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_role("heading", name="Your appointment has been cancelled.")).to_be_visible()
    accessible(page, "16-cancelled-en-360")
    context.close()


def test_without_javascript_the_form_works_in_athens_time(
    browser: Browser, live: LiveServer, world: World
) -> None:
    context = browser.new_context(java_script_enabled=False, timezone_id="America/New_York")
    page = context.new_page()
    page._no_js = True  # type: ignore[attr-defined]
    sign_in(page, live, world, "nojs@example.org")
    book_until_details(page, "el")
    expect(page.get_by_role("status")).to_contain_text("Europe/Athens")
    context.close()


def test_a_lost_hold_sends_the_citizen_back_with_details_kept(
    page: Page, live: LiveServer, world: World
) -> None:
    sign_in(page, live, world, "late@example.org")
    book_until_details(page, "el")
    page.get_by_label("Ονοματεπώνυμο").fill("Αργοπορημένος Πολίτης")
    world.rt.bookings.clock.advance(minutes=11)  # type: ignore[attr-defined]
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("6941234567")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.get_by_role("alert").filter(has_text="δεν είναι πλέον διαθέσιμη")).to_be_visible()
    page.locator(".month-grid a").first.click()
    page.locator("button.time").nth(2).click()
    expect(page.get_by_label("Ονοματεπώνυμο")).to_have_value("Αργοπορημένος Πολίτης")


def test_another_address_must_be_proved_before_the_booking_goes_to_it(
    page: Page, live: LiveServer, world: World
) -> None:
    sign_in(page, live, world, "eve@example.org")
    book_until_details(page, "el")
    page.get_by_role("link", name="Χρήση άλλης διεύθυνσης").click()
    accessible(page, "17-verify-email-el")
    page.get_by_label("Ηλεκτρονικό ταχυδρομείο").fill("victim@example.org")
    page.get_by_role("button", name="Αποστολή κωδικού").click()
    expect(page.get_by_text("Στείλαμε κωδικό στο victim@example.org")).to_be_visible()
    page.get_by_label("Κωδικός μίας χρήσης").fill("000000")  # Eve cannot read victim's code
    page.get_by_role("button", name="Επιβεβαίωση").click()
    expect(page.get_by_text("Ο κωδικός δεν είναι σωστός ή έληξε.").first).to_be_visible()
    # A forged form field changes nothing: the details page has no e-mail field to post.
    page.goto(f"{live.url}/book/details")
    expect(page.locator("form strong").filter(has_text="eve@example.org")).to_be_visible()
    # Proving a second address of one's own works, and the booking goes there.
    page.get_by_role("link", name="Χρήση άλλης διεύθυνσης").click()
    page.get_by_label("Ηλεκτρονικό ταχυδρομείο").fill("eve.work@example.org")
    page.get_by_role("button", name="Αποστολή κωδικού").click()
    code = re.search(r"\b(\d{6})\b", body_text(last_mail(world, "eve.work@example.org")))
    assert code is not None
    page.get_by_label("Κωδικός μίας χρήσης").fill(code.group(1))
    page.get_by_role("button", name="Επιβεβαίωση").click()
    expect(page.locator("form strong").filter(has_text="eve.work@example.org")).to_be_visible()
    page.get_by_label("Ονοματεπώνυμο").fill("Εύα Παπά")
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("6941234567")
    page.get_by_label("Πατρώνυμο").fill("Γεώργιος")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    reference = page.locator(".panel-success .reference").inner_text()
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.citizen_email).where(Booking.reference == reference)) == (
            "eve.work@example.org"
        )


def tamper(url: str) -> str:
    return url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")


def test_tampered_manage_links_reveal_nothing(page: Page, live: LiveServer, world: World) -> None:
    for url in (
        f"{live.url}/manage/ABCD-EFGH?token=nonsense",
        f"{live.url}/manage/ABCD-EFGH",
        f"{live.url}/manage/ABCD-EFGH/cancel?token=x",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404
        expect(
            page.get_by_role("heading", name="Ο σύνδεσμος δεν είναι έγκυρος ή έχει λήξει.")
        ).to_be_visible()
    accessible(page, "90-link-refused-el")
    page.goto(f"{live.url}/services/1")
    accessible(page, "91-documents-el")
    page.goto(f"{live.url}/no-such-page")
    accessible(page, "92-not-found-el")


def test_pages_need_sign_in_and_forms_need_the_csrf_token(page: Page, live: LiveServer, world: Any) -> None:
    page.goto(f"{live.url}/book/larissa")
    expect(page.get_by_role("heading", name="Είσοδος στην πλατφόρμα")).to_be_visible()
    response = page.request.post(f"{live.url}/login/email", form={"email": "x@example.org"})
    assert response.status == 400


def test_a_long_form_is_confirmed_with_its_reference_and_sign_out_kills_the_cookie(
    browser: Browser, live: LiveServer, world: World
) -> None:
    # Tens of KB typed: a signed session cookie grew past Chromium's 4 KB and was dropped, so the
    # confirmed booking's reference was never shown. The session is server-side now.
    context = browser.new_context(locale="el-GR", timezone_id="Europe/Athens")
    page = context.new_page()
    sign_in(page, live, world, "long@example.org")
    book_until_details(page, "el")
    letters = "αβγδεζηθικλμνξοπρστυφχψω "
    pick = random.Random(12).choice
    long_text = "".join(pick(letters) for _ in range(8000)).strip()  # barely compressible
    page.get_by_label("Πατρώνυμο").fill(long_text)
    page.get_by_label("Μητρώνυμο").fill(long_text)
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()  # errors: what was typed is kept
    expect(page.get_by_label("Πατρώνυμο")).to_have_value(long_text)
    expect(page.get_by_text("Το πεδίο «Πατρώνυμο» δέχεται έως 500 χαρακτήρες.").first).to_be_visible()
    page.get_by_label("Πατρώνυμο").fill(long_text[:500])  # the API's limit, the form's too
    page.get_by_label("Μητρώνυμο").fill(long_text[:500])
    page.get_by_label("Ονοματεπώνυμο").fill("Μαρία Παπαδοπούλου")
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("694 123 4567")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.get_by_role("heading", name="Η κράτησή σας ολοκληρώθηκε")).to_be_visible()
    assert page.locator(".panel-success .reference").inner_text()
    [cookie] = [c for c in context.cookies() if c["name"] == "session"]
    assert len(cookie["value"]) < 100 and cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.get_by_role("button", name="Αποσύνδεση").click()
    expect(page.get_by_role("heading", name="Είσοδος στην πλατφόρμα")).to_be_visible()
    copy = browser.new_context()
    copy.add_cookies([{"name": "session", "value": cookie["value"], "url": live.url}])
    stolen = copy.new_page()
    stolen.goto(f"{live.url}/book")
    expect(stolen.get_by_role("heading", name="Είσοδος στην πλατφόρμα")).to_be_visible()
    copy.close()
    context.close()
