"""The waitlist pages in a real Chromium, checked by axe-core: join from the calendar, confirm the offer from
the e-mail; and through the test client on both databases, leaving from the e-mail's link."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect
from sqlalchemy import select

from service_api.app import create_app
from service_api.booking import staffing, waitlist
from service_api.booking.waitlist import Waiter, Wanted
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Status
from service_api.domain.waitlist import EntryStatus, PartOfDay
from service_api.jobs import JobRunner
from service_api.models import Booking, WaitlistEntry
from tests.helpers.browser import accessible as checked
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.web_form import csrf_of
from tests.helpers.web_form import sign_in as sign_in_by_code
from tests.helpers.world import World, athens


def one_time_taken(world: World) -> Booking:
    """On 3 December only clerk A takes teleconferences, and only at 09:00, which is booked."""
    rt, a = world.rt, world.staff["clerk_a"]
    staffing.add_absence(
        rt.bookings, Actor.system(), staff_id=world.staff["clerk_b"], start=athens(3, 0), end=athens(4, 0)
    )
    staffing.add_absence(rt.bookings, Actor.system(), staff_id=a, start=athens(3, 0), end=athens(3, 9))
    staffing.add_absence(rt.bookings, Actor.system(), staff_id=a, start=athens(3, 9, 30), end=athens(4, 0))
    return create_booking(
        rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(3, 9),
        mode=Mode.TELECONFERENCE,
        who=90,
    ).booking


@dataclass
class Offered:
    """First in line was offered the freed 09:00 teleconference; their offer page is open in ``client``."""

    first: int  # the waitlist entry
    client: FlaskClient
    form: dict[str, str]  # the offer page's token and CSRF token
    page: str  # the offer page as first shown


def offered(world: World, service_change: dict[str, object] | None = None) -> Offered:
    """Free the one time, put «Πρώτη» on the waitlist, let the job offer it, open the offer page."""
    from service_api.booking import catalogue_admin

    rt = world.rt
    sid = world.service("cohabitation-agreement")
    taken = one_time_taken(world)
    if service_change:
        catalogue_admin.update_service(rt.bookings, Actor.system(), sid, service_change)
    rt.bookings.cancel(taken.reference, Actor.citizen())
    day = athens(3, 0).date()
    wanted = Wanted(sid, Mode.TELECONFERENCE, day, day, PartOfDay.ANY)
    first = waitlist.join(rt.bookings, wanted, Waiter(email="first@example.org", name="Πρώτη")).id
    JobRunner.build(rt).run_once()
    offer_url, _ = links_of(offer_mail(world))
    client: FlaskClient = create_app(rt=rt).test_client()
    path = offer_url.split("http://dimos.test", 1)[-1]
    page = client.get(path)
    form = {"token": path.split("token=")[1], "csrf_token": csrf_of(page.get_data(as_text=True))}
    return Offered(first, client, form, page.get_data(as_text=True))


def plain_of(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def newest_mails(world: World) -> list[str]:
    paths = sorted(world.rt.config.outbox_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [plain_of(path) for path in paths]


def offer_mail(world: World) -> str:
    """The plain text of the newest waitlist offer e-mail in the outbox folder."""
    return next(text for text in newest_mails(world) if "/waitlist/" in text)


def links_of(text: str) -> tuple[str, str]:
    offer = re.search(r"(http://\S+/waitlist/\d+\?lang=el&token=\S+)", text)
    leave = re.search(r"(http://\S+/waitlist/\d+/leave\?lang=el&token=\S+)", text)
    assert offer is not None and leave is not None, text
    return offer.group(1), leave.group(1)


# ------------------------------------------------------------------ leaving from the e-mail (both databases)
def test_the_offer_e_mail_lets_the_citizen_leave_and_the_time_goes_to_the_next(world: World) -> None:
    rt = world.rt
    rt.bookings.cancel(one_time_taken(world).reference, Actor.citizen())
    wanted = Wanted(
        world.service("cohabitation-agreement"),
        Mode.TELECONFERENCE,
        athens(3, 0).date(),
        athens(3, 0).date(),
        PartOfDay.ANY,
    )
    first = waitlist.join(rt.bookings, wanted, Waiter(email="first@example.org", name="Πρώτη")).id
    second = waitlist.join(rt.bookings, wanted, Waiter(email="second@example.org", name="Δεύτερος")).id
    JobRunner.build(rt).run_once()
    text = offer_mail(world)
    assert "first@example.org" not in text and "Πρώτη" in text and "09:00" in text
    assert "έως τις 08:30" in text  # held 30 minutes from 08:00 Athens
    offer_url, leave_url = links_of(text)
    assert f"/waitlist/{first}?" in offer_url

    client: FlaskClient = create_app(rt=rt).test_client()
    path = leave_url.split("http://dimos.test", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200
    assert waitlist.entry(rt.bookings, first)[0].status == EntryStatus.OFFERED  # a GET changes nothing
    done = client.post(
        path.split("?")[0],
        data={"token": path.split("token=")[1], "csrf_token": csrf_of(page.get_data(as_text=True))},
    )
    assert done.status_code == 200 and "Αποχωρήσατε" in done.get_data(as_text=True)
    assert waitlist.entry(rt.bookings, first)[0].status == EntryStatus.LEFT
    JobRunner.build(rt).run_once()
    assert waitlist.entry(rt.bookings, second)[0].status == EntryStatus.OFFERED
    # A tampered link opens nothing.
    assert client.get(path[:-3] + "xyz").status_code == 404
    assert client.get(f"/waitlist/{second}?token={path.split('token=')[1]}").status_code == 404


# ------------------------------------------------------------------ in Chromium
def accessible(page: Page, name: str) -> None:
    checked(page, f"waitlist-{name}")


def sign_in(page: Page, live: LiveServer, world: World, address: str) -> None:
    page.goto(f"{live.url}/?m=larissa")
    page.get_by_label("Ηλεκτρονικό ταχυδρομείο").fill(address)
    page.get_by_role("button", name="Αποστολή κωδικού").click()
    code = re.search(r"\b(\d{6})\b", newest_mails(world)[0])
    assert code is not None
    page.get_by_label("Κωδικός μίας χρήσης").fill(code.group(1))
    page.get_by_role("button", name="Είσοδος").click()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_citizen_joins_from_the_calendar_and_confirms_the_offer_from_the_e_mail(
    page: Page, live: LiveServer, world: World
) -> None:
    taken = one_time_taken(world)
    sign_in(page, live, world, "eleni@example.org")
    service_id = world.service("cohabitation-agreement")
    page.goto(f"{live.url}/book/larissa/s/{service_id}/teleconference?month=2026-12&day=2026-12-03")
    page.get_by_role("link", name="Ενημερώστε με όταν ελευθερωθεί ώρα").click()
    expect(page.get_by_role("heading", name="Λίστα αναμονής")).to_be_visible()
    accessible(page, "join")
    page.get_by_label("Από (ημερομηνία)").fill("2026-12-05")
    page.get_by_label("Έως (ημερομηνία)").fill("2026-12-03")
    page.get_by_role("button", name="Ενημερώστε με").click()
    expect(page.locator(".error-summary")).to_contain_text("Η τελευταία ημέρα είναι πριν από την πρώτη.")
    accessible(page, "join-refused")
    page.get_by_label("Από (ημερομηνία)").fill("2026-12-03")
    page.get_by_label("Πρωί (πριν τις 12:00)").check()
    page.get_by_role("button", name="Ενημερώστε με").click()
    expect(page.get_by_role("heading", name="Είστε στη λίστα αναμονής")).to_be_visible()
    accessible(page, "joined")
    page.get_by_role("link", name="Αποχώρηση από τη λίστα αναμονής").click()
    expect(page.get_by_role("button", name="Αποχώρηση")).to_be_visible()
    accessible(page, "leave")  # not pressed: the citizen stays on the list

    world.rt.bookings.cancel(taken.reference, Actor.citizen())  # 09:00 frees up
    JobRunner.build(world.rt).run_once()
    offer_url, _ = links_of(offer_mail(world))
    page.goto(offer_url)
    expect(page.get_by_role("heading", name="Ελευθερώθηκε ώρα για εσάς")).to_be_visible()
    expect(page.locator("dl.summary")).to_contain_text("09:00")
    accessible(page, "offer")
    page.get_by_role("button", name="Επιβεβαίωση του ραντεβού").click()
    expect(page.get_by_text("Το ραντεβού σας κλείστηκε.")).to_be_visible()
    accessible(page, "booked")
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.citizen_email == "eleni@example.org"))
        assert booking is not None and booking.status == Status.CONFIRMED
        assert booking.start_at == athens(3, 9)
    page.goto(offer_url)  # the link again: already booked, said so
    expect(page.get_by_text("Το ραντεβού σας έχει ήδη κλειστεί")).to_be_visible()


# ------------------------------------------------------------------ the join form in English (both databases)
def test_the_join_form_speaks_english_and_refuses_a_past_range_in_it(world: World) -> None:
    client: FlaskClient = create_app(rt=world.rt).test_client()
    sign_in_by_code(client, world, "john@example.org")
    path = f"/book/larissa/s/{world.service('cohabitation-agreement')}/in_person/waitlist"
    calendar = client.get(path.removesuffix("/waitlist") + "?lang=en").get_data(as_text=True)
    assert f'href="{path}"' in calendar and "Tell me when a time frees up" in calendar
    page = client.get(path).get_data(as_text=True)
    assert "<h1>Waitlist</h1>" in page and "john@example.org" in page
    form = {"from": "2026-11-20", "to": "2026-11-25", "part_of_day": "afternoon", "csrf_token": csrf_of(page)}
    refused = client.post(path, data=form)
    assert refused.status_code == 422
    assert "The range must not start in the past." in refused.get_data(as_text=True)
    form.update({"from": "2026-12-07", "to": "2026-12-09"})
    joined = client.post(path, data=form)
    assert joined.status_code == 200 and "You are on the waitlist" in joined.get_data(as_text=True)
    with world.rt.store.read() as session:
        entry = session.scalar(select(WaitlistEntry))
        assert entry is not None and (entry.mode, entry.part_of_day, entry.language) == (
            "in_person",
            "afternoon",
            "en",
        )


def test_the_offer_link_used_again_after_booking_hands_out_no_manage_link(world: World) -> None:
    """A forwarded offer e-mail must not outlive the revocation a reschedule makes to manage links."""
    o = offered(world)
    booked = o.client.post(f"/waitlist/{o.first}/confirm", data=o.form)
    assert booked.status_code == 302 and "/manage/" in booked.headers["Location"]
    assert waitlist.entry(world.rt.bookings, o.first)[0].status == EntryStatus.BOOKED

    again = o.client.post(f"/waitlist/{o.first}/confirm", data=o.form)

    assert again.status_code == 200 and "/manage/" not in again.get_data(as_text=True)
    assert "Location" not in again.headers


def test_a_joint_services_offer_asks_for_the_co_applicant_and_then_waits_for_them(world: World) -> None:
    """Issue 18: the offer page of a service that needs a co-applicant asks for them, as the details page
    does; without them it is refused in Greek and the time stays held, with them the booking waits."""
    o = offered(world, {"co_applicants": 1, "co_applicants_required": True})
    rt, first, client, form = world.rt, o.first, o.client, o.form
    assert 'name="co_email_1"' in o.page

    refused = client.post(f"/waitlist/{first}/confirm", data=form)
    assert refused.status_code == 422 and "error-summary" in refused.get_data(as_text=True)
    assert waitlist.entry(rt.bookings, first)[0].status == EntryStatus.OFFERED  # still held for them
    too_long = {**form, "co_email_1": "partner@example.org", "co_name_1": "Α" * 201}
    refused = client.post(f"/waitlist/{first}/confirm", data=too_long)  # the column holds 200
    assert refused.status_code == 422 and "έως 200 χαρακτήρες" in refused.get_data(as_text=True)

    booked = client.post(
        f"/waitlist/{first}/confirm",
        data={**form, "co_email_1": "partner@example.org", "co_name_1": "Σύντροφος"},
    )
    assert booked.status_code == 302 and "/manage/" in booked.headers["Location"]
    entry, offer = waitlist.entry(rt.bookings, first)
    assert entry.status == EntryStatus.BOOKED and offer is not None
    assert offer.status == Status.AWAITING_CO_APPLICANT
    assert [row.email for row in offer.co_applicants] == ["partner@example.org"]
    # The manage page says the time is held until the co-applicant confirms, not that it is booked.
    manage = client.get(booked.headers["Location"]).get_data(as_text=True)
    assert 'id="co-waiting"' in manage and "partner@example.org" in manage
    assert "Το ραντεβού σας κλείστηκε" not in manage
    # A second click on the offer's button: told it is booked, and the booking still waits.
    again = client.post(
        f"/waitlist/{first}/confirm",
        data={**form, "co_email_1": "partner@example.org", "co_name_1": "Σύντροφος"},
    )
    assert again.status_code == 200 and "ήδη κλειστεί" in again.get_data(as_text=True)
    assert waitlist.entry(rt.bookings, first)[1].status == Status.AWAITING_CO_APPLICANT  # type: ignore[union-attr]


def test_a_double_click_that_loses_the_race_is_told_the_time_is_booked(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both clicks read the offer as open; the second then finds it taken: not a 500, and the booking
    neither confirmed twice nor confirmed without its co-applicant."""
    from service_api.web import waitlist as waitlist_pages

    o = offered(world, {"co_applicants": 1})
    rt, first, client, form = world.rt, o.first, o.client, o.form
    stale = waitlist.entry(rt.bookings, first)  # what the second click read before the first committed
    booked = client.post(
        f"/waitlist/{first}/confirm",
        data={**form, "co_email_1": "partner@example.org", "co_name_1": "Σύντροφος"},
    )
    assert booked.status_code == 302
    reads = iter([stale, stale])  # the page and accept() both read before the first click commits
    real_entry = waitlist.entry
    monkeypatch.setattr(
        waitlist_pages.waitlist,
        "entry",
        lambda service, entry_id: next(reads, None) or real_entry(service, entry_id),
    )
    second = client.post(f"/waitlist/{first}/confirm", data=form)  # no co-applicant named this time

    assert second.status_code == 200 and "ήδη κλειστεί" in second.get_data(as_text=True)
    offer = real_entry(rt.bookings, first)[1]
    assert offer is not None and offer.status == Status.AWAITING_CO_APPLICANT
    assert [(row.email, row.status) for row in offer.co_applicants] == [("partner@example.org", "invited")]


def test_an_offer_past_its_hold_is_not_offered_again_before_the_job_closes_it(
    world: World, clock: Clock
) -> None:
    """A joint service's offer page, sent without the co-applicant after the hold ran out: told the offer
    is closed, not shown the form again with a «held until» already past."""
    o = offered(world, {"co_applicants": 1, "co_applicants_required": True})
    rt, first, client, form = world.rt, o.first, o.client, o.form
    clock.now = clock.now + timedelta(minutes=rt.config.waitlist_offer_minutes + 1)

    late = client.post(f"/waitlist/{first}/confirm", data=form)
    assert late.status_code == 409 and "δεν ισχύει πλέον" in late.get_data(as_text=True)
