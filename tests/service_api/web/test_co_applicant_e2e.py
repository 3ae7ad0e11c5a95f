"""Joint appointments (issue 18) in a real Chromium: the booker names the co-applicant on the details
page, the invitation goes out over SMTP (aiosmtpd), the co-applicant signs in with a code from the
invitation's link and confirms; both then get the confirmation."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from email.message import Message

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from service_api.app import create_app
from service_api.jobs import JobRunner
from service_api.models import Booking
from tests.helpers.browser import accessible, body_text, book_until_details, last_mail, sign_in
from tests.helpers.http import call, login
from tests.helpers.live_server import LiveServer
from tests.helpers.smtp import Inbox
from tests.helpers.world import World

PARTNER = "nikos@example.org"


def _offer_co_applicants(world: World) -> None:
    """The admin says the cohabitation agreement needs one co-applicant (the catalogue admin API)."""
    client = create_app(rt=world.rt).test_client()
    sid = world.service("cohabitation-agreement")
    change = {"co_applicants": 1, "co_applicants_required": True}
    call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=login(client, "admin"), json=change)


def _run_jobs_over_smtp(world: World, port: int) -> None:
    runner = JobRunner.build(world.rt)
    runner.mailer.smtp_url = f"smtp://127.0.0.1:{port}"  # sign-in codes stay in the outbox folder
    runner.run_once()


def _to(inbox: Inbox, address: str) -> list[Message]:
    return [m for m in inbox.messages if address in str(m["To"])]


def test_the_booker_invites_and_the_co_applicant_confirms_from_the_email(
    page: Page, browser: Browser, live: LiveServer, world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    _offer_co_applicants(world)
    sign_in(page, live, world, "maria@example.org")
    book_until_details(page, "el")
    page.get_by_label("Ονοματεπώνυμο", exact=True).fill("Μαρία Παπαδοπούλου")
    page.get_by_label("Αριθμός κινητού τηλεφώνου").fill("694 123 4567")
    page.get_by_label("Πατρώνυμο").fill("Γεώργιος")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_label("E-mail συναιτούντα").fill("maria@example.org")  # her own: refused
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.locator("#co_email_1-error")).to_have_text(
        "Το e-mail του συναιτούντα πρέπει να διαφέρει από το δικό σας."
    )
    accessible(page, "coapp-details-error-el")
    page.get_by_label("E-mail συναιτούντα").fill(PARTNER)
    page.get_by_label("Ονοματεπώνυμο συναιτούντα").fill("Νίκος Γεωργίου")
    page.get_by_label(re.compile("Συμφωνώ")).check()
    page.get_by_role("button", name="Ολοκλήρωση κράτησης").click()
    expect(page.locator("#co-waiting")).to_contain_text("Αναμονή συναιτούντα")
    expect(page.locator("#co-waiting")).to_contain_text(PARTNER)
    accessible(page, "coapp-done-waiting-el")
    reference = page.locator(".panel-success .reference").inner_text()

    _run_jobs_over_smtp(world, port)
    [invitation] = _to(inbox, PARTNER)
    assert not _to(inbox, "maria@example.org")  # no confirmation before the co-applicant's
    found = re.search(r"(http://\S+/co-applicant/\S+)", body_text(invitation))
    assert found is not None, body_text(invitation)

    other = browser.new_context(
        locale="el-GR", timezone_id="Europe/Athens", viewport={"width": 1100, "height": 900}
    )
    partner = other.new_page()
    partner.goto(found.group(1))
    expect(partner.get_by_text("Μαρία Παπαδοπούλου σας όρισε συναιτούντα")).to_be_visible()
    accessible(partner, "coapp-invite-el")
    partner.get_by_role("button", name="Αποστολή κωδικού").click()
    code = re.search(r"\b(\d{6})\b", body_text(last_mail(world, PARTNER)))
    assert code is not None
    partner.get_by_label("Κωδικός από το e-mail").fill(code.group(1))
    partner.get_by_role("button", name="Σύνδεση").click()
    partner.get_by_role("button", name="Επιβεβαιώνω τη συμμετοχή μου").click()
    expect(partner.locator("#co-message")).to_have_text(
        "Επιβεβαιώσατε τη συμμετοχή σας. Θα λάβετε την επιβεβαίωση του ραντεβού με e-mail."
    )
    accessible(partner, "coapp-confirmed-el")
    partner.goto(found.group(1).replace("lang=el", "lang=en"))  # the same page in English
    expect(partner.get_by_role("heading", name="Joint appointment")).to_be_visible()
    expect(partner.locator("#co-status")).to_have_text("Confirmed")
    expect(partner.get_by_role("button", name="Cancel the appointment for everyone")).to_be_visible()
    accessible(partner, "coapp-page-en")
    other.close()
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.status).where(Booking.reference == reference)) == "confirmed"

    _run_jobs_over_smtp(world, port)
    for address in ("maria@example.org", PARTNER):
        subjects = [str(make_header(decode_header(str(m["Subject"])))) for m in _to(inbox, address)]
        assert any(reference in s and "Επιβεβαίωση" in s for s in subjects), subjects
