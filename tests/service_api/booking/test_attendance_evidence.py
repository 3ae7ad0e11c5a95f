"""Attendance evidence (issue 18): after a Teams appointment, the job runner reads the meeting's attendance
report from Graph (the local Graph test server) and records whether the citizen joined; one who did not
becomes a no-show from that evidence. Both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.domain.rules import Mode
from service_api.jobs import JobRunner
from service_api.meetings.graph import GraphProvider
from service_api.models import AuditLog, Booking, BookingRescue
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
