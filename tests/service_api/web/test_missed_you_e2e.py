"""The «we missed you» e-mail in Chromium (issue 18): the citizen follows one of its one-click links,
confirms, and the missed appointment moves; the e-mail's other links then open nothing, and a time
taken meanwhile is refused kindly with the other times."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from service_api.booking import no_show
from service_api.domain.policy import Actor
from service_api.jobs import JobRunner
from service_api.models import Booking
from tests.helpers.browser import SHOTS, body_text, last_mail
from tests.helpers.browser import accessible as checked
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens


def _missed(world: World, clock: Clock, **citizen: str) -> Booking:
    """A booking of 09:00 whose citizen has not come at 09:06, and the desk's «we missed you» sent."""
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(2, 9),
        **citizen,
    ).booking
    clock.now = athens(2, 9, 6)
    clerk = Actor.staff(booking.staff_id, "clerk", booking.municipality_id)
    no_show.send_missed_you(
        world.rt.bookings, world.rt.availability, reference=booking.reference, actor=clerk
    )
    JobRunner.build(world.rt).run_once()
    return booking


def _links(world: World) -> list[str]:
    text = body_text(last_mail(world, "/missed/"))
    return re.findall(r"(http://\S+/missed/\S+)", text)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_citizen_takes_a_time_from_the_we_missed_you_e_mail(
    page: Page, live: LiveServer, world: World, clock: Clock
) -> None:
    booking = _missed(world, clock)
    links = _links(world)
    assert len(links) == 3
    if SHOTS is not None:  # the e-mail itself, as a mail program shows its HTML part
        message = last_mail(world, "/missed/")
        html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_payload(decode=True)
        assert isinstance(html, bytes)
        page.set_content(html.decode())
        page.screenshot(path=str(SHOTS / "noshow-email-el.png"), full_page=True)
    page.goto(links[1])
    expect(page.get_by_role("heading", name="Νέα ώρα για το ραντεβού σας")).to_be_visible()
    chosen = page.locator("dl.summary").inner_text()
    assert "Τετάρτη 2 Δεκεμβρίου 2026" in chosen
    checked(page, "noshow-confirm-el")
    page.get_by_role("button", name="Κλείστε αυτή την ώρα").click()
    expect(page.locator(".panel-success")).to_be_visible()
    checked(page, "noshow-rescheduled-el")
    with world.rt.store.read() as session:
        stored = session.scalar(select(Booking).where(Booking.id == booking.id))
        assert stored is not None and stored.status == "confirmed" and stored.start_at > athens(2, 9, 6)
    # The other links of the e-mail were revoked by the reschedule.
    response = page.goto(links[0])
    assert response is not None and response.status == 404


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_taken_time_is_refused_kindly_in_english_with_the_other_times(
    page: Page, live: LiveServer, world: World, clock: Clock
) -> None:
    _missed(world, clock, language="en")
    links = _links(world)
    assert all("lang=en" in link for link in links)
    with world.rt.store.read() as session:
        first = session.scalar(select(Booking).where(Booking.citizen_email == "citizen1@example.org"))
        assert first is not None and first.rescue is not None
        taken_at = first.rescue.offered_starts[0]
    from datetime import datetime

    for n in range(2, 6):  # other citizens fill every clerk's place at the first offered time
        try:
            create_booking(
                world.rt.bookings,
                service_id=world.service("transfer-of-registration"),
                start=datetime.fromisoformat(taken_at),
                who=n,
            )
        except Exception:  # noqa: BLE001 - no clerk left: the time is full
            break
    page.goto(links[0])
    expect(page.get_by_role("alert")).to_contain_text("is no longer free")
    expect(page.get_by_role("heading", name="Other free times")).to_be_visible()
    checked(page, "noshow-taken-en")
    page.get_by_role("listitem").first.get_by_role("link").click()
    expect(page.get_by_role("button", name="Book this time")).to_be_visible()
