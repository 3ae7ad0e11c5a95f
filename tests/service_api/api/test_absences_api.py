"""Absences over the API: kinds and statuses, clerks' requests and supervisors' decisions, the team
calendar, and availability following only approved absences."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.models import AuditLog, ChangeLog
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens

WEDNESDAY = {"start": "2026-12-02T00:00:00+02:00", "end": "2026-12-03T00:00:00+02:00"}
THURSDAY = {"start": "2026-12-03T00:00:00+02:00", "end": "2026-12-04T00:00:00+02:00"}


def capacity(client: FlaskClient, world: World, day: str) -> int:
    """Clerks offered at the first slot of ``day`` (three when all of Larissa's clerks are free)."""
    sid = world.service("cohabitation-agreement")
    url = f"/api/v1/services/{sid}/availability?mode=in_person&from={day}&to={day}"
    return int(call(client, "GET", url, 200)["slots"][0]["capacity"])


def staff_url(world: World, who: str = "clerk_a") -> str:
    return f"/api/v1/staff/{world.staff[who]}/absences"


def request_as(client: FlaskClient, who: str, body: dict[str, Any], status: int = 201) -> Any:
    return call(client, "POST", "/api/v1/me/absences", status, json=body, headers=login(client, who))


def test_roles_on_absences(world: World, client: FlaskClient) -> None:
    body = {**WEDNESDAY, "kind": "sickness"}
    clerk, boss = login(client, "clerk_a"), login(client, "supervisor")
    stranger, admin = login(client, "other_supervisor"), login(client, "admin")
    team = "/api/v1/municipalities/larissa/absences?from=2026-11-30&to=2026-12-27"
    for method, url in [
        ("POST", staff_url(world)),
        ("GET", "/api/v1/me/absences"),
        ("POST", "/api/v1/me/absences"),
        ("GET", team),
        ("PATCH", "/api/v1/absences/1"),
        ("POST", "/api/v1/absences/1/approve"),
    ]:
        call(client, method, url, 401, json=body)
    call(client, "POST", staff_url(world), 403, json=body, headers=clerk)
    call(client, "POST", staff_url(world), 404, json=body, headers=stranger)
    recorded = call(client, "POST", staff_url(world), 201, json=body, headers=boss)
    assert (recorded["kind"], recorded["status"]) == ("sickness", "approved")
    url = f"/api/v1/absences/{recorded['id']}"
    call(client, "PATCH", url, 403, json={"kind": "leave"}, headers=clerk)
    call(client, "PATCH", url, 404, json={"kind": "leave"}, headers=stranger)
    call(client, "PATCH", "/api/v1/absences/999999", 404, json={"kind": "leave"}, headers=boss)
    assert call(client, "PATCH", url, 200, json={"kind": "leave"}, headers=admin)["kind"] == "leave"
    call(client, "GET", team, 403, headers=clerk)
    call(client, "GET", team, 404, headers=stranger)
    call(
        client,
        "GET",
        "/api/v1/municipalities/nowhere/absences?from=2026-11-30&to=2026-12-27",
        404,
        headers=boss,
    )
    assert [a["id"] for a in call(client, "GET", team, 200, headers=admin)["absences"]] == [recorded["id"]]
    call(client, "DELETE", url, 403, headers=clerk)
    call(client, "DELETE", url, 404, headers=stranger)
    call(client, "DELETE", url, 204, headers=boss)


@pytest.mark.parametrize(
    "body, field",
    [
        ({**WEDNESDAY, "kind": "holiday"}, "kind"),
        ({"start": "2026-12-02T00:00:00", "end": "2026-12-03T00:00:00+02:00"}, "start"),
        ({"start": "2026-12-03T00:00:00+02:00", "end": "2026-12-02T00:00:00+02:00"}, "end"),
        ({**WEDNESDAY, "reason": "x" * 201}, "reason"),
    ],
)
def test_invalid_absences_get_a_message_per_field(
    world: World, client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    boss = login(client, "supervisor")
    assert field in call(client, "POST", staff_url(world), 422, json=body, headers=boss)["fields"]
    assert field in request_as(client, "clerk_a", body, 422)["fields"]


def test_team_calendar_range_is_checked(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    base = "/api/v1/municipalities/larissa/absences"
    assert "to" in call(client, "GET", f"{base}?from=2026-12-01&to=2026-11-01", 422, headers=boss)["fields"]
    assert "to" in call(client, "GET", f"{base}?from=2026-12-01&to=2027-06-01", 422, headers=boss)["fields"]
    assert "from" in call(client, "GET", f"{base}?to=2026-12-01", 422, headers=boss)["fields"]


def test_a_request_blocks_nothing_until_approved(world: World, client: FlaskClient) -> None:
    assert capacity(client, world, "2026-12-02") == 3
    asked = request_as(client, "clerk_a", {**WEDNESDAY, "kind": "leave", "reason": "family"})
    assert (asked["status"], asked["requested_by"]) == ("requested", world.staff["clerk_a"])
    assert capacity(client, world, "2026-12-02") == 3
    sid = world.service("cohabitation-agreement")
    # A request does not stop a citizen booking the clerk: with the other two taken, clerk A is booked.
    for n in range(3):
        book(client, 201, booking_body(sid, athens(2, 8), n=n))
    boss = login(client, "supervisor")
    team = call(
        client,
        "GET",
        "/api/v1/municipalities/larissa/absences?from=2026-11-30&to=2026-12-27",
        200,
        headers=boss,
    )
    assert [(a["id"], a["status"]) for a in team["absences"]] == [(asked["id"], "requested")]
    assert {s["id"] for s in team["staff"]} >= {world.staff["clerk_a"], world.staff["clerk_b"]}
    approved = call(client, "POST", f"/api/v1/absences/{asked['id']}/approve", 200, headers=boss)
    assert approved["status"] == "approved" and approved["decided_by"] == world.staff["supervisor"]
    assert [b["start"][11:16] for b in approved["overlapping_bookings"]] == ["08:00"]
    # The very next availability answer no longer offers clerk A on Wednesday.
    assert capacity(client, world, "2026-12-02") == 2
    assert capacity(client, world, "2026-12-03") == 3
    mine = call(client, "GET", "/api/v1/me/absences", 200, headers=login(client, "clerk_a"))["absences"]
    assert [(a["kind"], a["status"], a["reason"]) for a in mine] == [("leave", "approved", "family")]


def test_a_rejected_request_never_blocks_and_cannot_be_decided_again(
    world: World, client: FlaskClient
) -> None:
    asked = request_as(client, "clerk_a", WEDNESDAY)
    boss = login(client, "supervisor")
    rejected = call(
        client,
        "POST",
        f"/api/v1/absences/{asked['id']}/reject",
        200,
        json={"reason": "busy week"},
        headers=boss,
    )
    assert (rejected["status"], rejected["decision_reason"]) == ("rejected", "busy week")
    assert capacity(client, world, "2026-12-02") == 3
    call(client, "POST", f"/api/v1/absences/{asked['id']}/approve", 409, headers=boss)
    call(client, "DELETE", f"/api/v1/me/absences/{asked['id']}", 409, headers=login(client, "clerk_a"))
    assert capacity(client, world, "2026-12-02") == 3


def test_clerks_cannot_decide_and_nobody_decides_their_own(world: World, client: FlaskClient) -> None:
    asked = request_as(client, "clerk_a", WEDNESDAY)
    clerk = login(client, "clerk_a")
    call(client, "POST", f"/api/v1/absences/{asked['id']}/approve", 403, headers=clerk)
    call(client, "POST", f"/api/v1/absences/{asked['id']}/reject", 403, headers=clerk)
    call(
        client,
        "POST",
        f"/api/v1/absences/{asked['id']}/approve",
        404,
        headers=login(client, "other_supervisor"),
    )
    own = request_as(client, "supervisor", THURSDAY)
    call(client, "POST", f"/api/v1/absences/{own['id']}/approve", 403, headers=login(client, "supervisor"))
    call(client, "POST", f"/api/v1/absences/{own['id']}/approve", 200, headers=login(client, "admin"))
    assert capacity(client, world, "2026-12-02") == 3


def test_withdraw_only_ones_own_pending_request(world: World, client: FlaskClient) -> None:
    asked = request_as(client, "clerk_a", WEDNESDAY)
    call(client, "DELETE", f"/api/v1/me/absences/{asked['id']}", 401)
    call(client, "DELETE", f"/api/v1/me/absences/{asked['id']}", 404, headers=login(client, "clerk_b"))
    call(client, "DELETE", f"/api/v1/me/absences/{asked['id']}", 204, headers=login(client, "clerk_a"))
    assert call(client, "GET", "/api/v1/me/absences", 200, headers=login(client, "clerk_a"))["absences"] == []
    recorded = call(
        client, "POST", staff_url(world), 201, json=WEDNESDAY, headers=login(client, "supervisor")
    )
    call(client, "DELETE", f"/api/v1/me/absences/{recorded['id']}", 409, headers=login(client, "clerk_a"))


def test_edit_moves_the_block(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    recorded = call(
        client, "POST", staff_url(world), 201, json={**WEDNESDAY, "kind": "training"}, headers=boss
    )
    assert recorded["overlapping_bookings"] == []
    assert (capacity(client, world, "2026-12-02"), capacity(client, world, "2026-12-03")) == (2, 3)
    sid = world.service("cohabitation-agreement")
    refs = [book(client, 201, booking_body(sid, athens(3, 8), n=n))["reference"] for n in range(3)]
    clerk_as = [
        r
        for r in refs
        if call(client, "GET", f"/api/v1/bookings/{r}", 200, headers=boss)["staff"]["id"]
        == world.staff["clerk_a"]
    ]
    moved = call(client, "PATCH", f"/api/v1/absences/{recorded['id']}", 200, json=THURSDAY, headers=boss)
    assert moved["kind"] == "training" and moved["start"].startswith("2026-12-03T00:00")
    assert [b["reference"] for b in moved["overlapping_bookings"]] == clerk_as and len(clerk_as) == 1
    assert (capacity(client, world, "2026-12-02"), capacity(client, world, "2026-12-03")) == (3, 2)
    listed = call(client, "GET", staff_url(world), 200, headers=login(client, "clerk_a"))["absences"]
    assert [(a["kind"], a["status"]) for a in listed] == [("training", "approved")]
    assert (
        "end"
        in call(
            client,
            "PATCH",
            f"/api/v1/absences/{recorded['id']}",
            422,
            json={"end": WEDNESDAY["start"]},
            headers=boss,
        )["fields"]
    )


def test_every_absence_write_is_audited_and_reaches_the_change_log(world: World, client: FlaskClient) -> None:
    asked = request_as(client, "clerk_a", WEDNESDAY)
    boss = login(client, "supervisor")
    call(client, "POST", f"/api/v1/absences/{asked['id']}/approve", 200, headers=boss)
    call(client, "PATCH", f"/api/v1/absences/{asked['id']}", 200, json={"kind": "sickness"}, headers=boss)
    call(client, "DELETE", f"/api/v1/absences/{asked['id']}", 204, headers=boss)
    with world.rt.store.read() as session:
        actions = [
            a.action
            for a in session.scalars(select(AuditLog).order_by(AuditLog.id))
            if a.action.startswith("absence")
        ]
        changes = [
            c.op
            for c in session.scalars(
                select(ChangeLog).where(ChangeLog.entity == "absence", ChangeLog.entity_id == asked["id"])
            )
        ]
    assert actions == ["absence_requested", "absence_approved", "absence_edited", "absence_removed"]
    assert changes == ["created", "updated", "updated", "deleted"]
    # The clerk's desktop hears of the decision through their own change feed.
    clerk = login(client, "clerk_a")
    feed = call(client, "GET", "/api/v1/changes?since=0&wait=0", 200, headers=clerk)["changes"]
    assert ("absence", asked["id"], "deleted") in [(c["entity"], c["id"], c["op"]) for c in feed]


def test_only_approved_absences_shade_the_clerks_calendar(world: World, client: FlaskClient) -> None:
    """The desktop shades ``/me/calendar`` absences: a pending request must not look like time off."""
    clerk = login(client, "clerk_a")
    url = "/api/v1/me/calendar?from=2026-11-30&to=2026-12-06"
    asked = request_as(client, "clerk_a", WEDNESDAY)
    assert call(client, "GET", url, 200, headers=clerk)["absences"] == []
    call(client, "POST", f"/api/v1/absences/{asked['id']}/approve", 200, headers=login(client, "supervisor"))
    assert [a["id"] for a in call(client, "GET", url, 200, headers=clerk)["absences"]] == [asked["id"]]


def test_the_pending_list_looks_a_year_ahead(world: World, client: FlaskClient) -> None:
    later = {"start": "2027-06-01T00:00:00+03:00", "end": "2027-06-05T00:00:00+03:00"}
    asked = request_as(client, "clerk_b", later)
    request_as(client, "clerk_a", WEDNESDAY)
    call(client, "POST", staff_url(world, "clerk_c"), 201, json=THURSDAY, headers=login(client, "supervisor"))
    base = "/api/v1/municipalities/larissa/absences?from=2026-11-01&to=2027-11-30"
    boss = login(client, "supervisor")
    assert "to" in call(client, "GET", base, 422, headers=boss)["fields"]  # the calendar: weeks, not a year
    pending = call(client, "GET", f"{base}&status=requested", 200, headers=boss)["absences"]
    assert sorted(a["staff_id"] for a in pending) == sorted([world.staff["clerk_a"], world.staff["clerk_b"]])
    assert asked["id"] in [a["id"] for a in pending]
    assert "status" in call(client, "GET", f"{base}&status=maybe", 422, headers=boss)["fields"]
