"""E-mails with HTML and a calendar invitation over real SMTP (aiosmtpd on loopback); day-before reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.message import Message
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import vobject
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking.journal import Actor
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS
from service_api.jobs import REMINDER_KIND, JobRunner
from service_api.models import Booking, Outbox
from service_api.notifications.invitation import build_invitation
from service_api.notifications.mail import BookingMail
from tests.helpers.factories import create_booking
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens

LARISSA_ADDRESS = "Ιουστινιανού 2, 412 22 Λάρισα"


@pytest.fixture
def mail(world: World, smtp: tuple[Inbox, int]) -> tuple[Inbox, JobRunner]:
    """The inbox and a job runner that sends to it."""
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    return inbox, JobRunner.build(world.rt)


# ---------------------------------------------------------------- reading a received message
def _part(message: Message, content_type: str) -> Message:
    found = [p for p in message.walk() if p.get_content_type() == content_type]
    assert len(found) == 1, [p.get_content_type() for p in message.walk()]
    return found[0]


def _decoded(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


def _subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _text(message: Message) -> str:
    return _decoded(_part(message, "text/plain")).decode()


def _html(message: Message) -> str:
    return _decoded(_part(message, "text/html")).decode()


def _ics(message: Message) -> bytes:
    return _decoded(_part(message, "text/calendar"))


def _vobject(ics: bytes) -> Any:
    """The invitation read by vobject with its own VTIMEZONE, as a mail program reads it.

    vobject keeps the first VTIMEZONE it ever saw for a TZID for the rest of the process (for instance
    one from the clerk feed's tests): forget it, so that this document's own definition is the one used.
    """
    getattr(vobject.icalendar, "__tzidMap").pop("Europe/Athens", None)
    return vobject.readOne(ics.decode())


def _event(ics: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics)
    events = calendar.events
    assert len(events) == 1
    return calendar, events[0]


class _Links(HTMLParser):
    """Every ``<a href>`` of a document with its text, entities already decoded by the parser."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._text).strip(), self._href))
            self._href = None


def _links(html: str) -> dict[str, str]:
    parser = _Links()
    parser.feed(html)
    return dict(parser.links)


def _booking(world: World, booking_id: int) -> Booking:
    with world.rt.store.read() as session:
        booking = session.get(Booking, booking_id)
        assert booking is not None
        return booking


# ---------------------------------------------------------------- the tests
def test_confirmation_has_text_html_and_an_invitation_that_both_parsers_read(
    world: World, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    start = athens(2, 9)
    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=start
    ).booking
    runner.run_once()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]

    # multipart/mixed: [multipart/alternative: text, HTML, calendar], invite.ics
    assert message.get_content_type() == "multipart/mixed"
    alternative = message.get_payload(0)
    assert isinstance(alternative, Message) and alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == [  # type: ignore[union-attr]
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar_part = _part(message, "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    assert str(calendar_part.get_param("charset")).upper() == "UTF-8"
    attachment = _part(message, "application/ics")
    assert attachment.get_filename() == "invite.ics" and attachment.get_content_disposition() == "attachment"
    assert _decoded(attachment) == _ics(message)

    text = _text(message)
    assert booking.reference in text and "Τετάρτη 2 Δεκεμβρίου 2026, 09:00" in text
    assert "Europe/Athens, UTC+02:00" in text and LARISSA_ADDRESS in text

    html = _html(message)
    assert "Δήμος Λαρισαίων" in html and "background:#003476" in html
    assert booking.reference in html and "Απαραίτητα δικαιολογητικά" in html and "<li" in html
    links = _links(html)
    manage = links["Προγραμματισμός εκ νέου"].removesuffix("&action=reschedule")
    assert manage.startswith(f"http://dimos.test/manage/{booking.reference}?token=")
    assert links["Ακύρωση κράτησης"] == f"{manage}&action=cancel"
    assert links["Νέα κράτηση"] == "http://dimos.test/"
    assert "Συμμετοχή στη συνάντηση" not in html  # in person

    ics = _ics(message)
    calendar, event = _event(ics)
    assert calendar["METHOD"] == "REQUEST" and calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    assert str(event["UID"]) == f"{booking.reference}@dimos.test"
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == start and event.decoded("DTEND") == start + timedelta(minutes=15)
    assert event["DTSTART"].params["TZID"] == "Europe/Athens"
    assert event.decoded("DTSTAMP") == datetime(2026, 12, 1, 6, 0, tzinfo=UTC)  # the runner's clock
    assert str(event["ORGANIZER"]) == "mailto:info@larissa.gov.gr"
    assert event["ORGANIZER"].params["CN"] == "Δήμος Λαρισαίων"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:citizen1@example.org" and attendee.params["CN"] == "Πολίτης 1"
    assert (attendee.params["ROLE"], attendee.params["PARTSTAT"], attendee.params["RSVP"]) == (
        "REQ-PARTICIPANT",
        "NEEDS-ACTION",
        "FALSE",
    )
    assert str(event["LOCATION"]) == LARISSA_ADDRESS
    assert "Αίτηση για Μεταδημότευση" in str(event["SUMMARY"]) and "Δήμος Λαρισαίων" in str(event["SUMMARY"])
    assert booking.reference in str(event["DESCRIPTION"])

    parsed = _vobject(ics)
    assert parsed.method.value == "REQUEST"
    assert parsed.vevent.uid.value == f"{booking.reference}@dimos.test"
    assert parsed.vevent.dtstart.value == start
    assert parsed.vevent.dtstart.value.utcoffset() == timedelta(hours=2)
    assert parsed.vevent.dtend.value == start + timedelta(minutes=15)


def test_uid_stays_and_sequence_grows_from_confirmation_to_change_to_cancellation(
    world: World, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    rt = world.rt
    booking = create_booking(
        rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    ).booking
    runner.run_once()
    moved_to = athens(3, 11, 30)
    rt.bookings.reschedule(booking.reference, moved_to, Actor.citizen())
    runner.run_once()
    rt.bookings.cancel(booking.reference, Actor.citizen())
    runner.run_once()
    assert [_subject(m).split(" ")[0] for m in inbox.messages] == ["Επιβεβαίωση", "Αλλαγή", "Ακύρωση"]

    calendars = [_event(_ics(m)) for m in inbox.messages]
    assert {str(event["UID"]) for _, event in calendars} == {f"{booking.reference}@dimos.test"}
    assert [event["SEQUENCE"] for _, event in calendars] == [0, 1, 2]
    assert [str(calendar["METHOD"]) for calendar, _ in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [str(event["STATUS"]) for _, event in calendars] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert calendars[0][1].decoded("DTSTART") == athens(2, 9)
    assert calendars[1][1].decoded("DTSTART") == moved_to == calendars[2][1].decoded("DTSTART")
    for message in inbox.messages:  # vobject agrees
        parsed = _vobject(_ics(message))
        assert parsed.vevent.uid.value == f"{booking.reference}@dimos.test"
    assert _part(inbox.messages[2], "text/calendar").get_param("method") == "CANCEL"
    assert _vobject(_ics(inbox.messages[2])).vevent.status.value == "CANCELLED"

    changed = _text(inbox.messages[1])
    assert "Πέμπτη 3 Δεκεμβρίου 2026, 11:30" in changed
    cancelled_links = _links(_html(inbox.messages[2]))
    assert "Προγραμματισμός εκ νέου" not in cancelled_links and "Ακύρωση κράτησης" not in cancelled_links
    assert cancelled_links["Νέα κράτηση"] == "http://dimos.test/"


def test_teleconference_invitation_carries_the_join_link_and_the_html_its_button(
    world: World, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(2, 10),
        mode=Mode.TELECONFERENCE,
    ).booking
    runner.run_once()
    join = _booking(world, booking.id).meeting_url
    assert join.startswith("https://meet.jit.si/dimos-")
    assert len(inbox.messages) == 1
    message = inbox.messages[0]

    _, event = _event(_ics(message))
    assert str(event["LOCATION"]) == join and str(event["URL"]) == join
    assert join in str(event["DESCRIPTION"])
    parsed = _vobject(_ics(message))
    assert parsed.vevent.location.value == join and join in parsed.vevent.description.value

    html = _html(message)
    assert _links(html)["Συμμετοχή στη συνάντηση"] == join
    assert "background:#00703c" in html  # the prominent button
    assert "κάμερα και το μικρόφωνο" in html and "αστυνομική σας ταυτότητα ή το διαβατήριό" in html
    assert "ήσυχο χώρο" in html
    text = _text(message)
    assert f"Συμμετοχή στη συνάντηση: {join}" in text and "κάμερα" in text


def test_the_manage_link_of_the_email_opens_the_booking(
    world: World, mail: tuple[Inbox, JobRunner], client: FlaskClient
) -> None:
    inbox, runner = mail
    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    ).booking
    runner.run_once()
    link = urlsplit(_links(_html(inbox.messages[0]))["Ακύρωση κράτησης"])
    assert link.path == f"/manage/{booking.reference}"
    query = parse_qs(link.query)
    assert query["action"] == ["cancel"]
    token = query["token"][0]
    assert f"token={token}&action=reschedule" in _text(inbox.messages[0])

    response = client.get(f"/api/v1/bookings/{booking.reference}?token={token}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["reference"] == booking.reference
    assert client.get(f"/api/v1/bookings/{booking.reference}?token={token}x").status_code == 404


def test_html_escapes_what_the_citizen_typed(world: World, mail: tuple[Inbox, JobRunner]) -> None:
    inbox, runner = mail
    create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(2, 9),
        name='<script>alert("x")</script>',
    )
    runner.run_once()
    html = _html(inbox.messages[0])
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    _, event = _event(_ics(inbox.messages[0]))
    assert event["ATTENDEE"].params["CN"] == '<script>alert("x")</script>'


def test_english_email_for_an_english_booking(world: World, mail: tuple[Inbox, JobRunner]) -> None:
    inbox, runner = mail
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(2, 9),
        mode=Mode.TELECONFERENCE,
        language="en",
    ).booking
    runner.run_once()
    message = inbox.messages[0]
    assert _subject(message).startswith(f"Appointment confirmed {booking.reference}")
    text = _text(message)
    assert "Wednesday 2 December 2026, 09:00" in text and "Documents to bring" in text
    html = _html(message)
    assert '<html lang="en">' in html and "Tips for the video call" in html
    links = _links(html)
    assert {"Join the meeting", "Reschedule", "Cancel booking", "New booking"} <= set(links)
    assert "Ακύρωση" not in html
    _, event = _event(_ics(message))
    assert "Municipality" in str(event["SUMMARY"]) or "Larissa" in str(event["SUMMARY"])


def _mail(start: datetime, **overrides: Any) -> BookingMail:
    values: dict[str, Any] = {
        "kind": "email.confirmation",
        "reference": "K7Q2M9",
        "language": "el",
        "timezone": "Europe/Athens",
        "citizen_name": "Ελένη, Π.",
        "citizen_email": "eleni@example.org",
        "service_name": "Αίτηση για νέα παροχή",
        "mode": "in_person",
        "start": start,
        "end": start + timedelta(minutes=20),
        "documents": ["Ταυτότητα"],
        "meeting_url": "",
        "manage_url": "https://rantevou.example.gr/manage/K7Q2M9?token=t",
        "public_url": "https://rantevou.example.gr",
        "municipality_name": "Δήμος Λαρισαίων",
        "municipality_address": LARISSA_ADDRESS,
        "mail_from": "no-reply@example.gr",
    }
    values.update(overrides)
    return BookingMail(**values)


def test_build_invitation_is_pure_and_cancels_with_the_same_uid() -> None:
    start = datetime(2027, 7, 6, 9, 30, tzinfo=ATHENS)  # summer time, UTC+3
    now = datetime(2027, 7, 1, 12, 0, tzinfo=UTC)
    booking = _mail(start, kind="email.cancelled", sequence=4)
    ics = build_invitation(booking, now=now)
    assert ics == build_invitation(booking, now=now)
    assert b"\r\n" in ics and b"\n" not in ics.replace(b"\r\n", b"")
    calendar, event = _event(ics)
    assert (str(calendar["METHOD"]), str(event["STATUS"]), event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 4)
    assert str(event["UID"]) == "K7Q2M9@rantevou.example.gr"
    assert event.decoded("DTSTAMP") == now
    assert str(event["ORGANIZER"]) == "mailto:no-reply@example.gr"  # no municipality address: the sender
    parsed = _vobject(ics)
    assert parsed.vevent.dtstart.value == start and parsed.vevent.dtstart.value.utcoffset() == timedelta(
        hours=3
    )
    assert parsed.vevent.attendee.params["CN"] == ["Ελένη, Π."]


@pytest.mark.parametrize(
    "local",
    [
        datetime(2026, 12, 2, 9, 0),
        datetime(2027, 3, 26, 13, 0),  # the Friday before summer time
        datetime(2027, 3, 29, 8, 0),  # the Monday after
        datetime(2027, 7, 6, 9, 30),
        datetime(2027, 10, 29, 13, 30),  # the Friday before winter time
        datetime(2027, 11, 1, 8, 0),
        datetime(2031, 3, 31, 8, 0),  # the last Sunday of March 2031 is the 30th
        datetime(2035, 10, 26, 8, 0),
    ],
)
def test_the_invitation_time_zone_gives_the_booked_instant_in_every_season(local: datetime) -> None:
    start = local.replace(tzinfo=ATHENS)
    ics = build_invitation(_mail(start), now=datetime(2026, 12, 1, tzinfo=UTC))
    _, event = _event(ics)
    assert event.decoded("DTSTART") == start
    # vobject resolves the time through the VTIMEZONE written in the invitation, as mail programs do.
    parsed = _vobject(ics).vevent.dtstart.value
    assert parsed == start and parsed.utcoffset() == start.utcoffset()


def test_an_event_in_a_zone_without_a_written_vtimezone_is_in_utc() -> None:
    start = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
    ics = build_invitation(_mail(start, event_timezone="Europe/Lisbon"), now=start)
    calendar, event = _event(ics)
    assert b"DTSTART:20270105T090000Z" in ics and not calendar.walk("VTIMEZONE")
    assert event.decoded("DTSTART") == start == _vobject(ics).vevent.dtstart.value


def _reminders(world: World) -> list[tuple[int | None, dict[str, Any], str, datetime]]:
    with world.rt.store.read() as session:
        rows = session.scalars(select(Outbox).where(Outbox.kind == REMINDER_KIND).order_by(Outbox.id))
        return [(r.booking_id, dict(r.payload), r.status, r.next_attempt_at) for r in rows]


def test_reminders_are_queued_once_for_tomorrows_bookings_only(
    world: World, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    rt = world.rt
    service = world.service("transfer-of-registration")
    # Made on Tuesday 1 December.
    thursday = create_booking(rt.bookings, service_id=service, start=athens(3, 9)).booking
    friday = create_booking(rt.bookings, service_id=service, start=athens(4, 9), who=2).booking
    dropped = create_booking(rt.bookings, service_id=service, start=athens(3, 10), who=3).booking
    rt.bookings.cancel(dropped.reference, Actor.citizen())
    runner.run_once()
    assert runner.schedule_reminders() == 0  # nothing is tomorrow yet
    inbox.messages.clear()

    rt.bookings.clock.advance(days=1)  # type: ignore[attr-defined]  # Wednesday 2 December, 08:00
    made_today = create_booking(rt.bookings, service_id=service, start=athens(3, 11), who=4).booking
    assert runner.schedule_reminders() == 1
    assert runner.schedule_reminders() == 0  # not twice
    runner.run_once()  # its own check finds nothing new; and the reminder is due only at 09:00
    assert _reminders(world) == [
        (thursday.id, {"sequence": 0}, "pending", athens(2, 9).astimezone(UTC)),
    ]
    assert [_subject(m) for m in inbox.messages] == [
        f"Επιβεβαίωση ραντεβού {made_today.reference} – Δήμος Λαρισαίων"
    ]
    inbox.messages.clear()

    rt.bookings.clock.advance(hours=1)  # type: ignore[attr-defined]
    runner.run_once()
    assert len(inbox.messages) == 1
    reminder = inbox.messages[0]
    assert _subject(reminder) == f"Υπενθύμιση ραντεβού αύριο {thursday.reference} – Δήμος Λαρισαίων"
    assert reminder["To"] == "citizen1@example.org"
    text = _text(reminder)
    assert "Πέμπτη 3 Δεκεμβρίου 2026, 09:00" in text and "Απαραίτητα δικαιολογητικά" in text
    assert f"http://dimos.test/manage/{thursday.reference}?token=" in text
    assert "Προγραμματισμός εκ νέου" in _links(_html(reminder))
    assert not [p for p in reminder.walk() if p.get_content_type() == "text/calendar"]
    assert [status for *_, status, _ in _reminders(world)] == ["done"]

    # Moved to another hour of tomorrow: reminded once more, of the new time.
    rt.bookings.reschedule(thursday.reference, athens(3, 12), Actor.citizen())
    assert runner.schedule_reminders() == 1
    assert runner.schedule_reminders() == 0
    assert [(b, p) for b, p, *_ in _reminders(world)] == [
        (thursday.id, {"sequence": 0}),
        (thursday.id, {"sequence": 1}),
    ]

    rt.bookings.clock.advance(days=1)  # type: ignore[attr-defined]  # Thursday: Friday's turn
    assert runner.schedule_reminders() == 1
    assert _reminders(world)[-1][:2] == (friday.id, {"sequence": 0})
    assert runner.schedule_reminders() == 0
    assert dropped.id not in {b for b, *_ in _reminders(world)}
    assert made_today.id not in {b for b, *_ in _reminders(world)}


def test_a_queued_reminder_is_dropped_when_the_booking_is_cancelled(
    world: World, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    rt = world.rt
    booking = create_booking(
        rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(3, 9)
    ).booking
    runner.run_once()
    rt.bookings.clock.advance(days=1, hours=2)  # type: ignore[attr-defined]  # Wednesday 10:00
    assert runner.schedule_reminders() == 1
    rt.bookings.cancel(booking.reference, Actor.citizen())
    runner.run_once()
    subjects = [_subject(m).split(" ")[0] for m in inbox.messages]
    assert subjects == ["Επιβεβαίωση", "Ακύρωση"]  # no reminder of a cancelled appointment
    assert [status for *_, status, _ in _reminders(world)] == ["done"]


def test_a_confirmation_still_queued_when_the_booking_is_cancelled_is_not_sent(
    world: World, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(3, 9)
    ).booking
    world.rt.bookings.cancel(booking.reference, Actor.citizen())
    runner.run_once()
    # Only the cancellation: an invitation (REQUEST) after the fact would put the event back.
    assert [_subject(m).split(" ")[0] for m in inbox.messages] == ["Ακύρωση"]
    assert str(_event(_ics(inbox.messages[0]))[0]["METHOD"]) == "CANCEL"
