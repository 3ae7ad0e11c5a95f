"""Deleting a later working-plan version over the API: who may, which versions, and what it strands."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.models import AuditLog, Booking
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens

MON_TO_FRI = [{"weekday": d, "start": "08:00", "end": "14:00"} for d in range(5)]
MON_TO_TUE = [{"weekday": d, "start": "08:00", "end": "14:00"} for d in range(2)]
SATURDAY_TOO = [*MON_TO_FRI, {"weekday": 5, "start": "09:00", "end": "11:00"}]
LATER = "2026-12-07"  # the clock stands on Tuesday 1 December 2026


def plan_url(world: World, who: str = "clerk_a") -> str:
    return f"/api/v1/staff/{world.staff[who]}/working-plan"


def capacities(client: FlaskClient, world: World, day: str) -> dict[str, int]:
    sid = world.service("cohabitation-agreement")
    url = f"/api/v1/services/{sid}/availability?mode=in_person&from={day}&to={day}"
    return {s["start"][11:16]: s["capacity"] for s in call(client, "GET", url, 200)["slots"]}


def save_later(
    client: FlaskClient, world: World, periods: list[dict[str, Any]], who: str = "clerk_a"
) -> None:
    body = {"effective_from": LATER, "periods": periods}
    call(client, "PUT", plan_url(world, who), 200, json=body, headers=login(client, "supervisor"))


def test_roles_on_deleting_a_later_version(world: World, client: FlaskClient) -> None:
    save_later(client, world, MON_TO_TUE)
    url = f"{plan_url(world)}/{LATER}"
    call(client, "DELETE", url, 401)
    call(client, "DELETE", url, 403, headers=login(client, "clerk_a"))  # even their own plan
    call(client, "DELETE", url, 404, headers=login(client, "other_supervisor"))
    call(client, "DELETE", f"/api/v1/staff/999999/working-plan/{LATER}", 404, headers=login(client, "admin"))
    boss = login(client, "supervisor")
    call(client, "DELETE", f"{plan_url(world)}/2026-12-08", 404, headers=boss)  # no version starts then
    deleted = call(client, "DELETE", url, 200, headers=boss)
    assert deleted["later"] == [] and deleted["current"]["effective_from"] == "2000-01-01"
    call(client, "DELETE", url, 404, headers=boss)  # gone already
    save_later(client, world, MON_TO_TUE)
    call(client, "DELETE", url, 200, headers=login(client, "admin"))
    with world.rt.store.read() as session:
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.action == "working_plan_version_deleted")
        ).all()
        assert len(actions) == 2


def test_the_plan_in_force_cannot_be_deleted_only_replaced(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    call(
        client,
        "PUT",
        plan_url(world),
        200,
        json={"effective_from": "2026-12-01", "periods": MON_TO_TUE},  # in force from today
        headers=boss,
    )
    refused = call(client, "DELETE", f"{plan_url(world)}/2026-12-01", 422, headers=boss)
    assert "replaced by a new version" in refused["message"] and "effective_from" in refused["fields"]
    call(client, "DELETE", f"{plan_url(world)}/2000-01-01", 422, headers=boss)  # history stays too
    refused = call(client, "DELETE", f"{plan_url(world)}/2026-13-01", 422, headers=boss)
    assert "effective_from" in refused["fields"]
    assert (
        call(client, "GET", plan_url(world), 200, headers=boss)["current"]["effective_from"] == "2026-12-01"
    )


def test_deleting_a_later_version_brings_the_previous_one_back_to_availability(
    world: World, client: FlaskClient
) -> None:
    """From the 7th clerk A was to work Mon–Tue only; deleting that version gives Wednesday 9th back."""
    save_later(client, world, MON_TO_TUE)
    assert capacities(client, world, "2026-12-09")["09:00"] == 2
    call(client, "DELETE", f"{plan_url(world)}/{LATER}", 200, headers=login(client, "supervisor"))
    assert capacities(client, world, "2026-12-09")["09:00"] == 3


def test_deleting_a_version_that_holds_bookings_is_refused_until_accepted(
    world: World, client: FlaskClient
) -> None:
    """A Saturday session from the 7th is booked; deleting the version lists the booking, then keeps it."""
    save_later(client, world, SATURDAY_TOO)
    assert capacities(client, world, "2026-12-12")["09:00"] == 1
    made = book(client, 201, booking_body(world.service("cohabitation-agreement"), athens(12, 9)))
    boss = login(client, "supervisor")
    url = f"{plan_url(world)}/{LATER}"
    refused = call(client, "DELETE", url, 409, headers=boss)
    assert refused["error"] == "bookings_outside_plan"
    assert [b["reference"] for b in refused["bookings"]] == [made["reference"]]
    assert [
        v["effective_from"] for v in call(client, "GET", plan_url(world), 200, headers=boss)["later"]
    ] == [LATER]
    accepted = call(client, "DELETE", f"{url}?confirm_orphans=true", 200, headers=boss)
    assert [b["reference"] for b in accepted["bookings_outside_plan"]] == [made["reference"]]
    assert accepted["later"] == []
    assert capacities(client, world, "2026-12-12") == {}
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == made["reference"]))
        assert booking is not None and booking.staff_id == world.staff["clerk_a"]  # untouched
        audit = session.scalars(
            select(AuditLog).where(AuditLog.action == "working_plan_version_deleted")
        ).all()
        assert audit[-1].details["accepted_outside"] == [made["reference"]]
