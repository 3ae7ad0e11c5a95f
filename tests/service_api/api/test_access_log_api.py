"""The access log (issue 17): every staff read of a citizen's details is recorded, the dpo reads it, and
nobody changes it — not over the API, not in the database."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, func, select, text, update
from sqlalchemy.exc import DBAPIError

import service_api
from service_api.booking import access_log, staffing
from service_api.booking.service import CreateResult
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import Actor
from service_api.models import AccessLog, Booking
from service_api.retention import purge
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.world import PASSWORD, World, athens

Entry = tuple[int, str, str]  # (staff id, booking reference, channel)


def entries(world: World) -> list[Entry]:
    """Every entry of the log, oldest first, as (who, which booking, how)."""
    with world.rt.store.read() as session:
        rows = session.execute(
            select(AccessLog.staff_id, Booking.reference, AccessLog.channel)
            .join(Booking, Booking.id == AccessLog.booking_id)
            .order_by(AccessLog.id)
        ).all()
    return [(staff_id, reference, channel) for staff_id, reference, channel in rows]


def book(world: World, day: int, hour: int, who: int = 1, **citizen: Any) -> CreateResult:
    return create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(day, hour),
        who=who,
        **citizen,
    )


def clerk_of(world: World, booking: Booking) -> str:
    return next(name for name, staff_id in world.staff.items() if staff_id == booking.staff_id)


def add_dpo(world: World, username: str = "dpo", municipality_id: int | None = None) -> int:
    return staffing.create_staff(
        world.rt.bookings,
        username=username,
        display_name="Υπεύθυνη Προστασίας",
        role="dpo",
        password=PASSWORD,
        municipality_id=municipality_id,
    )


# ------------------------------------------------------------------------------------------ recording
def test_every_channel_that_shows_staff_a_citizen_records_who_read_which_booking_and_how(
    world: World, client: FlaskClient
) -> None:
    booking = book(world, 3, 9).booking
    ref, username = booking.reference, clerk_of(world, booking)
    clerk_id, boss_id = booking.staff_id, world.staff["supervisor"]
    clerk, boss = login(client, username), login(client, "supervisor")
    assert entries(world) == []  # booking it is no read

    call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=clerk)
    call(client, "GET", "/api/v1/me/bookings?from=2026-12-01&to=2026-12-07", 200, headers=clerk)
    call(
        client,
        "PUT",
        f"/api/v1/bookings/{ref}/documents/id_card",
        200,
        headers=clerk,
        json={"state": "received"},
    )
    changes = call(client, "GET", "/api/v1/changes?since=0", 200, headers=clerk)
    assert any(change["booking"] for change in changes["changes"])
    call(client, "GET", "/api/v1/bookings?from=2026-12-01&to=2026-12-07", 200, headers=boss)
    behind = call(client, "GET", "/api/v1/stats/bookings?from=2026-12-01&to=2026-12-31", 200, headers=boss)
    assert [b["reference"] for b in behind["bookings"]] == [ref] and behind["bookings"][0]["citizen"]["name"]
    csv = client.get("/api/v1/stats/bookings.csv?from=2026-12-01&to=2026-12-31", headers=boss)
    assert csv.status_code == 200 and "citizen1@example.org" in csv.get_data(as_text=True)
    feed_url = call(client, "POST", "/api/v1/me/ical-feed", 201, headers=clerk)["url"]
    calendar = client.get(feed_url.removeprefix("http://dimos.test"))
    assert calendar.status_code == 200 and "Πολίτης 1" in calendar.get_data(as_text=True).replace("\r\n ", "")
    again = client.get(
        feed_url.removeprefix("http://dimos.test"), headers={"If-None-Match": calendar.headers["ETag"]}
    )
    assert again.status_code == 304  # nothing shown: nothing recorded

    assert entries(world) == [
        (clerk_id, ref, AccessChannel.PANEL),
        (clerk_id, ref, AccessChannel.LIST),
        (clerk_id, ref, AccessChannel.PANEL),  # the desk action answers with the booking
        (clerk_id, ref, AccessChannel.FEED),
        (boss_id, ref, AccessChannel.LIST),
        (boss_id, ref, AccessChannel.DRILL_DOWN),
        (boss_id, ref, AccessChannel.CSV_EXPORT),
        (clerk_id, ref, AccessChannel.CALENDAR_FEED),
    ]


def test_checks_that_show_nothing_record_nothing(world: World, client: FlaskClient) -> None:
    """A reassignment's candidates show staff, not the citizen; the figures are counts."""
    booking = book(world, 3, 9).booking
    boss = login(client, "supervisor")
    call(client, "GET", f"/api/v1/bookings/{booking.reference}/candidates", 200, headers=boss)
    call(client, "GET", "/api/v1/stats?from=2026-12-01&to=2026-12-31", 200, headers=boss)
    assert client.get("/api/v1/stats.csv?from=2026-12-01&to=2026-12-31", headers=boss).status_code == 200
    call(client, "GET", "/api/v1/outbox", 200, headers=boss)
    assert entries(world) == []


def test_a_week_of_many_bookings_is_one_insert_of_one_entry_each(world: World, client: FlaskClient) -> None:
    made = [
        book(world, day, hour, who=day * 100 + hour).booking for day in (2, 3, 4) for hour in range(8, 14)
    ]
    boss = login(client, "supervisor")
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(world.rt.store.engine, "before_cursor_execute", seen)
    try:
        answer = call(client, "GET", "/api/v1/bookings?from=2026-12-01&to=2026-12-07", 200, headers=boss)
    finally:
        event.remove(world.rt.store.engine, "before_cursor_execute", seen)
    assert len(answer["bookings"]) == len(made) >= 18
    assert len([s for s in statements if s.lstrip().upper().startswith("INSERT INTO ACCESS_LOG")]) == 1
    assert sorted(ref for _who, ref, _how in entries(world)) == sorted(b.reference for b in made)


def test_an_anonymised_booking_and_a_citizens_own_read_record_nothing(world: World, clock: Clock) -> None:
    old, fresh = book(world, 2, 9).booking, book(world, 3, 9, who=2).booking
    clock.advance(days=200)
    purge(world.rt.bookings, retention_days=180)
    with world.rt.store.read() as session:
        both = list(session.scalars(select(Booking).where(Booking.id.in_([old.id, fresh.id]))))
    rt = world.rt
    assert access_log.record(rt.bookings, Actor.citizen(), both, AccessChannel.PANEL) == 0
    staff = Actor.staff(world.staff["clerk_a"], "clerk", 1)
    assert access_log.record(rt.bookings, staff, both, AccessChannel.PANEL) == 0  # both forgotten by now
    assert entries(world) == []


# ------------------------------------------------------------------------------------------ the dpo
def test_the_dpo_reads_the_log_by_citizen_staff_member_and_booking_newest_first_in_pages(
    world: World, client: FlaskClient
) -> None:
    add_dpo(world)
    zoe = book(world, 3, 9, who=1, email="Zoe@Example.org").booking
    other = book(world, 3, 10, who=2).booking
    boss = login(client, "supervisor")
    call(client, "GET", f"/api/v1/bookings/{zoe.reference}", 200, headers=boss)
    call(client, "GET", "/api/v1/bookings?from=2026-12-01&to=2026-12-07", 200, headers=boss)
    officer = login(client, "dpo")

    everything = call(client, "GET", "/api/v1/access-log", 200, headers=officer)
    assert [(e["reference"], e["channel"]) for e in everything["entries"]] == [
        (other.reference, "list"),
        (zoe.reference, "list"),
        (zoe.reference, "panel"),
    ]  # newest first
    first = everything["entries"][0]
    assert first["staff"] == {"id": world.staff["supervisor"], "name": "Supervisor", "username": "supervisor"}
    assert "citizen" not in first and everything["next_cursor"] is None  # a reference, never whose it is

    hers = call(client, "GET", "/api/v1/access-log?email=zoe@example.ORG", 200, headers=officer)["entries"]
    assert {e["reference"] for e in hers} == {zoe.reference} and len(hers) == 2
    by_reference = call(
        client, "GET", f"/api/v1/access-log?reference={other.reference}", 200, headers=officer
    )
    assert len(by_reference["entries"]) == 1
    clerk_a = world.staff["clerk_a"]
    assert (
        call(client, "GET", f"/api/v1/access-log?staff_id={clerk_a}", 200, headers=officer)["entries"] == []
    )
    assert call(client, "GET", "/api/v1/access-log?from=2026-12-02", 200, headers=officer)["entries"] == []
    assert len(call(client, "GET", "/api/v1/access-log?to=2026-12-01", 200, headers=officer)["entries"]) == 3

    page = call(client, "GET", "/api/v1/access-log?limit=2", 200, headers=officer)
    assert len(page["entries"]) == 2 and page["next_cursor"] == page["entries"][-1]["id"]
    rest = call(
        client, "GET", f"/api/v1/access-log?limit=2&cursor={page['next_cursor']}", 200, headers=officer
    )
    assert [e["id"] for e in page["entries"] + rest["entries"]] == [e["id"] for e in everything["entries"]]
    assert rest["next_cursor"] is None

    for query in ("email=not-an-address", "afm=12345", "email=a@b.gr&afm=123456789", "reference=<x>"):
        call(client, "GET", f"/api/v1/access-log?{query}", 422, headers=officer)


def test_a_dpo_of_one_municipality_reads_only_its_citizens(world: World, client: FlaskClient) -> None:
    booking = book(world, 3, 9).booking
    larissa = booking.municipality_id
    add_dpo(world, "dpo_larissa", larissa)
    add_dpo(world, "dpo_elsewhere", larissa + 1)
    call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=login(client, "supervisor"))
    mine = call(client, "GET", "/api/v1/access-log", 200, headers=login(client, "dpo_larissa"))
    assert len(mine["entries"]) == 1
    assert (
        call(client, "GET", "/api/v1/access-log", 200, headers=login(client, "dpo_elsewhere"))["entries"]
        == []
    )


@pytest.mark.parametrize("who", ["clerk_a", "supervisor", "admin"])
def test_only_the_dpo_reads_the_log(world: World, client: FlaskClient, who: str) -> None:
    call(client, "GET", "/api/v1/access-log", 403, headers=login(client, who))


def test_no_route_changes_or_deletes_an_entry(world: World, client: FlaskClient) -> None:
    add_dpo(world)
    officer = login(client, "dpo")
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        call(client, method, "/api/v1/access-log", 405, headers=officer, json={})
    document = call(client, "GET", "/api/v1/openapi.json", 200)
    assert set(document["paths"]["/access-log"]) == {"get"}
    assert not [path for path in document["paths"] if path.startswith("/access-log/")]


def test_the_database_refuses_to_change_or_delete_an_entry_but_lets_the_purge_drop_old_ones(
    world: World, clock: Clock
) -> None:
    rt = world.rt
    booking = book(world, 3, 9).booking
    reader = Actor.staff(world.staff["supervisor"], "supervisor", booking.municipality_id)
    with rt.store.read() as session:
        loaded = session.get(Booking, booking.id)
    assert loaded is not None
    access_log.record(rt.bookings, reader, [loaded], AccessChannel.PANEL)
    clock.advance(days=40)
    access_log.record(rt.bookings, reader, [loaded], AccessChannel.LIST)
    for statement in (
        update(AccessLog).values(channel="feed"),
        update(AccessLog).values(staff_id=world.staff["clerk_b"]),
        text("DELETE FROM access_log"),
        text("DELETE FROM access_log WHERE channel = 'panel'"),
    ):
        with pytest.raises(DBAPIError, match="append-only"), rt.store.write() as session:
            session.execute(statement)
    assert len(entries(world)) == 2

    report = purge(rt.bookings, retention_days=180, access_log_days=30)
    assert report.access_log_deleted == 1
    assert [channel for _who, _ref, channel in entries(world)] == ["list"]
    with rt.store.read() as session:  # the purge's cutoff is gone with its transaction
        assert session.scalar(text("SELECT count(*) FROM access_log_purge")) == 0
    clock.advance(days=1)
    assert purge(rt.bookings, retention_days=180).access_log_deleted == 0  # 730 days by default


def test_the_daily_purge_keeps_the_log_for_the_configured_period(world: World, clock: Clock) -> None:
    world.rt.config.access_log_days = 10
    booking = book(world, 3, 9).booking
    reader = Actor.staff(world.staff["supervisor"], "supervisor", booking.municipality_id)
    with world.rt.store.read() as session:
        loaded = session.get(Booking, booking.id)
    access_log.record(world.rt.bookings, reader, [loaded] if loaded else [], AccessChannel.PANEL)
    clock.advance(days=9)
    assert purge(world.rt.bookings, retention_days=180).access_log_deleted == 0
    clock.advance(days=2)
    assert purge(world.rt.bookings, retention_days=180).access_log_deleted == 1


# ------------------------------------------------------------------------------------------ the rule
def test_one_function_records_every_staff_read() -> None:
    """No module but ``api/staff_reads.py`` serialises a booking for staff or writes the log itself."""
    root = Path(service_api.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "staff_reads.py" or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            staff_view = any(
                k.arg == "for_staff" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                for k in node.keywords
            )
            writes_log = (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "access_log"
            )
            if staff_view or writes_log:
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


def test_the_log_is_one_row_per_booking_read_with_no_personal_data(world: World, client: FlaskClient) -> None:
    booking = book(world, 3, 9).booking
    call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=login(client, "supervisor"))
    with world.rt.store.read() as session:
        row = session.execute(select(AccessLog)).scalar_one()
        assert session.scalar(select(func.count()).select_from(AccessLog)) == 1
    assert {c.name for c in AccessLog.__table__.columns} == {"id", "at", "staff_id", "booking_id", "channel"}
    assert row.at == world.rt.bookings.clock()  # the service's clock, as the purge counts
