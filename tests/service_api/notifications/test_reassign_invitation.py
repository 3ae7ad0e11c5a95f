"""A moved teleconference reaches the citizen as an updated invitation; other moves stay quiet."""

from __future__ import annotations

import email
from email.message import Message

import icalendar
import pytest

from service_api.booking.journal import Actor
from service_api.domain.rules import Mode
from service_api.jobs import JobRunner
from tests.helpers.factories import create_booking
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def mails(world: World) -> list[Message]:
    files = sorted(world.rt.config.outbox_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes()) for p in files]


def invitation(message: Message) -> icalendar.Event:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            calendar = icalendar.Calendar.from_ical(payload)
            return next(iter(calendar.walk("VEVENT")))
    raise AssertionError("no invitation")


def supervisor(world: World) -> Actor:
    return Actor("staff", world.staff["supervisor"], "supervisor", 1)


def test_a_moved_teleconference_sends_the_same_invitation_with_the_new_link(world: World) -> None:
    world.rt.config.meeting_provider = "teams-static"
    runner = JobRunner.build(world.rt)
    made = [
        create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(2, 10),
            mode=Mode.TELECONFERENCE,
            who=n,
        ).booking
        for n in range(1)
    ]
    booking = made[0]
    runner.run_once()
    first = invitation(mails(world)[-1])
    old_link = (
        "https://teams.example/a" if booking.staff_id == world.staff["clerk_a"] else "https://teams.example/b"
    )
    assert old_link in str(first["LOCATION"])
    target = world.staff["clerk_b"] if booking.staff_id == world.staff["clerk_a"] else world.staff["clerk_a"]
    world.rt.bookings.reassign(booking.reference, target, supervisor(world), reason="sick leave")
    runner.run_once()
    moved = invitation(mails(world)[-1])
    new_link = "https://teams.example/b" if target == world.staff["clerk_b"] else "https://teams.example/a"
    assert moved["UID"] == first["UID"]
    assert int(moved["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert new_link in str(moved["LOCATION"]) and new_link in str(moved["DESCRIPTION"])
    assert moved.decoded("DTSTART") == first.decoded("DTSTART")


def test_moving_an_in_person_booking_at_the_same_time_sends_nothing(world: World) -> None:
    runner = JobRunner.build(world.rt)
    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 10)
    ).booking
    runner.run_once()
    sent = len(mails(world))
    others = [s for k, s in world.staff.items() if k.startswith("clerk_") and s != booking.staff_id]
    world.rt.bookings.reassign(booking.reference, others[0], supervisor(world))
    runner.run_once()
    assert len(mails(world)) == sent
