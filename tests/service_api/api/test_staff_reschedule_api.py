"""Rescheduling and cancelling from the desk (issue 15, front desk): who may, what the citizen hears,
and refusals that say why and change nothing."""

from __future__ import annotations

import weakref
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import icalendar
import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from service_api.booking import journal
from service_api.domain.kinds import ChangeEntity, ChangeOp, OutboxKind
from service_api.jobs import JobRunner
from service_api.models import Booking, Outbox, StaffQualification
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens

SERVICE = "transfer-of-registration"  # 15 minutes on a 30-minute grid, two hours' lead


def _book(client: FlaskClient, world: World, when: datetime, n: int = 1) -> dict[str, Any]:
    """A citizen's booking, as the supervisor sees it (its clerk, version and start)."""
    ref = book(client, 201, booking_body(world.service(SERVICE), when, n=n))["reference"]
    return _seen(client, ref)


_ADMIN: weakref.WeakKeyDictionary[FlaskClient, dict[str, str]] = (
    weakref.WeakKeyDictionary()
)  # logins are rate-limited


def _seen(client: FlaskClient, ref: str) -> dict[str, Any]:
    headers = _ADMIN.get(client)
    if headers is None:
        headers = _ADMIN[client] = login(client, "admin")
    seen: dict[str, Any] = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=headers)
    return seen


def _owner(world: World, booking: dict[str, Any]) -> str:
    return next(k for k, v in world.staff.items() if v == booking["staff"]["id"])


def _move(
    client: FlaskClient, ref: str, status: int, headers: dict[str, str], when: datetime, **extra: Any
) -> Any:
    body = {"start": when.isoformat(), **extra}
    return call(client, "POST", f"/api/v1/bookings/{ref}/reschedule", status, headers=headers, json=body)


def _outbox_kinds(world: World, ref: str) -> list[str]:
    with world.rt.store.read() as session:
        booking_id = session.scalar(select(Booking.id).where(Booking.reference == ref))
        return list(
            session.scalars(select(Outbox.kind).where(Outbox.booking_id == booking_id).order_by(Outbox.id))
        )


# ---------------------------------------------------------------- who may
@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("owner", True),
        ("other_clerk", False),
        ("supervisor", True),
        ("other_supervisor", False),
        ("admin", True),
    ],
)
def test_a_clerk_moves_their_own_bookings_and_supervisors_those_of_their_municipality(
    world: World, client: FlaskClient, who: str, allowed: bool
) -> None:
    booking = _book(client, world, athens(2, 9))
    owner = _owner(world, booking)
    username = {"owner": owner, "other_clerk": "clerk_b" if owner == "clerk_a" else "clerk_a"}.get(who, who)
    headers = login(client, username)
    if not allowed:
        refused = _move(client, booking["reference"], 404, headers, athens(2, 11))
        assert refused["error"] == "not_found"
        assert call(client, "POST", f"/api/v1/bookings/{booking['reference']}/cancel", 404, headers=headers)
        after = _seen(client, booking["reference"])
        assert (after["start"], after["status"], after["version"]) == (
            booking["start"],
            "confirmed",
            booking["version"],
        )
        return
    moved = _move(client, booking["reference"], 200, headers, athens(2, 11), version=booking["version"])
    assert moved["reference"] == booking["reference"]
    assert datetime.fromisoformat(moved["start"]) == athens(2, 11)
    assert moved["staff"]["id"] == booking["staff"]["id"]  # kept by its clerk
    assert moved["version"] == booking["version"] + 1
    cancelled = call(
        client,
        "POST",
        f"/api/v1/bookings/{booking['reference']}/cancel",
        200,
        headers=headers,
        json={"reason": "Ο πολίτης τηλεφώνησε"},
    )
    assert cancelled["status"] == "cancelled"


def test_letting_the_engine_choose_gives_the_time_to_a_free_qualified_clerk(
    world: World, client: FlaskClient
) -> None:
    booking = _book(client, world, athens(2, 9))
    owner = _owner(world, booking)
    # The owner is busy at 11:00 with another citizen; the others are free.
    other = book(client, 201, booking_body(world.service(SERVICE), athens(2, 11), n=2))["reference"]
    if _seen(client, other)["staff"]["id"] != booking["staff"]["id"]:
        supervisor = login(client, "supervisor")
        call(
            client,
            "POST",
            f"/api/v1/bookings/{other}/reassign",
            200,
            headers=supervisor,
            json={"staff_id": booking["staff"]["id"]},
        )
    headers = login(client, owner)
    refused = _move(client, booking["reference"], 409, headers, athens(2, 11))
    assert refused["error"] == "slot_unavailable"
    moved = _move(client, booking["reference"], 200, headers, athens(2, 11), keep_clerk=False)
    assert datetime.fromisoformat(moved["start"]) == athens(2, 11)
    assert moved["staff"]["id"] != booking["staff"]["id"]


# ---------------------------------------------------------------- refusals
def _unchanged(world: World, client: FlaskClient, before: dict[str, Any]) -> None:
    after = _seen(client, before["reference"])
    assert (after["start"], after["staff"]["id"], after["status"], after["version"]) == (
        before["start"],
        before["staff"]["id"],
        before["status"],
        before["version"],
    )
    assert _outbox_kinds(world, before["reference"]) == [OutboxKind.EMAIL_CONFIRMATION.value]


def test_refusals_say_why_and_change_nothing(world: World, client: FlaskClient, clock: Clock) -> None:
    booking = _book(client, world, athens(3, 9))
    ref, owner = booking["reference"], _owner(world, booking)
    headers = login(client, owner)
    # Another citizen of the same clerk at 10:00.
    taken = _book(client, world, athens(3, 10), n=2)
    if taken["staff"]["id"] != booking["staff"]["id"]:
        call(
            client,
            "POST",
            f"/api/v1/bookings/{taken['reference']}/reassign",
            200,
            headers=login(client, "supervisor"),
            json={"staff_id": booking["staff"]["id"]},
        )
    before = _seen(client, ref)

    assert _move(client, ref, 409, headers, athens(3, 10))["error"] == "slot_unavailable"
    _unchanged(world, client, before)
    off_grid = _move(client, ref, 422, headers, athens(3, 10, 10))
    assert off_grid["error"] == "time_not_offered" and "No appointment starts" in off_grid["message"]
    _unchanged(world, client, before)
    past = _move(client, ref, 422, headers, athens(1, 7))
    assert past["error"] == "time_not_offered" and "passed" in past["message"]
    _unchanged(world, client, before)
    stale = _move(client, ref, 409, headers, athens(3, 11), version=before["version"] + 1)
    assert stale["error"] == "version_conflict" and "changed meanwhile" in stale["message"]
    _unchanged(world, client, before)
    outside_hours = _move(client, ref, 422, headers, athens(3, 16))
    assert outside_hours["error"] == "time_not_offered"
    _unchanged(world, client, before)
    bad = call(
        client,
        "POST",
        f"/api/v1/bookings/{ref}/reschedule",
        422,
        headers=headers,
        json={"start": "2026-12-03T11:00:00"},  # no offset: which 11:00?
    )
    assert "start" in bad["fields"]
    _unchanged(world, client, before)

    clock.now = athens(3, 9, 5)  # it has started
    started = _move(client, ref, 422, headers, athens(3, 13))
    assert "already started" in started["message"]
    _unchanged(world, client, before)


def test_a_clerk_no_longer_qualified_is_told_so_and_keeps_nothing_moved(
    world: World, client: FlaskClient
) -> None:
    booking = _book(client, world, athens(2, 9))
    rt = world.rt
    with rt.bookings.transaction() as session:
        session.execute(
            delete(StaffQualification).where(
                StaffQualification.staff_id == booking["staff"]["id"],
                StaffQualification.service_id == world.service(SERVICE),
            )
        )
        journal.record_change(
            session,
            entity=ChangeEntity.STAFF,
            entity_id=booking["staff"]["id"],
            op=ChangeOp.UPDATED,
            municipality_id=booking["municipality_id"],
            staff_id=booking["staff"]["id"],
        )
    refused = _move(client, booking["reference"], 422, login(client, _owner(world, booking)), athens(2, 11))
    assert refused["error"] == "clerk_not_qualified" and "no longer serves" in refused["message"]
    _unchanged(world, client, booking)


@pytest.mark.parametrize("state", ["cancelled", "completed"])
def test_a_cancelled_or_completed_booking_is_not_moved(
    world: World, client: FlaskClient, clock: Clock, state: str
) -> None:
    booking = _book(client, world, athens(2, 10))
    ref, headers = booking["reference"], login(client, _owner(world, booking))
    if state == "cancelled":
        call(client, "POST", f"/api/v1/bookings/{ref}/cancel", 200, headers=headers, json={"reason": "x"})
    else:
        clock.now = athens(2, 10)
        call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 200, headers=headers)
        body = {"document_type": "identity_card", "name_matches": True}
        call(client, "POST", f"/api/v1/bookings/{ref}/identity", 200, headers=headers, json=body)
        outcome = {"outcome": "completed", "confirm_missing_documents": True}
        call(client, "POST", f"/api/v1/bookings/{ref}/outcome", 200, headers=headers, json=outcome)
        clock.now = athens(1, 8)  # back before the start: only the status refuses
    before = _seen(client, ref)
    refused = _move(client, ref, 409, headers, athens(4, 11))
    assert refused["error"] == ("booking_cancelled" if state == "cancelled" else "booking_closed")
    after = _seen(client, ref)
    assert (after["start"], after["status"], after["version"]) == (
        before["start"],
        before["status"],
        before["version"],
    )


# ---------------------------------------------------------------- what the citizen hears
@pytest.fixture
def mail(world: World, smtp: tuple[Inbox, int]) -> tuple[Inbox, JobRunner]:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    return inbox, JobRunner.build(world.rt)


def _subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _event(message: Message) -> tuple[icalendar.Calendar, icalendar.Event]:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes)
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, calendar.events[0]


def test_the_citizen_hears_of_a_desk_reschedule_as_of_their_own_and_of_the_cancellation(
    world: World, client: FlaskClient, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    own = book(client, 201, booking_body(world.service(SERVICE), athens(2, 9), n=1))
    desk = _book(client, world, athens(2, 9, 30), n=2)
    runner.run_once()
    inbox.messages.clear()

    # The citizen moves theirs with the manage link; the clerk moves the other from the desk.
    call(
        client,
        "PATCH",
        f"/api/v1/bookings/{own['reference']}",
        200,
        headers={"X-Manage-Token": own["manage_token"]},
        json={"start": athens(3, 11).isoformat()},
    )
    runner.run_once()
    _move(client, desk["reference"], 200, login(client, _owner(world, desk)), athens(3, 11, 30))
    runner.run_once()
    assert len(inbox.messages) == 2
    by_citizen, by_desk = inbox.messages
    assert _subject(by_desk) == _subject(by_citizen).replace(own["reference"], desk["reference"])
    assert [p.get_content_type() for p in by_desk.walk()] == [p.get_content_type() for p in by_citizen.walk()]
    (cal_c, ev_c), (cal_d, ev_d) = _event(by_citizen), _event(by_desk)
    assert str(cal_d["METHOD"]) == str(cal_c["METHOD"]) == "REQUEST"
    assert str(ev_d["UID"]) == f"{desk['reference']}@dimos.test"  # the same event, updated
    assert ev_d["SEQUENCE"] == ev_c["SEQUENCE"] == 1
    assert ev_d.decoded("DTSTART") == athens(3, 11, 30)

    call(
        client,
        "POST",
        f"/api/v1/bookings/{desk['reference']}/cancel",
        200,
        headers=login(client, _owner(world, desk)),
        json={"reason": "Ο πολίτης ζήτησε ακύρωση"},
    )
    runner.run_once()
    assert len(inbox.messages) == 3
    calendar, event = _event(inbox.messages[2])
    assert _subject(inbox.messages[2]).startswith("Ακύρωση")
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["UID"]) == f"{desk['reference']}@dimos.test"
    assert event["SEQUENCE"] == 2


def test_a_booking_without_an_email_address_sends_no_mail_when_moved_or_cancelled(
    world: World, client: FlaskClient, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    booking = _book(client, world, athens(2, 9))
    runner.run_once()
    inbox.messages.clear()
    with world.rt.bookings.transaction() as session:
        row = session.scalar(select(Booking).where(Booking.reference == booking["reference"]))
        assert row is not None
        row.citizen_email = ""  # a caller booked at the desk without an address
    headers = login(client, _owner(world, booking))
    _move(client, booking["reference"], 200, headers, athens(3, 11))
    call(
        client,
        "POST",
        f"/api/v1/bookings/{booking['reference']}/cancel",
        200,
        headers=headers,
        json={"reason": "phoned"},
    )
    assert _outbox_kinds(world, booking["reference"]) == [OutboxKind.EMAIL_CONFIRMATION.value]
    runner.run_once()
    assert inbox.messages == []


@pytest.mark.parametrize(
    "body",
    [None, {}, {"reason": ""}, {"reason": "   "}, {"reason": "a\nb"}, {"reason": 5}, {"reason": "x" * 201}],
)
def test_a_desk_cancel_without_a_plain_reason_is_refused_and_changes_nothing(
    world: World, client: FlaskClient, body: object
) -> None:
    """The reason is what the office tells a citizen who calls: required, one line of text."""
    booking = _book(client, world, athens(2, 10))
    ref, headers = booking["reference"], login(client, _owner(world, booking))
    kwargs = {} if body is None else {"json": body}
    status = 400 if body is None else 422  # no JSON body at all is a malformed request
    refusal = call(client, "POST", f"/api/v1/bookings/{ref}/cancel", status, headers=headers, **kwargs)
    assert body is None or "reason" in refusal["fields"], refusal
    assert _seen(client, ref)["status"] == "confirmed"
