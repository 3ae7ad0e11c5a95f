"""Covering an absence: the fair plan (pure), preview, all-or-nothing apply, offers of new times, roles."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service_api.booking.journal import Actor
from service_api.domain.availability import Busy, Interval, ServiceRules, StaffCalendar, WorkingPeriod
from service_api.domain.reallocation import (
    ALL_QUALIFIED_BUSY,
    NO_QUALIFIED_COLLEAGUE,
    BookingToMove,
    CoverCandidate,
    plan_cover,
    spread,
)
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS
from service_api.jobs import JobRunner
from service_api.models import AuditLog, Booking, ChangeLog, Outbox, Staff, StaffQualification
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.world import World, athens

COHAB, TRANSFER, REVENUE = "cohabitation-agreement", "transfer-of-registration", "change-property-use-rate"
RANGE = {"start": athens(2, 0).isoformat(), "end": athens(4, 0).isoformat()}


# ---------------------------------------------------------------- the pure planner

PLAN = [WorkingPeriod(d, time(8), time(14)) for d in range(5)]
RULES = {1: ServiceRules(duration_minutes=15, slot_interval_minutes=15)}


def _move(n: int, start: datetime, mode: str = "in_person", service_id: int = 1) -> BookingToMove:
    return BookingToMove(
        f"REF-{n:04d}", service_id, mode, start, start + timedelta(minutes=15), version=1, from_staff_id=99
    )


def _candidate(staff_id: int, modes: tuple[str, ...] = ("in_person", "teleconference"), **kw: Any) -> Any:
    return CoverCandidate(
        StaffCalendar(staff_id, PLAN, kw.get("absences", ()), kw.get("busy", ())),
        frozenset((1, m) for m in modes),
        kw.get("load", 0),
    )


def test_plan_spreads_fairly_keeps_modes_and_never_places_twice() -> None:
    moves = [_move(n, athens(2, 8) + timedelta(minutes=15 * n)) for n in range(12)]
    moves += [_move(100, athens(2, 12), "teleconference")]
    candidates = [_candidate(1), _candidate(2, ("in_person",)), _candidate(3, load=4)]
    plan = plan_cover(moves, candidates, zone=ATHENS, rules=RULES)
    assert not plan.unplaced
    # Least loaded first, loads updated as it goes, ties to the lowest id: 1 and 2 take turns until
    # they reach clerk 3's 4, then 1, 2, 3, 1; the teleconference skips in-person-only clerk 2.
    assert [a.to_staff_id for a in plan.assignments] == [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 3, 1, 3]
    assert plan.loads == {1: 6, 2: 5, 3: 6}
    assert spread(plan) == {1: 6, 2: 5, 3: 2}
    # The same plan every time.
    assert plan == plan_cover(list(reversed(moves)), list(reversed(candidates)), zone=ATHENS, rules=RULES)


def test_plan_lists_what_it_cannot_place_with_the_reason() -> None:
    busy = (Busy(athens(2, 9), athens(2, 9, 15)),)
    moves = [
        _move(1, athens(2, 9)),  # the only colleague is busy then
        _move(2, athens(2, 9, 30), service_id=2),  # nobody serves service 2
        _move(3, athens(2, 15)),  # after working hours
        _move(4, athens(2, 10)),  # the colleague is absent then
        _move(5, athens(8, 9)),  # a closing day
        _move(6, athens(2, 11, 5)),  # off the 15-minute grid
        _move(7, athens(2, 11, 30)),
    ]
    absence = (Interval(athens(2, 10), athens(2, 10, 30)),)
    plan = plan_cover(
        moves,
        [_candidate(1, busy=busy, absences=absence)],
        zone=ATHENS,
        rules=RULES,
        closed_days=[date(2026, 12, 8)],
    )
    reasons = {u.reference: u.reason for u in plan.unplaced}
    assert reasons == {
        "REF-0001": ALL_QUALIFIED_BUSY,
        "REF-0002": NO_QUALIFIED_COLLEAGUE,
        "REF-0003": ALL_QUALIFIED_BUSY,
        "REF-0004": ALL_QUALIFIED_BUSY,
        "REF-0005": ALL_QUALIFIED_BUSY,
        "REF-0006": ALL_QUALIFIED_BUSY,
    }
    assert [a.reference for a in plan.assignments] == ["REF-0007"]


def test_overlapping_bookings_of_several_clerks_leave_the_scarce_colleague_to_the_scarce_mode() -> None:
    # Two absent clerks both had 09:00: the teleconference can only go to clerk 1, so it goes first.
    in_person = BookingToMove("A-IN", 1, "in_person", athens(2, 9), athens(2, 9, 15), from_staff_id=98)
    tele = BookingToMove("B-TELE", 1, "teleconference", athens(2, 9), athens(2, 9, 15), from_staff_id=99)
    plan = plan_cover(
        [in_person, tele], [_candidate(1), _candidate(2, ("in_person",), load=5)], zone=ATHENS, rules=RULES
    )
    assert plan.targets() == {"B-TELE": 1, "A-IN": 2}


def test_buffers_are_respected_when_placing_one_after_another() -> None:
    rules = {1: ServiceRules(duration_minutes=15, slot_interval_minutes=15, buffer_after_minutes=10)}
    moves = [
        BookingToMove("X-1", 1, "in_person", athens(2, 9), athens(2, 9, 15), 0, 10, from_staff_id=98),
        BookingToMove("X-2", 1, "in_person", athens(2, 9, 15), athens(2, 9, 30), 0, 10, from_staff_id=99),
    ]
    plan = plan_cover(moves, [_candidate(1)], zone=ATHENS, rules=rules)
    assert plan.targets() == {"X-1": 1}
    assert [u.reason for u in plan.unplaced] == [ALL_QUALIFIED_BUSY]


# ---------------------------------------------------------------- through the service and the API


def _book_on(
    world: World, clerk: str, slug: str, start: datetime, who: int, mode: Mode = Mode.IN_PERSON
) -> str:
    booking = create_booking(
        world.rt.bookings, service_id=world.service(slug), start=start, mode=mode, who=who
    ).booking
    if booking.staff_id != world.staff[clerk]:
        world.rt.bookings.reassign(booking.reference, world.staff[clerk], Actor.system(), reason="set-up")
    return booking.reference


def _absence_scenario(world: World) -> dict[str, str]:
    """Clerk A is away on Wednesday 2 and Thursday 3 December with seven bookings."""
    revenue = world.service(REVENUE)
    with world.rt.bookings.transaction() as session:
        session.add(StaffQualification(staff_id=world.staff["clerk_a"], service_id=revenue))
    refs = {
        "wed_0900_tele": _book_on(world, "clerk_a", COHAB, athens(2, 9), 1, Mode.TELECONFERENCE),
        "wed_0930": _book_on(world, "clerk_a", COHAB, athens(2, 9, 30), 2),
        "wed_1000": _book_on(world, "clerk_a", TRANSFER, athens(2, 10), 3),
        "wed_1030": _book_on(world, "clerk_a", COHAB, athens(2, 10, 30), 4),
        "thu_0900": _book_on(world, "clerk_a", COHAB, athens(3, 9), 5),
        "thu_1100_tele": _book_on(world, "clerk_a", COHAB, athens(3, 11), 6, Mode.TELECONFERENCE),
        "thu_1200_revenue": _book_on(world, "clerk_a", REVENUE, athens(3, 12), 7),
    }
    _book_on(world, "clerk_b", TRANSFER, athens(3, 11), 8)  # clerk B is busy at Thursday 11:00
    return refs


def _preview(client: FlaskClient, world: World, headers: dict[str, str]) -> dict[str, Any]:
    url = f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan"
    result: dict[str, Any] = call(client, "POST", url, 200, headers=headers, json=RANGE)
    return result


def _apply_body(plan: dict[str, Any]) -> dict[str, Any]:
    return {
        **RANGE,
        "assignments": [
            {"reference": a["reference"], "version": a["version"], "to_staff_id": a["to_staff_id"]}
            for a in plan["assignments"]
        ],
    }


def _owners(world: World, refs: list[str]) -> dict[str, tuple[int, int]]:
    with world.rt.store.read() as session:
        rows = session.execute(
            select(Booking.reference, Booking.staff_id, Booking.version).where(Booking.reference.in_(refs))
        )
        return {ref: (staff_id, version) for ref, staff_id, version in rows}


def test_a_two_day_absence_is_covered_fairly_and_by_mode(world: World, client: FlaskClient) -> None:
    refs = _absence_scenario(world)
    boss = login(client, "supervisor")
    call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/absences",
        201,
        headers=boss,
        json={**RANGE, "reason": "sick leave"},
    )
    plan = _preview(client, world, boss)
    b, c = world.staff["clerk_b"], world.staff["clerk_c"]
    targets = {a["reference"]: a["to_staff_id"] for a in plan["assignments"]}
    # Loads over the two days start at B 1, C 0 and are updated as the plan places; ties go to B.
    assert targets == {
        refs["wed_0900_tele"]: b,  # teleconference: only B
        refs["wed_0930"]: c,
        refs["wed_1000"]: c,
        refs["wed_1030"]: b,
        refs["thu_0900"]: c,
    }
    assert {entry["staff_id"]: entry["load"] for entry in plan["loads"]} == {b: 3, c: 3}
    assert all(a["from_staff_id"] == world.staff["clerk_a"] for a in plan["assignments"])
    first = plan["assignments"][0]
    assert first == {
        "reference": refs["wed_0900_tele"],
        "version": first["version"],
        "from_staff_id": world.staff["clerk_a"],
        "to_staff_id": b,
        "start": "2026-12-02T09:00:00+02:00",
        "end": "2026-12-02T09:15:00+02:00",
        "mode": "teleconference",
        "service_id": world.service(COHAB),
    }
    assert {u["reference"]: u["reason"] for u in plan["unplaced"]} == {
        refs["thu_1100_tele"]: "all qualified colleagues busy",  # B is busy, C serves in person only
        refs["thu_1200_revenue"]: "no qualified colleague",
    }
    # A preview writes nothing.
    assert all(owner == world.staff["clerk_a"] for owner, _ in _owners(world, list(refs.values())).values())


def test_apply_moves_everything_at_once_and_the_feeds_follow(world: World, client: FlaskClient) -> None:
    refs = _absence_scenario(world)
    world.rt.config.meeting_provider = "teams-static"  # the meeting follows the clerk
    boss = login(client, "supervisor")
    clerks = {name: login(client, name) for name in ("clerk_a", "clerk_b", "clerk_c")}
    cursors = {
        name: call(client, "GET", "/api/v1/changes", 200, headers=h)["cursor"] for name, h in clerks.items()
    }
    with world.rt.store.read() as session:
        outbox_before = session.scalar(select(func.max(Outbox.id))) or 0
    plan = _preview(client, world, boss)
    moved = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan/apply",
        200,
        headers=boss,
        json=_apply_body(plan),
    )["moved"]
    targets = {a["reference"]: a["to_staff_id"] for a in plan["assignments"]}
    assert {m["reference"]: m["staff"]["id"] for m in moved} == targets
    owners = _owners(world, list(refs.values()))
    for ref, staff_id in targets.items():
        assert owners[ref][0] == staff_id
    assert owners[refs["thu_1100_tele"]][0] == world.staff["clerk_a"]  # the unplaced stay put

    feeds = {
        name: call(client, "GET", f"/api/v1/changes?since={cursors[name]}", 200, headers=h)["changes"]
        for name, h in clerks.items()
    }
    tombstones = {c["reference"] for c in feeds["clerk_a"] if c["op"] == "removed" and c["booking"] is None}
    assert tombstones == set(targets)
    for name in ("clerk_b", "clerk_c"):
        upserts = {c["reference"] for c in feeds[name] if c["op"] == "upsert"}
        assert upserts == {r for r, s in targets.items() if s == world.staff[name]}

    with world.rt.store.read() as session:
        audits = session.scalars(select(AuditLog).where(AuditLog.action == "reassigned")).all()
        cover_audits = [a for a in audits if a.details.get("reason") == "cover absence"]
        assert len(cover_audits) == len(targets)
        assert {a.details["from_staff"] for a in cover_audits} == {world.staff["clerk_a"]}
        changes = session.scalars(
            select(ChangeLog).where(ChangeLog.previous_staff_id == world.staff["clerk_a"])
        ).all()
        assert len({c.entity_id for c in changes}) == len(targets)
        jobs = session.execute(
            select(Outbox.kind, Booking.reference)
            .join(Booking, Booking.id == Outbox.booking_id)
            .where(Outbox.id > outbox_before)
        ).all()
    # Only the teleconference booking changes meeting (teams-static: the new clerk's link) and mails.
    assert sorted(jobs) == [
        ("email.rescheduled", refs["wed_0900_tele"]),
        ("meeting.update", refs["wed_0900_tele"]),
    ]


def test_a_booking_changed_since_the_preview_makes_apply_fail_with_nothing_moved(
    world: World, client: FlaskClient
) -> None:
    refs = _absence_scenario(world)
    boss = login(client, "supervisor")
    plan = _preview(client, world, boss)
    # The citizen moves one appointment an hour later between preview and apply.
    world.rt.bookings.reschedule(refs["wed_1000"], athens(2, 11), Actor.citizen())
    before = _owners(world, list(refs.values()))
    with world.rt.store.read() as session:
        seq_before = session.scalar(select(func.max(ChangeLog.seq)))
    refused = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan/apply",
        409,
        headers=boss,
        json=_apply_body(plan),
    )
    assert refused["error"] == "version_conflict"
    assert refs["wed_1000"] in refused["message"] and refs["wed_1000"] in refused["fields"]
    assert _owners(world, list(refs.values())) == before
    with world.rt.store.read() as session:
        assert session.scalar(select(func.max(ChangeLog.seq))) == seq_before
        reasons = [a.details.get("reason") for a in session.scalars(select(AuditLog))]
        assert "cover absence" not in reasons


def test_a_colleague_taken_since_the_preview_makes_apply_fail_with_nothing_moved(
    world: World, client: FlaskClient
) -> None:
    refs = _absence_scenario(world)
    boss = login(client, "supervisor")
    plan = _preview(client, world, boss)
    target = next(a for a in plan["assignments"] if a["reference"] == refs["thu_0900"])
    # Someone else books clerk C at Thursday 09:00 meanwhile.
    _book_on(world, "clerk_c", TRANSFER, athens(3, 9), 20)
    before = _owners(world, list(refs.values()))
    refused = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan/apply",
        409,
        headers=boss,
        json=_apply_body(plan),
    )
    assert target["to_staff_id"] == world.staff["clerk_c"]
    assert refused["error"] == "slot_unavailable" and refs["thu_0900"] in refused["message"]
    assert _owners(world, list(refs.values())) == before


def test_apply_rechecks_a_plan_that_double_books_a_colleague(world: World, client: FlaskClient) -> None:
    refs = _absence_scenario(world)
    boss = login(client, "supervisor")
    plan = _preview(client, world, boss)
    body = _apply_body(plan)
    # Hand-edited: the Thursday 11:00 teleconference added for B, who is busy then.
    thu = next(u for u in plan["unplaced"] if u["reference"] == refs["thu_1100_tele"])
    body["assignments"].append(
        {"reference": thu["reference"], "version": thu["version"], "to_staff_id": world.staff["clerk_b"]}
    )
    before = _owners(world, list(refs.values()))
    refused = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan/apply",
        409,
        headers=boss,
        json=body,
    )
    assert refused["error"] == "slot_unavailable"
    assert _owners(world, list(refs.values())) == before
    # In-person-only C may not take a teleconference.
    body["assignments"][-1]["to_staff_id"] = world.staff["clerk_c"]
    refused = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan/apply",
        422,
        headers=boss,
        json=body,
    )
    assert refs["thu_1100_tele"] in refused["fields"]


def test_offer_reschedule_enqueues_one_email_per_booking(world: World, client: FlaskClient) -> None:
    refs = _absence_scenario(world)
    boss = login(client, "supervisor")
    unplaced = [u["reference"] for u in _preview(client, world, boss)["unplaced"]]
    answer = call(
        client, "POST", "/api/v1/bookings/offer-reschedule", 202, headers=boss, json={"references": unplaced}
    )
    assert sorted(answer["offered"]) == sorted(unplaced) and answer["skipped"] == []
    again = call(
        client, "POST", "/api/v1/bookings/offer-reschedule", 202, headers=boss, json={"references": unplaced}
    )
    assert again["offered"] == [] and len(again["skipped"]) == 2
    with world.rt.store.read() as session:
        jobs = session.execute(
            select(Booking.reference)
            .join(Outbox, Outbox.booking_id == Booking.id)
            .where(Outbox.kind == "email.offer_reschedule")
        ).scalars()
        assert sorted(jobs) == sorted(unplaced)
        audited = session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "offer_reschedule")
        )
        assert audited == 2
    JobRunner.build(world.rt).run_once()
    messages = [
        email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
        for f in world.rt.config.outbox_dir.glob("*.eml")
    ]
    offers = [m for m in messages if m["Subject"].startswith("Παρακαλούμε επιλέξτε νέα ώρα")]
    assert sorted(m["To"] for m in offers) == ["citizen6@example.org", "citizen7@example.org"]
    for message in offers:
        body = message.get_body(preferencelist=("plain",))
        assert body is not None and "δεν θα είναι διαθέσιμος" in body.get_content()
        assert "http://dimos.test/manage/" in body.get_content()
    # A booking cancelled meanwhile is skipped, not mailed.
    world.rt.bookings.cancel(refs["wed_0930"], Actor.citizen())
    skipped = call(
        client,
        "POST",
        "/api/v1/bookings/offer-reschedule",
        202,
        headers=boss,
        json={"references": [refs["wed_0930"]]},
    )["skipped"]
    assert skipped == [{"reference": refs["wed_0930"], "reason": "booking is cancelled"}]


def test_only_supervisors_of_the_municipality_may_cover(world: World, client: FlaskClient) -> None:
    refs = _absence_scenario(world)
    a = world.staff["clerk_a"]
    apply_body = {**RANGE, "assignments": [{"reference": refs["wed_0930"], "version": 1, "to_staff_id": 1}]}
    endpoints: list[tuple[str, str, Any]] = [
        ("POST", f"/api/v1/staff/{a}/cover-plan", RANGE),
        ("POST", f"/api/v1/staff/{a}/cover-plan/apply", apply_body),
        ("POST", "/api/v1/bookings/offer-reschedule", {"references": [refs["wed_0930"]]}),
        ("GET", "/api/v1/stats?from=2026-12-01&to=2026-12-31", None),
        ("GET", "/api/v1/stats.csv?from=2026-12-01&to=2026-12-31", None),
    ]
    clerk = login(client, "clerk_a")
    for method, url, body in endpoints:
        assert call(client, method, url, 403, headers=clerk, json=body)["error"] == "forbidden"
    stranger = login(client, "other_supervisor")
    call(client, "POST", f"/api/v1/staff/{a}/cover-plan", 404, headers=stranger, json=RANGE)
    call(client, "POST", f"/api/v1/staff/{a}/cover-plan/apply", 404, headers=stranger, json=apply_body)
    call(
        client,
        "POST",
        "/api/v1/bookings/offer-reschedule",
        403,
        headers=stranger,
        json={"references": [refs["wed_0930"]]},
    )
    theirs = call(client, "GET", "/api/v1/stats?from=2026-12-01&to=2026-12-31", 200, headers=stranger)
    assert all(p["by_clerk"] == [] and p["totals"]["bookings"] == 0 for p in theirs["periods"])
    with world.rt.store.read() as session:
        larissa = session.get(Staff, a)
        assert larissa is not None
        larissa_id = larissa.municipality_id
    call(client, "GET", f"/api/v1/stats?municipality_id={larissa_id}", 403, headers=stranger)
    call(
        client,
        "POST",
        "/api/v1/staff/999999/cover-plan",
        404,
        headers=login(client, "supervisor"),
        json=RANGE,
    )
    # Admins may cover anywhere.
    plan = call(
        client, "POST", f"/api/v1/staff/{a}/cover-plan", 200, headers=login(client, "admin"), json=RANGE
    )
    assert len(plan["assignments"]) == 5


@pytest.mark.parametrize(
    "body, field",
    [
        ({"start": "2026-12-02T00:00:00", "end": "2026-12-04T00:00:00+02:00"}, "start"),
        ({"start": "2026-12-04T00:00:00+02:00", "end": "2026-12-02T00:00:00+02:00"}, "end"),
        ({**RANGE, "assignments": [{"reference": "ABCD-EFGH", "to_staff_id": 2}]}, "assignments.0.version"),
        ({**RANGE, "assignments": []}, "assignments"),
        (
            {**RANGE, "assignments": [{"reference": "<script>", "version": 1, "to_staff_id": 2}]},
            "assignments.0.reference",
        ),
    ],
)
def test_cover_bodies_get_a_message_per_field(
    world: World, client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    boss = login(client, "supervisor")
    url = f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan"
    if "assignments" in body:
        url += "/apply"
    refused = call(client, "POST", url, 422, headers=boss, json=body)
    assert field in refused["fields"], refused


def test_an_empty_range_gives_an_empty_plan(world: World, client: FlaskClient) -> None:
    plan = _preview(client, world, login(client, "supervisor"))
    assert plan["assignments"] == [] and plan["unplaced"] == []
    assert datetime.fromisoformat(plan["start"]).astimezone(UTC) == athens(2, 0).astimezone(UTC)


def test_applying_a_cover_records_the_absence_so_the_clerk_is_no_longer_booked(
    world: World, client: FlaskClient
) -> None:
    _absence_scenario(world)
    boss = login(client, "supervisor")
    absences_url = f"/api/v1/staff/{world.staff['clerk_a']}/absences"
    assert (
        call(client, "GET", absences_url, 200, headers=boss)["absences"] == []
    )  # a cover only, as the desktop does
    apply_url = f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan/apply"
    call(client, "POST", apply_url, 200, headers=boss, json=_apply_body(_preview(client, world, boss)))
    [absence] = call(client, "GET", absences_url, 200, headers=boss)["absences"]
    assert datetime.fromisoformat(absence["start"]) == datetime.fromisoformat(RANGE["start"])
    assert datetime.fromisoformat(absence["end"]) == datetime.fromisoformat(RANGE["end"])
    # From now on citizens' bookings in those days go to her colleagues.
    for who in (101, 102):
        made = create_booking(
            world.rt.bookings, service_id=world.service(TRANSFER), start=athens(2, 11), who=who
        )
        assert made.booking.staff_id != world.staff["clerk_a"]


def test_a_cover_within_a_recorded_absence_adds_no_second_one(world: World, client: FlaskClient) -> None:
    _absence_scenario(world)
    boss = login(client, "supervisor")
    absences_url = f"/api/v1/staff/{world.staff['clerk_a']}/absences"
    call(client, "POST", absences_url, 201, headers=boss, json=RANGE)
    apply_url = f"/api/v1/staff/{world.staff['clerk_a']}/cover-plan/apply"
    call(client, "POST", apply_url, 200, headers=boss, json=_apply_body(_preview(client, world, boss)))
    assert len(call(client, "GET", absences_url, 200, headers=boss)["absences"]) == 1
