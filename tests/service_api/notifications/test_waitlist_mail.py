"""The waitlist's offer e-mail over a real SMTP server: in the citizen's language, the time and until when it
is held, the links to confirm and to leave; no calendar invitation (a held time is not an appointment yet),
and none at all once the offer has ended before the runner sends it."""

from __future__ import annotations

from email.message import Message

from service_api.booking import staffing, waitlist
from service_api.booking.waitlist import Waiter, Wanted
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.domain.waitlist import PartOfDay
from service_api.jobs import JobRunner
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens


def _free_one_time(world: World) -> None:
    """On 3 December only clerk A takes teleconferences, at 09:00 only, which is free again."""
    rt, a = world.rt, world.staff["clerk_a"]
    staffing.add_absence(
        rt.bookings, Actor.system(), staff_id=world.staff["clerk_b"], start=athens(3, 0), end=athens(4, 0)
    )
    staffing.add_absence(rt.bookings, Actor.system(), staff_id=a, start=athens(3, 0), end=athens(3, 9))
    staffing.add_absence(rt.bookings, Actor.system(), staff_id=a, start=athens(3, 9, 30), end=athens(4, 0))
    taken = create_booking(
        rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(3, 9),
        mode=Mode.TELECONFERENCE,
        who=90,
    ).booking
    rt.bookings.cancel(taken.reference, Actor.citizen())


def _join(world: World, email: str, language: str) -> int:
    day = athens(3, 0).date()
    wanted = Wanted(world.service("cohabitation-agreement"), Mode.TELECONFERENCE, day, day, PartOfDay.ANY)
    waiter = Waiter(email=email, name="Jane Doe", language=language)
    return waitlist.join(world.rt.bookings, wanted, waiter).id


def _parts(message: Message) -> dict[str, str]:
    texts: dict[str, str] = {}
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            texts[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return texts


def test_the_offer_e_mail_goes_out_in_the_citizens_language_with_both_links(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    _free_one_time(world)
    entry_id = _join(world, "jane@example.org", "en")
    JobRunner.build(world.rt).run_once()
    [message] = [m for m in inbox.messages if m["To"] == "jane@example.org"]
    assert message["To"] == "jane@example.org"
    assert str(message["Subject"]).startswith("A time has freed up for you")
    parts = _parts(message)
    assert set(parts) == {"text/plain", "text/html"}  # no invitation: the time is only held
    plain, html = parts["text/plain"], parts["text/html"]
    assert "Thursday 3 December 2026, 09:00" in plain and "until 08:30" in plain
    for body, amp in ((plain, "&"), (html, "&amp;")):  # the pages open in the citizen's language
        assert f"http://dimos.test/waitlist/{entry_id}?lang=en{amp}token=" in body
        assert f"http://dimos.test/waitlist/{entry_id}/leave?lang=en{amp}token=" in body
        assert "/manage/" not in body  # a held time has no manage links yet
    assert "Confirm the appointment" in html and "Leave the waitlist" in html


def test_no_offer_e_mail_once_the_offer_has_ended(
    world: World, clock: Clock, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    _free_one_time(world)
    entry_id = _join(world, "late@example.org", "el")
    runner = JobRunner.build(world.rt)
    runner.maybe_offer_waitlist()  # the offer is made and queued...
    waitlist.leave(world.rt.bookings, entry_id)  # ...and given back before the e-mail goes
    runner.run_once()
    # The runner did send: the cancelled booking's e-mail went, the given-back offer's did not.
    assert [m["To"] for m in inbox.messages] == ["citizen90@example.org"]
