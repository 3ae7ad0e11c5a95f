"""Working plans over the API: who may, what is refused, and availability following each change."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.models import AuditLog, Booking
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens

MON_TO_FRI = [{"weekday": d, "start": "08:00", "end": "14:00"} for d in range(5)]
MON_TO_TUE = [{"weekday": d, "start": "08:00", "end": "14:00"} for d in range(2)]


def plan_url(world: World, who: str = "clerk_a") -> str:
    return f"/api/v1/staff/{world.staff[who]}/working-plan"


def availability(
    client: FlaskClient, world: World, day: str, mode: str = "in_person"
) -> list[dict[str, Any]]:
    sid = world.service("cohabitation-agreement")
    url = f"/api/v1/services/{sid}/availability?mode={mode}&from={day}&to={day}"
    return call(client, "GET", url, 200)["slots"]  # type: ignore[no-any-return]


def starts(slots: list[dict[str, Any]]) -> list[str]:
    return [s["start"][11:16] for s in slots]


def test_roles_on_working_plans(world: World, client: FlaskClient) -> None:
    body = {"effective_from": "2026-12-07", "periods": MON_TO_FRI}
    call(client, "GET", plan_url(world), 401)
    call(client, "PUT", plan_url(world), 401, json=body)
    clerk_a = login(client, "clerk_a")
    assert (
        call(client, "GET", plan_url(world), 200, headers=clerk_a)["current"]["periods"][0]["start"]
        == "08:00"
    )
    call(client, "GET", plan_url(world, "clerk_b"), 404, headers=clerk_a)  # another clerk's
    call(client, "PUT", plan_url(world), 403, json=body, headers=clerk_a)
    stranger = login(client, "other_supervisor")
    call(client, "GET", plan_url(world), 404, headers=stranger)
    call(client, "PUT", plan_url(world), 404, json=body, headers=stranger)
    call(client, "GET", "/api/v1/staff/999999/working-plan", 404, headers=login(client, "admin"))
    call(client, "PUT", plan_url(world), 200, json=body, headers=login(client, "admin"))
    call(client, "PUT", plan_url(world), 200, json=body, headers=login(client, "supervisor"))
    exceptions = f"/api/v1/staff/{world.staff['clerk_a']}/plan-exceptions"
    closure = {"day": "2026-12-09", "kind": "closed"}
    call(client, "POST", exceptions, 401, json=closure)
    call(client, "POST", exceptions, 403, json=closure, headers=clerk_a)
    call(client, "POST", exceptions, 404, json=closure, headers=stranger)
    call(client, "GET", exceptions, 404, headers=stranger)
    made = call(client, "POST", exceptions, 201, json=closure, headers=login(client, "supervisor"))
    assert call(client, "GET", exceptions, 200, headers=clerk_a)["exceptions"][0]["whole_day"] is True
    call(client, "DELETE", f"/api/v1/plan-exceptions/{made['id']}", 403, headers=clerk_a)
    call(client, "DELETE", f"/api/v1/plan-exceptions/{made['id']}", 404, headers=stranger)
    call(client, "DELETE", f"/api/v1/plan-exceptions/{made['id']}", 200, headers=login(client, "supervisor"))
    call(client, "DELETE", f"/api/v1/plan-exceptions/{made['id']}", 404, headers=login(client, "supervisor"))


@pytest.mark.parametrize(
    "body, field",
    [
        ({"effective_from": "2026-13-01", "periods": MON_TO_FRI}, "effective_from"),
        (
            {"effective_from": "2026-12-07", "periods": [{"weekday": 7, "start": "08:00", "end": "14:00"}]},
            "periods.0.weekday",
        ),
        (
            {"effective_from": "2026-12-07", "periods": [{"weekday": 0, "start": "8", "end": "14:00"}]},
            "periods.0.start",
        ),
        (
            {"effective_from": "2026-12-07", "periods": [{"weekday": 0, "start": "14:00", "end": "08:00"}]},
            "periods.0.end",
        ),
        (
            {
                "effective_from": "2026-12-07",
                "periods": [{"weekday": 0, "start": "08:00", "end": "09:00", "weeks": "third"}],
            },
            "periods.0.weeks",
        ),
        ({"effective_from": "2026-11-30", "periods": MON_TO_FRI}, "effective_from"),  # the past
    ],
)
def test_invalid_plans_get_a_message_per_field(
    world: World, client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    refused = call(client, "PUT", plan_url(world), 422, json=body, headers=login(client, "supervisor"))
    assert field in refused["fields"]


def test_overlapping_periods_are_refused_naming_both(world: World, client: FlaskClient) -> None:
    periods = [
        {"weekday": 0, "start": "08:00", "end": "12:00"},
        {"weekday": 0, "start": "11:30", "end": "14:00"},
    ]
    refused = call(
        client,
        "PUT",
        plan_url(world),
        422,
        json={"effective_from": "2026-12-07", "periods": periods},
        headers=login(client, "supervisor"),
    )
    assert "Mon 08:00–12:00 and Mon 11:30–14:00" in refused["message"]
    assert "periods.1" in refused["fields"]
    assert call(client, "GET", plan_url(world), 200, headers=login(client, "supervisor"))["later"] == []


def test_a_period_too_short_for_every_service_is_saved_with_a_warning(
    world: World, client: FlaskClient
) -> None:
    periods = [*MON_TO_FRI, {"weekday": 5, "start": "09:00", "end": "09:10"}]
    saved = call(
        client,
        "PUT",
        plan_url(world),
        200,
        json={"effective_from": "2026-12-07", "periods": periods},
        headers=login(client, "supervisor"),
    )
    assert len(saved["warnings"]) == 1 and "Sat 09:00–09:10" in saved["warnings"][0]


def test_a_new_version_changes_availability_only_from_its_date(world: World, client: FlaskClient) -> None:
    """From Monday 7 December clerk A works Mon–Tue only: Wednesday 2nd keeps three clerks, the 9th two."""
    boss = login(client, "supervisor")
    assert availability(client, world, "2026-12-09")[0]["capacity"] == 3
    saved = call(
        client,
        "PUT",
        plan_url(world),
        200,
        json={"effective_from": "2026-12-07", "periods": MON_TO_TUE},
        headers=boss,
    )
    assert saved["current"]["effective_from"] == "2000-01-01"
    assert [v["effective_from"] for v in saved["later"]] == ["2026-12-07"]
    assert availability(client, world, "2026-12-02")[0]["capacity"] == 3
    assert availability(client, world, "2026-12-09")[0]["capacity"] == 2
    assert availability(client, world, "2026-12-08")[0]["capacity"] == 3


def test_alternating_weeks_and_breaks_reach_availability(world: World, client: FlaskClient) -> None:
    """Clerk A: odd weeks with a break 10:00–11:00 on Wednesdays, even weeks not at all on Wednesdays."""
    periods = [
        {"weekday": 2, "start": "08:00", "end": "10:00", "weeks": "odd"},
        {"weekday": 2, "start": "11:00", "end": "14:00", "weeks": "odd"},
    ]
    boss = login(client, "supervisor")
    call(
        client,
        "PUT",
        plan_url(world),
        200,
        json={"effective_from": "2026-12-01", "periods": periods},
        headers=boss,
    )
    week_49 = {s["start"][11:16]: s["capacity"] for s in availability(client, world, "2026-12-02")}
    assert week_49["09:30"] == 3 and week_49["10:00"] == 2 and week_49["10:30"] == 2 and week_49["11:00"] == 3
    assert {s["capacity"] for s in availability(client, world, "2026-12-09")} == {2}


def test_a_saturday_session_and_a_closed_day_reach_availability(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    url = f"/api/v1/staff/{world.staff['clerk_a']}/plan-exceptions"
    assert availability(client, world, "2026-12-05") == []
    extra = call(
        client,
        "POST",
        url,
        201,
        json={
            "day": "2026-12-05",
            "kind": "extra",
            "start": "09:00",
            "end": "11:00",
            "note": "Saturday session",
        },
        headers=boss,
    )
    assert starts(availability(client, world, "2026-12-05")) == ["09:00", "09:30", "10:00", "10:30"]
    call(
        client,
        "POST",
        url,
        201,
        json={"day": "2026-12-03", "kind": "closed", "start": "08:00", "end": "10:00"},
        headers=boss,
    )
    thursday = {s["start"][11:16]: s["capacity"] for s in availability(client, world, "2026-12-03")}
    assert thursday["09:30"] == 2 and thursday["10:00"] == 3
    listed = call(client, "GET", url, 200, headers=boss)["exceptions"]
    assert [(e["day"], e["kind"], e["start"], e["end"]) for e in listed] == [
        ("2026-12-03", "closed", "08:00", "10:00"),
        ("2026-12-05", "extra", "09:00", "11:00"),
    ]
    call(client, "DELETE", f"/api/v1/plan-exceptions/{extra['id']}", 200, headers=boss)
    assert availability(client, world, "2026-12-05") == []


def test_invalid_exceptions_get_a_message_per_field(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    url = f"/api/v1/staff/{world.staff['clerk_a']}/plan-exceptions"
    for body, field in [
        ({"day": "2026-12-05", "kind": "extra"}, "start"),
        ({"day": "2026-12-05", "kind": "holiday"}, "kind"),
        ({"day": "2026-12-05", "kind": "extra", "start": "11:00", "end": "09:00"}, "end"),
        ({"day": "2026-11-05", "kind": "closed"}, "day"),
    ]:
        assert field in call(client, "POST", url, 422, json=body, headers=boss)["fields"]


def _clerk_of(world: World, reference: str) -> int:
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        assert booking is not None
        return booking.staff_id


def test_a_plan_that_would_strand_bookings_is_refused_until_accepted(
    world: World, client: FlaskClient
) -> None:
    """The 409 lists the bookings; with confirm_orphans the plan is saved and they stay untouched."""
    made = book(client, 201, booking_body(world.service("cohabitation-agreement"), athens(2, 9)))
    clerk = _clerk_of(world, made["reference"])
    who = next(name for name, sid in world.staff.items() if sid == clerk)
    boss = login(client, "supervisor")
    body: dict[str, Any] = {"effective_from": "2026-12-01", "periods": MON_TO_TUE}
    refused = call(client, "PUT", plan_url(world, who), 409, json=body, headers=boss)
    assert refused["error"] == "bookings_outside_plan"
    assert [b["reference"] for b in refused["bookings"]] == [made["reference"]]
    assert (
        call(client, "GET", plan_url(world, who), 200, headers=boss)["current"]["effective_from"]
        == "2000-01-01"
    )
    body["confirm_orphans"] = True
    saved = call(client, "PUT", plan_url(world, who), 200, json=body, headers=boss)
    assert [b["reference"] for b in saved["bookings_outside_plan"]] == [made["reference"]]
    assert saved["current"]["effective_from"] == "2026-12-01"
    assert _clerk_of(world, made["reference"]) == clerk  # nothing moved: the cover plan is the next step
    with world.rt.store.read() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "working_plan_saved")).all()
        assert audit[-1].details["accepted_outside"] == [made["reference"]]


def test_closing_a_day_with_a_booking_is_refused_until_accepted(world: World, client: FlaskClient) -> None:
    made = book(client, 201, booking_body(world.service("cohabitation-agreement"), athens(2, 9)))
    clerk = _clerk_of(world, made["reference"])
    url = f"/api/v1/staff/{clerk}/plan-exceptions"
    boss = login(client, "supervisor")
    refused = call(client, "POST", url, 409, json={"day": "2026-12-02", "kind": "closed"}, headers=boss)
    assert [b["reference"] for b in refused["bookings"]] == [made["reference"]]
    call(
        client,
        "POST",
        url,
        201,
        json={"day": "2026-12-02", "kind": "closed", "start": "12:00", "end": "14:00"},
        headers=boss,
    )
    accepted = call(
        client,
        "POST",
        url,
        201,
        json={"day": "2026-12-02", "kind": "closed", "confirm_orphans": True},
        headers=boss,
    )
    assert [b["reference"] for b in accepted["bookings_outside_plan"]] == [made["reference"]]


def test_a_citizen_books_the_saturday_session_and_not_a_closed_day(world: World, client: FlaskClient) -> None:
    """The booking path (its re-check under the lock included) follows one-off days as the offer does."""
    boss = login(client, "supervisor")
    sid = world.service("cohabitation-agreement")
    book(client, 422, booking_body(sid, athens(5, 9)))  # Saturday: never offered
    call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/plan-exceptions",
        201,
        json={"day": "2026-12-05", "kind": "extra", "start": "09:00", "end": "11:00"},
        headers=boss,
    )
    made = book(client, 201, booking_body(sid, athens(5, 9)))
    assert _clerk_of(world, made["reference"]) == world.staff["clerk_a"]
    book(client, 409, booking_body(sid, athens(5, 9), n=2))  # the only clerk that day is taken
    for who in ("clerk_a", "clerk_b", "clerk_c"):
        call(
            client,
            "POST",
            f"/api/v1/staff/{world.staff[who]}/plan-exceptions",
            201,
            json={"day": "2026-12-04", "kind": "closed"},
            headers=boss,
        )
    book(client, 422, booking_body(sid, athens(4, 9), n=3))
