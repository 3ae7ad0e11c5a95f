"""The night summer time ends (Athens, 31 October 2027: 04:00 EEST back to 03:00 EET, so 03:00–03:59 is
lived twice): a clerk working through it is offered, booked, invited and listed at both 03:00s, and every
calendar and e-mail names the right one."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from email.header import decode_header, make_header
from email.message import Message

import icalendar
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking import staffing
from service_api.jobs import JobRunner
from service_api.models import Municipality
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.smtp import Inbox
from tests.helpers.world import PASSWORD, World

FIRST_THREE = datetime(2027, 10, 31, 0, 0, tzinfo=UTC)  # 03:00 EEST (UTC+03:00)
SECOND_THREE = datetime(2027, 10, 31, 1, 0, tzinfo=UTC)  # 03:00 EET (UTC+02:00), an hour later
SUNDAY = 6


@pytest.fixture
def night(world: World, clock: Clock) -> int:
    """A clerk of Larissa working Sunday 00:00–06:00, ten days before the night; its service's id."""
    clock.now = datetime(2027, 10, 21, 6, 0, tzinfo=UTC)
    sid = world.service("cohabitation-agreement")
    with world.rt.store.read() as session:
        larissa = session.scalar(select(Municipality.id).where(Municipality.slug == "larissa"))
    staffing.create_staff(
        world.rt.bookings,
        username="night_clerk",
        display_name="Night Clerk",
        role="clerk",
        password=PASSWORD,
        municipality_id=larissa,
        email="night@dimos.test",
        services=[(sid, True, True)],
        plan=[(SUNDAY, time(0), time(6))],
    )
    return sid


def _starts(client: FlaskClient, sid: int) -> list[str]:
    path = f"/api/v1/services/{sid}/availability?mode=in_person&from=2027-10-31&to=2027-10-31"
    answer = call(client, "GET", path, 200)
    return [slot["start"] for slot in answer["slots"]]


def test_the_night_offers_both_three_oclocks_once_each_and_books_them_without_overlap(
    world: World, client: FlaskClient, night: int
) -> None:
    half_hours = [f"2027-10-31T{h:02d}:{m:02d}:00+03:00" for h in range(3) for m in (0, 30)]
    half_hours += ["2027-10-31T03:00:00+03:00", "2027-10-31T03:30:00+03:00"]
    half_hours += ["2027-10-31T03:00:00+02:00", "2027-10-31T03:30:00+02:00"]
    half_hours += [f"2027-10-31T{h:02d}:{m:02d}:00+02:00" for h in range(4, 6) for m in (0, 30)]
    assert _starts(client, night) == half_hours  # seven hours of plan: 14 starts, none twice

    first = create_booking(world.rt.bookings, service_id=night, start=FIRST_THREE, who=1).booking
    second = create_booking(world.rt.bookings, service_id=night, start=SECOND_THREE, who=2).booking
    assert first.staff_id == second.staff_id  # one clerk, two appointments an hour apart
    left = _starts(client, night)
    assert "2027-10-31T03:00:00+03:00" not in left and "2027-10-31T03:00:00+02:00" not in left
    assert "2027-10-31T03:30:00+03:00" in left and "2027-10-31T03:30:00+02:00" in left


def test_the_booking_form_labels_the_two_three_oclocks_apart(
    world: World, client: FlaskClient, night: int
) -> None:
    with client.session_transaction() as session:
        session["citizen"] = {"name": "Μαρία Παπαδοπούλου", "email": "maria@example.gr"}
    page = client.get(f"/book/larissa/s/{night}/in_person?lang=en&month=2027-10&day=2027-10-31")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "03:00 (UTC+03:00)" in html and "03:00 (UTC+02:00)" in html
    assert "02:30 (UTC" not in html and "04:00 (UTC" not in html  # only the repeated hour needs it


def _text(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data.decode()


def _invitation(message: Message) -> icalendar.Event:
    part = next(p for p in message.walk() if p.get_content_type() == "application/ics")
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    events = icalendar.Calendar.from_ical(data).events
    assert len(events) == 1
    return events[0]


def test_invitations_and_e_mails_name_the_right_three_oclock(
    world: World, night: int, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    first = create_booking(world.rt.bookings, service_id=night, start=FIRST_THREE, who=1).booking
    second = create_booking(world.rt.bookings, service_id=night, start=SECOND_THREE, who=2).booking
    JobRunner.build(world.rt).run_once()
    by_reference = {
        ref: m
        for m in inbox.messages
        for ref in (first.reference, second.reference)
        if ref in str(make_header(decode_header(m["Subject"])))
    }
    assert set(by_reference) == {first.reference, second.reference}

    for booking, start, offset in ((first, FIRST_THREE, "+03:00"), (second, SECOND_THREE, "+02:00")):
        message = by_reference[booking.reference]
        event = _invitation(message)
        assert event.decoded("DTSTART") == start  # the instant, not the first 03:00
        assert event.decoded("DTEND") == start + timedelta(minutes=15)
        assert event["DTSTART"].to_ical() == start.strftime("%Y%m%dT%H%M%SZ").encode()
        assert f"Κυριακή 31 Οκτωβρίου 2027, 03:00 (UTC{offset})–03:15 (UTC{offset})" in _text(message)
        assert f"03:00 (UTC{offset})" in str(event["DESCRIPTION"])


def test_the_clerks_feed_lists_both_at_their_own_instant(
    world: World, client: FlaskClient, night: int
) -> None:
    first = create_booking(world.rt.bookings, service_id=night, start=FIRST_THREE, who=1).booking
    second = create_booking(world.rt.bookings, service_id=night, start=SECOND_THREE, who=2).booking
    url = call(client, "POST", "/api/v1/me/ical-feed", 201, headers=login(client, "night_clerk"))["url"]
    feed = client.get(str(url).removeprefix("http://dimos.test"))
    assert feed.status_code == 200
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed.get_data()).walk("VEVENT")}
    assert events[f"{first.reference}@dimos"].decoded("DTSTART") == FIRST_THREE
    assert events[f"{second.reference}@dimos"].decoded("DTSTART") == SECOND_THREE
    assert events[f"{second.reference}@dimos"].decoded("DTEND") == SECOND_THREE + timedelta(minutes=15)
