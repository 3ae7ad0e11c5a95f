"""No-show rescue (issue 18): the desk's «we missed you» e-mail, with the next free times as one-click
reschedule links that work, go once, and are revoked by a reschedule. Both databases, real SMTP."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from email.message import Message
from html import unescape

from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.domain.rules import Mode
from service_api.jobs import JobRunner
from service_api.models import AuditLog, Booking, Outbox
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.smtp import Inbox
from tests.helpers.web_form import csrf_of
from tests.helpers.world import World, athens

START = athens(2, 9)  # Wednesday 2 December 2026, 09:00 Athens; the clock starts the day before


def _book(world: World, *, mode: Mode = Mode.IN_PERSON, **citizen: str) -> Booking:
    return create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=START,
        mode=mode,
        **citizen,
    ).booking


def _clerk_of(world: World, booking: Booking) -> str:
    return next(name for name, staff_id in world.staff.items() if staff_id == booking.staff_id)


def _text(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert isinstance(part, bytes)
    return part.decode()


def _send_mail(world: World, port: int) -> None:
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    JobRunner.build(world.rt).run_once()


def _subject(message: Message) -> str:
    return str(make_header(decode_header(str(message["Subject"]))))


def _missed_you_mail(inbox: Inbox) -> Message:
    mails = [m for m in inbox.messages if _subject(m).startswith("Σας χάσαμε")]
    assert len(mails) == 1, [_subject(m) for m in inbox.messages]
    return mails[0]


def _missed_you_links(inbox: Inbox) -> list[str]:
    return re.findall(r"(http://dimos\.test/missed/\S+)", _text(_missed_you_mail(inbox)))


def _path(link: str) -> str:
    return link.removeprefix("http://dimos.test")


def test_the_desk_sees_when_the_citizen_counts_as_missing_and_may_not_rescue_before(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    booking = _book(world)
    headers = login(client, _clerk_of(world, booking))
    panel = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=headers)
    assert panel["rescue"]["minutes"] == 5
    assert panel["rescue"]["due_at"] == "2026-12-02T09:05:00+02:00"
    assert panel["rescue"]["missed_you_sent_at"] is None
    clock.now = athens(2, 9, 4)
    refused = call(
        client,
        "POST",
        f"/api/v1/bookings/{booking.reference}/missed-you",
        409,
        headers={**headers, "Accept-Language": "el"},
    )
    assert refused["error"] == "rescue_refused"
    assert refused["message"] == "Ο πολίτης δεν λείπει από αυτό το ραντεβού."


def test_missed_you_mails_the_next_free_times_and_a_link_reschedules_the_missed_appointment(
    world: World, client: FlaskClient, clock: Clock, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    booking = _book(world)
    _send_mail(world, port)  # the confirmation
    clock.now = athens(2, 9, 6)
    headers = login(client, _clerk_of(world, booking))
    answer = call(client, "POST", f"/api/v1/bookings/{booking.reference}/missed-you", 200, headers=headers)
    assert answer["rescue"]["missed_you_sent_at"] == "2026-12-02T09:06:00+02:00"
    _send_mail(world, port)
    links = _missed_you_links(inbox)
    assert len(links) == 3
    mail_text = _text(_missed_you_mail(inbox))
    assert "Τετάρτη 2 Δεκεμβρίου 2026, 09:" in mail_text  # the next free times, that same morning

    page = client.get(_path(links[1]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Κλείστε αυτή την ώρα" in html
    chosen = re.search(r"<dt>Ημερομηνία και ώρα</dt><dd>([^<]+)</dd>", html) or re.search(
        r"<dd>([^<]*2026[^<]*)</dd>", html
    )
    assert chosen is not None
    moved = client.post(
        _path(links[1]).split("?")[0] + "?lang=el",
        data={
            "token": unescape(re.search(r'name="token" value="([^"]+)"', html).group(1)),  # type: ignore[union-attr]
            "csrf_token": csrf_of(html),
        },
    )
    assert moved.status_code == 302 and "/manage/" in moved.headers["Location"]
    with world.rt.store.read() as session:
        stored = session.scalar(select(Booking).where(Booking.id == booking.id))
        assert stored is not None and stored.status == "confirmed"
        assert stored.start_at > START and stored.start_at.astimezone(START.tzinfo).day == 2
        actions = list(session.scalars(select(AuditLog.action).where(AuditLog.booking_id == booking.id)))
        assert "missed_you_sent" in actions and actions[-1] == "rescheduled"
    # The reschedule revoked the e-mail's other links.
    assert client.get(_path(links[0])).status_code == 404
    assert client.get(_path(links[2])).status_code == 404


def test_missed_you_goes_once_and_only_for_the_clerk_or_a_supervisor(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    booking = _book(world)
    clock.now = athens(2, 9, 6)
    clerk = _clerk_of(world, booking)
    other = "clerk_b" if clerk == "clerk_a" else "clerk_a"
    path = f"/api/v1/bookings/{booking.reference}/missed-you"
    call(client, "POST", path, 404, headers=login(client, other))
    call(client, "POST", path, 200, headers=login(client, "supervisor"))
    again = call(client, "POST", path, 409, headers=login(client, clerk))
    assert again["message"] == "The «we missed you» e-mail was already sent for this booking."
    with world.rt.store.read() as session:
        kinds = list(session.scalars(select(Outbox.kind).where(Outbox.booking_id == booking.id)))
    assert kinds.count("email.missed_you") == 1


def test_a_checked_in_citizen_is_not_missing(world: World, client: FlaskClient, clock: Clock) -> None:
    booking = _book(world)
    headers = login(client, _clerk_of(world, booking))
    clock.now = athens(2, 9, 1)
    call(client, "POST", f"/api/v1/bookings/{booking.reference}/check-in", 200, headers=headers)
    clock.now = athens(2, 9, 10)
    call(client, "POST", f"/api/v1/bookings/{booking.reference}/missed-you", 409, headers=headers)


def test_a_time_taken_meanwhile_is_refused_kindly_with_the_other_times(
    world: World, client: FlaskClient, clock: Clock, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    booking = _book(world)
    clock.now = athens(2, 9, 6)
    call(
        client,
        "POST",
        f"/api/v1/bookings/{booking.reference}/missed-you",
        200,
        headers=login(client, _clerk_of(world, booking)),
    )
    _send_mail(world, port)
    links = _missed_you_links(inbox)
    with world.rt.store.read() as session:
        offered = session.get(Booking, booking.id).rescue.offered_starts  # type: ignore[union-attr]
    from datetime import datetime

    first = datetime.fromisoformat(offered[0])
    # Other citizens take every clerk's place at the first offered time.
    for n in range(2, 6):
        try:
            create_booking(
                world.rt.bookings, service_id=world.service("transfer-of-registration"), start=first, who=n
            )
        except Exception:  # noqa: BLE001 - no clerk left: the time is full
            break
    page = client.get(_path(links[0]))
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "δεν είναι πια διαθέσιμη" in html
    assert html.count("/missed/") >= 2  # the other offered times, each a link


def test_a_supervisor_sets_the_services_rescue_minutes_and_the_desk_follows(
    world: World, client: FlaskClient
) -> None:
    service_id = world.service("transfer-of-registration")
    supervisor = login(client, "supervisor")
    answer = call(
        client,
        "PATCH",
        f"/api/v1/services/{service_id}",
        200,
        json={"no_show_rescue_minutes": 10},
        headers=supervisor,
    )
    assert answer["no_show_rescue_minutes"] == 10
    call(
        client,
        "PATCH",
        f"/api/v1/services/{service_id}",
        422,
        json={"no_show_rescue_minutes": -1},
        headers=supervisor,
    )
    booking = _book(world)
    panel = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=supervisor)
    assert panel["rescue"]["minutes"] == 10
    assert panel["rescue"]["due_at"] == "2026-12-02T09:10:00+02:00"


def test_a_link_after_the_clerk_closed_the_booking_says_so_instead_of_offering_times(
    world: World, client: FlaskClient, clock: Clock, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    booking = _book(world)
    clock.now = athens(2, 9, 6)
    headers = login(client, _clerk_of(world, booking))
    call(client, "POST", f"/api/v1/bookings/{booking.reference}/missed-you", 200, headers=headers)
    _send_mail(world, port)
    links = _missed_you_links(inbox)
    call(
        client,
        "POST",
        f"/api/v1/bookings/{booking.reference}/outcome",
        200,
        json={"outcome": "no_show", "note": ""},
        headers=headers,
    )
    page = client.get(_path(links[0]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ο σύνδεσμος δεν ισχύει πια" in html and "Κλείστε αυτή την ώρα" not in html
    assert client.get(_path(links[0])[:-4] + "xxxx").status_code == 404  # a tampered link opens nothing
