"""The «test your connection» page of a teleconference (issue 18): its link, the stored result, refusals."""

from __future__ import annotations

import re
from email.header import decode_header, make_header
from email.message import Message

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS
from service_api.jobs import JobRunner
from service_api.models import AuditLog, Booking
from service_api.security import PreflightLinks
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.smtp import Inbox
from tests.helpers.web_form import csrf_of
from tests.helpers.world import World, athens

LINK = re.compile(r"http://dimos\.test/t/([0-9A-Z]+)\?lang=(el|en)")


def _teleconference(world: World, who: int = 1) -> Booking:
    return create_booking(
        world.rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(3, 10),
        mode=Mode.TELECONFERENCE,
        who=who,
    ).booking


def _code(world: World, booking: Booking) -> str:
    return PreflightLinks(world.rt.config.secret_key).code(booking.reference)


def _text(message: Message) -> str:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data.decode()


def _all_parts(message: Message) -> str:
    texts = []
    for part in message.walk():
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            texts.append(data.decode(errors="replace"))
    return "\n".join(texts)


def _clerk_headers(client: FlaskClient, world: World, booking: Booking) -> dict[str, str]:
    username = next(name for name, staff_id in world.staff.items() if staff_id == booking.staff_id)
    return login(client, username)


def _post(client: FlaskClient, code: str, **result: str) -> tuple[int, dict[str, str]]:
    page = client.get(f"/t/{code}")
    assert page.status_code == 200
    answer = client.post(f"/t/{code}", data={"csrf_token": csrf_of(page.get_data(as_text=True)), **result})
    return answer.status_code, answer.get_json(silent=True) or {}


@pytest.fixture
def runner(world: World, smtp: tuple[Inbox, int]) -> tuple[Inbox, JobRunner]:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    return inbox, JobRunner.build(world.rt)


def test_teleconference_confirmation_and_reminder_carry_the_link_and_in_person_ones_do_not(
    world: World, runner: tuple[Inbox, JobRunner]
) -> None:
    inbox, jobs = runner
    video = _teleconference(world)
    in_person = create_booking(
        world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(3, 11), who=2
    ).booking
    jobs.run_once()
    by_reference = {str(make_header(decode_header(m["Subject"]))).split()[2]: m for m in inbox.messages}
    assert set(by_reference) == {video.reference, in_person.reference}
    confirmation = by_reference[video.reference]
    text = _text(confirmation)
    assert "Έλεγχος σύνδεσης, κάμερας και μικροφώνου: http://dimos.test/t/" in text
    [(code, language)] = set(LINK.findall(_all_parts(confirmation)))  # text, HTML and the .ics agree
    assert (code, language) == (_code(world, video), "el")
    assert "/t/" not in _all_parts(by_reference[in_person.reference])

    inbox.messages.clear()
    world.rt.bookings.clock.advance(days=1, hours=1)  # type: ignore[attr-defined]  # Wednesday 09:00
    assert jobs.schedule_reminders() == 2
    jobs.run_once()
    reminders = {str(make_header(decode_header(m["Subject"]))).split()[-4]: m for m in inbox.messages}
    assert LINK.search(_text(reminders[video.reference])) is not None
    assert "/t/" not in _text(reminders[in_person.reference])


def test_the_page_opens_by_its_code_in_greek_and_english_and_a_tampered_code_is_refused(
    world: World, client: FlaskClient
) -> None:
    booking = _teleconference(world)
    code = _code(world, booking)
    page = client.get(f"/t/{code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Έλεγχος σύνδεσης για την τηλεδιάσκεψη" in html and booking.reference in html
    # A browser meeting (the default provider, Jitsi): its own steps, none of Teams' screens.
    assert "Πώς θα συνδεθείτε από τον browser, χωρίς να εγκαταστήσετε τίποτα" in html
    assert "Συνέχεια σε αυτό το πρόγραμμα περιήγησης" not in html and "λογαριασμό Microsoft" not in html
    assert "χρειάζεται JavaScript" in html  # what a page without script says
    assert "Πολίτης 1" not in html and "citizen1@example.org" not in html  # the short link shows no one
    # A Teams meeting: how to join without installing Teams, as a guest.
    with world.rt.bookings.transaction() as session:
        session.execute(
            update(Booking)
            .where(Booking.reference == booking.reference)
            .values(meeting_url="https://teams.microsoft.com/l/meetup-join/abc")
        )
    teams = client.get(f"/t/{code}").get_data(as_text=True)
    assert "Συνέχεια σε αυτό το πρόγραμμα περιήγησης" in teams and "χωρίς λογαριασμό Microsoft" in teams
    english = client.get(f"/t/{code}?lang=en").get_data(as_text=True)
    assert "Continue on this browser" in english
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]

    tampered = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert client.get(f"/t/{tampered}").status_code == 404
    assert client.get(f"/t/{booking.reference.replace('-', '')}").status_code == 404
    assert client.get("/t/" + "A" * 300).status_code == 404


def test_a_result_is_stored_on_the_booking_and_the_feed_carries_it_to_the_clerk(
    world: World, client: FlaskClient
) -> None:
    booking = _teleconference(world)
    clerk = _clerk_headers(client, world, booking)
    before = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=clerk)
    assert before["preflight"] is None
    cursor = call(client, "GET", "/api/v1/changes", 200, headers=clerk)["cursor"]

    status, answer = _post(client, _code(world, booking), browser="ok", camera="ok", microphone="denied")
    assert status == 200 and answer["saved"] is True and answer["ready"] is False

    feed = call(client, "GET", f"/api/v1/changes?since={cursor}", 200, headers=clerk)["changes"]
    [change] = [c for c in feed if c["reference"] == booking.reference]
    expected = {
        "checked_at": world.rt.bookings.clock().astimezone(ATHENS).isoformat(),
        "browser": "ok",
        "camera": "ok",
        "microphone": "denied",
    }
    assert change["booking"]["preflight"] == expected
    assert (
        call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=clerk)["preflight"]
        == expected
    )
    page = client.get(f"/t/{_code(world, booking)}").get_data(as_text=True)
    assert "Τελευταίος έλεγχος" in page


@pytest.mark.parametrize(
    "junk",
    [
        {},
        {"browser": "ok", "camera": "ok"},
        {"browser": "ok", "camera": "great", "microphone": "ok"},
        {"browser": "<script>", "camera": "ok", "microphone": "ok"},
        {"browser": "ok", "camera": "ok", "microphone": "ok" * 500},
    ],
)
def test_junk_is_refused_with_a_4xx_and_nothing_is_stored(
    world: World, client: FlaskClient, junk: dict[str, str]
) -> None:
    booking = _teleconference(world)
    status, answer = _post(client, _code(world, booking), **junk)
    assert 400 <= status < 500 and answer["error"] == "rule_violation"
    with world.rt.store.read() as session:
        stored = session.get(Booking, booking.id)
        assert stored is not None and stored.preflight_checked_at is None


def test_a_post_without_the_forms_csrf_token_or_for_an_in_person_or_cancelled_booking_is_refused(
    world: World, client: FlaskClient
) -> None:
    booking = _teleconference(world)
    code = _code(world, booking)
    client.get(f"/t/{code}")
    forged = client.post(f"/t/{code}", data={"browser": "ok", "camera": "ok", "microphone": "ok"})
    assert forged.status_code == 400

    in_person = create_booking(
        world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(3, 11), who=2
    ).booking
    assert client.get(f"/t/{_code(world, in_person)}").status_code == 404

    world.rt.bookings.cancel(booking.reference, Actor.citizen())
    assert client.get(f"/t/{code}").status_code == 404
    page = client.get(f"/t/{_code(world, _teleconference(world, who=3))}").get_data(as_text=True)
    late = client.post(
        f"/t/{code}", data={"csrf_token": csrf_of(page), "browser": "ok", "camera": "ok", "microphone": "ok"}
    )
    assert late.status_code == 404
    with world.rt.store.read() as session:
        stored = session.get(Booking, booking.id)
        assert stored is not None and stored.preflight_checked_at is None


def test_results_from_one_client_are_rate_limited(world: World, client: FlaskClient) -> None:
    booking = _teleconference(world)
    code = _code(world, booking)
    token = csrf_of(client.get(f"/t/{code}").get_data(as_text=True))
    body = {"csrf_token": token, "browser": "ok", "camera": "ok", "microphone": "ok"}
    statuses = [client.post(f"/t/{code}", data=body).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20  # app.RATE_LIMITS["web.preflight_result"]: 20 per minute
    assert statuses[20] == 429


def _preflight_audits(world: World, booking: Booking) -> int:
    with world.rt.store.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.booking_id == booking.id, AuditLog.action == "preflight")
            )
            or 0
        )


def test_the_citizens_checks_do_not_make_the_clerks_save_fail(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    booking = _teleconference(world)
    clerk = _clerk_headers(client, world, booking)
    loaded = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=clerk)["version"]
    code = _code(world, booking)
    for camera in ("denied", "missing", "ok"):  # three different results, a minute or more apart
        status, answer = _post(client, code, browser="ok", camera=camera, microphone="ok")
        assert status == 200 and answer["saved"] is True
        clock.advance(minutes=2)

    saved = call(
        client,
        "PUT",
        f"/api/v1/bookings/{booking.reference}/notes",
        200,
        headers=clerk,
        json={"notes": "Θα συνδεθεί από το κινητό.", "version": loaded},
    )
    assert saved["notes"] == "Θα συνδεθεί από το κινητό." and saved["preflight"]["camera"] == "ok"
    assert _preflight_audits(world, booking) == 3


def test_an_unchanged_result_or_one_within_a_minute_is_answered_without_a_write(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    booking = _teleconference(world)
    clerk = _clerk_headers(client, world, booking)
    code = _code(world, booking)
    status, first = _post(client, code, browser="ok", camera="ok", microphone="ok")
    assert status == 200 and first["saved"] is True
    cursor = call(client, "GET", "/api/v1/changes", 200, headers=clerk)["cursor"]

    clock.advance(minutes=5)
    status, same = _post(client, code, browser="ok", camera="ok", microphone="ok")
    assert status == 200 and same["saved"] is False and same["checked_at"] == first["checked_at"]

    clock.advance(minutes=5)
    status, changed = _post(client, code, browser="ok", camera="denied", microphone="ok")
    assert status == 200 and changed["saved"] is True
    clock.advance(seconds=30)
    status, soon = _post(client, code, browser="ok", camera="missing", microphone="ok")
    assert status == 200 and soon["saved"] is False

    view = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=clerk)
    assert view["preflight"]["camera"] == "denied"
    feed = call(client, "GET", f"/api/v1/changes?since={cursor}", 200, headers=clerk)["changes"]
    assert len([c for c in feed if c["reference"] == booking.reference]) == 1
    assert _preflight_audits(world, booking) == 2


def test_the_manage_page_of_a_teleconference_links_to_the_check(world: World, client: FlaskClient) -> None:
    """A citizen who lost the e-mail finds «test your connection» where they manage the booking."""
    video = _teleconference(world)
    in_person = create_booking(
        world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(3, 11), who=2
    ).booking

    def manage_page(booking: Booking) -> str:
        token = world.rt.manage_tokens.issue(booking.reference, booking.link_version)
        page = client.get(f"/manage/{booking.reference}?token={token}")
        assert page.status_code == 200
        return page.get_data(as_text=True)

    assert f'href="/t/{_code(world, video)}"' in manage_page(video)
    assert "/t/" not in manage_page(in_person)
    cancelled = world.rt.bookings.cancel(video.reference, Actor.citizen())
    assert "/t/" not in manage_page(cancelled)  # a cancelled booking takes no check
