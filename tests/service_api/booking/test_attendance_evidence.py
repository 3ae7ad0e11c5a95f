"""Attendance evidence (issue 18): after a Teams appointment, the job runner reads the meeting's attendance
report from Graph (the local Graph test server) and records whether the citizen joined; one who did not
becomes a no-show from that evidence. Both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking import attendance
from service_api.domain.no_show import AttendeeRecord
from service_api.domain.rules import Mode
from service_api.jobs import JobRunner
from service_api.meetings.graph import GraphProvider
from service_api.models import AuditLog, Booking, BookingRescue, ChangeLog
from service_api.notifications.mailer import Mailer
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.graph_server import CLIENT_ID, CLIENT_SECRET, GraphTestServer
from tests.helpers.http import call, login
from tests.helpers.world import World, athens

START = athens(2, 9)  # 15 minutes: ends 09:15; the report is asked for from 09:25


@pytest.fixture
def graph() -> Iterator[GraphTestServer]:
    with GraphTestServer() as server:
        yield server


def _runner(world: World, graph: GraphTestServer) -> JobRunner:
    provider = GraphProvider(graph.token_url, CLIENT_ID, CLIENT_SECRET, graph.url, sleep=lambda _: None)
    return JobRunner(world.rt, provider, Mailer("", world.rt.config.outbox_dir))


def _teams_booking(world: World, graph: GraphTestServer) -> Booking:
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=START,
        mode=Mode.TELECONFERENCE,
    ).booking
    _runner(world, graph).run_once()  # the meeting is made in the clerk's calendar
    return _stored(world, booking.id)


def _stored(world: World, booking_id: int) -> Booking:
    with world.rt.store.read() as session:
        booking = session.get(Booking, booking_id)
        assert booking is not None
        session.expunge_all()
        return booking


def _rescue(world: World, booking_id: int) -> BookingRescue | None:
    with world.rt.store.read() as session:
        record = session.get(BookingRescue, booking_id)
        session.expunge_all()
        return record


def _clerk_record(graph: GraphTestServer) -> dict[str, object]:
    return graph.attendance_record(
        email="a@dimos.test", name="Clerk A", seconds=900, joined="2026-12-02T07:00:05Z", role="Organizer"
    )


def _reads_of_records(graph: GraphTestServer) -> int:
    return sum(1 for _m, path in graph.requests if path.endswith("/attendanceRecords"))


def test_a_citizen_who_joined_is_recorded_with_the_evidence(
    world: World, graph: GraphTestServer, clock: Clock, client: FlaskClient
) -> None:
    booking = _teams_booking(world, graph)
    assert booking.meeting_url.startswith("https://teams.microsoft.com/")
    graph.attend(
        booking.meeting_url,
        [
            _clerk_record(graph),
            # A guest from the browser: matched by display name, whatever its case and spacing.
            graph.attendance_record(email="", name="πολίτης  1", seconds=640, joined="2026-12-02T07:01:30Z"),
        ],
    )
    clock.now = athens(2, 9, 20)
    _runner(world, graph).run_once()
    assert _reads_of_records(graph) == 0  # not before ten minutes after the end
    clock.now = athens(2, 9, 26)
    _runner(world, graph).run_once()
    stored, record = _stored(world, booking.id), _rescue(world, booking.id)
    assert stored.status == "confirmed"
    assert record is not None and record.attendance == "joined" and record.attended_seconds == 640
    assert record.joined_at is not None and record.joined_at.isoformat() == "2026-12-02T07:01:30+00:00"
    headers = login(client, next(n for n, i in world.staff.items() if i == stored.staff_id))
    panel = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=headers)
    assert panel["rescue"]["attendance"] == "joined" and panel["rescue"]["attended_seconds"] == 640


def test_a_citizen_who_did_not_join_becomes_a_no_show_from_the_evidence(
    world: World, graph: GraphTestServer, clock: Clock
) -> None:
    booking = _teams_booking(world, graph)
    graph.attend(booking.meeting_url, [_clerk_record(graph)])
    clock.now = athens(2, 9, 26)
    _runner(world, graph).run_once()
    stored = _stored(world, booking.id)
    assert stored.status == "no_show" and stored.outcome == "no_show"
    assert "attendance report" in stored.outcome_note
    record = _rescue(world, booking.id)
    assert record is not None and record.attendance == "absent"
    with world.rt.store.read() as session:
        audits = list(session.scalars(select(AuditLog).where(AuditLog.booking_id == booking.id)))
    outcome = next(a for a in audits if a.action == "outcome")
    assert outcome.actor_kind == "system" and outcome.details["evidence"] == "attendance_report"


def test_a_report_not_ready_yet_is_asked_for_again_later(
    world: World, graph: GraphTestServer, clock: Clock
) -> None:
    booking = _teams_booking(world, graph)
    clock.now = athens(2, 9, 26)
    _runner(world, graph).run_once()
    record = _rescue(world, booking.id)
    assert record is not None and record.attendance == "" and record.attendance_attempts == 1
    assert _stored(world, booking.id).status == "confirmed"
    graph.attend(booking.meeting_url, [_clerk_record(graph)])
    clock.now = athens(2, 9, 28)
    _runner(world, graph).run_once()
    assert _reads_of_records(graph) == 0  # waits its five minutes
    clock.now = athens(2, 9, 32)
    _runner(world, graph).run_once()
    assert _stored(world, booking.id).status == "no_show"


def test_graph_down_then_back(world: World, graph: GraphTestServer, clock: Clock) -> None:
    booking = _teams_booking(world, graph)
    graph.attend(
        booking.meeting_url,
        [
            graph.attendance_record(
                email="citizen1@example.org", name="X", seconds=60, joined="2026-12-02T07:02:00Z"
            )
        ],
    )
    graph.fail_next(503, count=4)  # every inline attempt of the first pass
    clock.now = athens(2, 9, 26)
    _runner(world, graph).run_once()
    record = _rescue(world, booking.id)
    assert record is not None and record.attendance == "" and "503" in record.attendance_error
    clock.now = athens(2, 9, 32)
    _runner(world, graph).run_once()
    record = _rescue(world, booking.id)
    assert record is not None and record.attendance == "joined" and record.attendance_error == ""


def test_two_runners_ask_graph_once_and_the_clerks_outcome_stands(
    world: World, graph: GraphTestServer, clock: Clock, client: FlaskClient
) -> None:
    first = _teams_booking(world, graph)
    second = create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=START,
        mode=Mode.TELECONFERENCE,
        who=2,
    ).booking
    _runner(world, graph).run_once()
    second = _stored(world, second.id)
    for booking in (first, second):
        graph.attend(booking.meeting_url, [_clerk_record(graph)])
    # The clerk closed the second one at the desk already: the evidence must not overwrite it.
    clock.now = athens(2, 9, 3)
    headers = login(client, next(n for n, i in world.staff.items() if i == second.staff_id))
    call(client, "POST", f"/api/v1/bookings/{second.reference}/check-in", 200, headers=headers)
    clock.now = athens(2, 9, 26)
    runners = [_runner(world, graph), _runner(world, graph)]
    for runner in runners:
        runner.run_once()
    assert _reads_of_records(graph) == 1
    assert _stored(world, first.id).status == "no_show"
    assert _stored(world, second.id).status == "checked_in"


def _audits(world: World, booking_id: int) -> list[AuditLog]:
    with world.rt.store.read() as session:
        audits = list(session.scalars(select(AuditLog).where(AuditLog.booking_id == booking_id)))
        session.expunge_all()
        return audits


def _feed_rows(world: World, booking_id: int) -> int:
    with world.rt.store.read() as session:
        rows = session.scalars(
            select(ChangeLog.seq).where(ChangeLog.entity == "booking", ChangeLog.entity_id == booking_id)
        )
        return len(list(rows))


def test_a_guest_who_typed_the_name_without_accents_is_the_citizen(
    world: World, graph: GraphTestServer, clock: Clock
) -> None:
    booking = _teams_booking(world, graph)
    guest = graph.attendance_record(email="", name="ΠΟΛΙΤΗΣ 1", seconds=700, joined="2026-12-02T07:01:00Z")
    graph.attend(booking.meeting_url, [_clerk_record(graph), guest])
    clock.now = athens(2, 9, 26)
    _runner(world, graph).run_once()
    record = _rescue(world, booking.id)
    assert record is not None and record.attendance == "joined" and record.attended_seconds == 700
    assert _stored(world, booking.id).status == "confirmed"


def test_an_unmatched_guest_leaves_the_outcome_to_the_clerk(
    world: World, graph: GraphTestServer, clock: Clock, client: FlaskClient
) -> None:
    booking = _teams_booking(world, graph)
    graph.attend(
        booking.meeting_url,
        [
            _clerk_record(graph),
            # A colleague who sat in: known staff, never taken for the citizen nor for a guest.
            graph.attendance_record(
                email="b@dimos.test", name="Clerk B", seconds=300, joined="2026-12-02T07:00:10Z"
            ),
            # Latin letters instead of Greek: perhaps the citizen, perhaps not — not for a machine to say.
            graph.attendance_record(email="", name="Politis 1", seconds=610, joined="2026-12-02T07:01:00Z"),
        ],
    )
    clock.now = athens(2, 9, 26)
    _runner(world, graph).run_once()
    stored, record = _stored(world, booking.id), _rescue(world, booking.id)
    assert stored.status == "confirmed" and stored.outcome in (None, "")
    assert record is not None and record.attendance == "unclear" and record.attended_seconds == 610
    unclear = next(a for a in _audits(world, booking.id) if a.action == "attendance_unclear")
    assert unclear.details == {"guests": 1, "seconds": 610}  # counted; the guest's name is not kept
    assert not any(a.action == "outcome" for a in _audits(world, booking.id))
    headers = login(client, next(n for n, i in world.staff.items() if i == stored.staff_id))
    panel = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=headers)
    assert panel["rescue"]["attendance"] == "unclear" and panel["status"] == "confirmed"
    # The clerk decides.
    call(
        client,
        "POST",
        f"/api/v1/bookings/{booking.reference}/outcome",
        200,
        json={"outcome": "no_show", "note": ""},
        headers=headers,
    )


def test_a_graph_read_that_outlasts_its_claim_writes_nothing_twice(
    world: World, graph: GraphTestServer, clock: Clock
) -> None:
    booking = _teams_booking(world, graph)
    absent = [
        AttendeeRecord(email="a@dimos.test", name="Clerk A", role="Organizer", seconds=900, first_join=None)
    ]
    clock.now = athens(2, 9, 26)
    feed_before = _feed_rows(world, booking.id)

    def second_runner(_meeting: str, _url: str) -> list[AttendeeRecord]:
        return absent

    def slow_first_runner(_meeting: str, _url: str) -> list[AttendeeRecord]:
        # Graph answers after the claim ran out; meanwhile a second runner claimed and wrote it.
        clock.now = athens(2, 9, 32)
        assert attendance.check_round(world.rt.bookings, second_runner) == 1
        return absent

    assert attendance.check_round(world.rt.bookings, slow_first_runner) == 0
    actions = [a.action for a in _audits(world, booking.id)]
    assert actions.count("attendance_absent") == 1 and actions.count("outcome") == 1
    assert _feed_rows(world, booking.id) == feed_before + 1  # one change-feed row, not two
    assert _stored(world, booking.id).status == "no_show"
