"""The desk's lifecycle rules as a clerk's desktop meets them: check-in on the day, no-show after the
start, completion with documents, nothing on a cancelled booking (issue 15, defect 9)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.models import AuditLog
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens

# 1 December 2026 (the test clock's day) is a Tuesday; the 4th is a Friday.
FRIDAY = 4


def _booked(client: FlaskClient, world: World, day: int, hour: int, n: int = 1) -> tuple[str, dict[str, str]]:
    """A booking and the sign-in of the clerk it went to."""
    sid = world.service("cohabitation-agreement")
    ref: str = book(client, 201, booking_body(sid, athens(day, hour), n=n))["reference"]
    supervisor = login(client, "supervisor")
    owner = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=supervisor)["staff"]["id"]
    username = next(k for k, v in world.staff.items() if v == owner)
    return ref, login(client, username)


def _verify(client: FlaskClient, ref: str, clerk: dict[str, str]) -> None:
    body = {"document_type": "identity_card", "name_matches": True}
    call(client, "POST", f"/api/v1/bookings/{ref}/identity", 200, headers=clerk, json=body)


def test_a_friday_booking_is_checked_in_only_on_friday(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    ref, clerk = _booked(client, world, FRIDAY, 10)
    refused = call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 409, headers=clerk)
    assert refused["error"] == "check_in_not_now" and "04/12/2026" in refused["message"]
    clock.now = athens(FRIDAY, 8, 59)  # more than an hour early
    assert call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 409, headers=clerk)["error"] == (
        "check_in_not_now"
    )
    assert call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=clerk)["status"] == "confirmed"
    clock.now = athens(FRIDAY, 9, 0)
    checked = call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 200, headers=clerk)
    assert checked["status"] == "checked_in"
    again = call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 409, headers=clerk)
    assert again["error"] == "booking_closed"


def test_a_late_citizen_is_checked_in_until_midnight_but_not_the_next_day(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    ref, clerk = _booked(client, world, FRIDAY, 9)
    other, clerk2 = _booked(client, world, FRIDAY, 9, n=2)
    clock.now = athens(FRIDAY, 23, 59)
    call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 200, headers=clerk)
    clock.now = athens(FRIDAY + 1, 0, 0)
    assert call(client, "POST", f"/api/v1/bookings/{other}/check-in", 409, headers=clerk2)["error"] == (
        "check_in_not_now"
    )


def test_no_show_only_after_the_start_and_never_after_check_in(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    ref, clerk = _booked(client, world, FRIDAY, 10)
    absent, clerk2 = _booked(client, world, FRIDAY, 10, n=2)
    no_show = {"outcome": "no_show"}
    clock.now = athens(FRIDAY, 9, 55)
    early = call(client, "POST", f"/api/v1/bookings/{ref}/outcome", 409, headers=clerk, json=no_show)
    assert early["error"] == "no_show_not_allowed"
    call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 200, headers=clerk)
    clock.now = athens(FRIDAY, 10, 30)
    came = call(client, "POST", f"/api/v1/bookings/{ref}/outcome", 409, headers=clerk, json=no_show)
    assert came["error"] == "no_show_not_allowed" and "checked in" in came["message"]
    assert call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=clerk)["status"] == "checked_in"

    done = call(client, "POST", f"/api/v1/bookings/{absent}/outcome", 200, headers=clerk2, json=no_show)
    assert done["status"] == "no_show"
    closed = call(client, "POST", f"/api/v1/bookings/{absent}/outcome", 409, headers=clerk2, json=no_show)
    assert closed["error"] == "booking_closed"


def _audit_details(world: World, action: str) -> list[dict[str, Any]]:
    with world.rt.store.read() as session:
        return [dict(a.details) for a in session.scalars(select(AuditLog).where(AuditLog.action == action))]


def test_completing_with_documents_not_received_needs_confirmation(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    ref, clerk = _booked(client, world, FRIDAY, 10)
    clock.now = athens(FRIDAY, 10, 0)
    _verify(client, ref, clerk)
    call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 200, headers=clerk)
    documents = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=clerk)["documents"]
    codes = [d["code"] for d in documents]
    assert len(codes) >= 2
    refused = call(
        client, "POST", f"/api/v1/bookings/{ref}/outcome", 409, headers=clerk, json={"outcome": "completed"}
    )
    assert refused["error"] == "documents_missing"
    assert [d["code"] for d in refused["documents"]] == codes and refused["total"] == len(codes)
    assert refused["documents"][0]["el"] == documents[0]["el"]
    for code in codes[:-1]:
        state = "received" if code == codes[0] else "not_applicable"
        body = {"state": state}
        call(client, "PUT", f"/api/v1/bookings/{ref}/documents/{code}", 200, headers=clerk, json=body)
    still = call(
        client, "POST", f"/api/v1/bookings/{ref}/outcome", 409, headers=clerk, json={"outcome": "completed"}
    )
    assert [d["code"] for d in still["documents"]] == [codes[-1]]
    assert call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=clerk)["status"] == "checked_in"
    body = {"outcome": "completed", "confirm_missing_documents": True}
    done = call(client, "POST", f"/api/v1/bookings/{ref}/outcome", 200, headers=clerk, json=body)
    assert (done["status"], done["outcome"]) == ("completed", "completed")
    assert _audit_details(world, "outcome") == [{"outcome": "completed", "missing_documents": [codes[-1]]}]


def test_the_documents_missing_outcome_and_a_full_checklist_need_no_confirmation(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    clock.now = athens(FRIDAY, 10, 0)
    partly, clerk = _booked(client, world, FRIDAY + 7, 10)
    full, clerk2 = _booked(client, world, FRIDAY + 7, 10, n=2)
    clock.now = athens(FRIDAY + 7, 10, 0)
    _verify(client, partly, clerk)
    kept = {"outcome": "documents_missing"}
    call(client, "POST", f"/api/v1/bookings/{partly}/outcome", 200, headers=clerk, json=kept)
    _verify(client, full, clerk2)
    for doc in call(client, "GET", f"/api/v1/bookings/{full}", 200, headers=clerk2)["documents"]:
        body = {"state": "received"}
        call(
            client, "PUT", f"/api/v1/bookings/{full}/documents/{doc['code']}", 200, headers=clerk2, json=body
        )
    completed = {"outcome": "completed"}
    call(client, "POST", f"/api/v1/bookings/{full}/outcome", 200, headers=clerk2, json=completed)
    assert _audit_details(world, "outcome") == [{"outcome": "documents_missing"}, {"outcome": "completed"}]


def test_every_desk_action_on_a_cancelled_booking_is_refused_and_changes_nothing(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    ref, clerk = _booked(client, world, FRIDAY, 10)
    before = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=clerk)
    code = before["documents"][0]["code"]
    call(client, "POST", f"/api/v1/bookings/{ref}/cancel", 200, headers=clerk, json={"reason": "phoned"})
    clock.now = athens(FRIDAY, 10, 5)
    attempts: list[tuple[str, str, dict[str, Any] | None]] = [
        ("PUT", f"/documents/{code}", {"state": "received"}),
        ("PUT", "/notes", {"notes": "came anyway"}),
        ("POST", "/identity", {"document_type": "identity_card", "name_matches": True}),
        ("POST", "/check-in", None),
        ("POST", "/outcome", {"outcome": "completed", "confirm_missing_documents": True}),
        ("POST", "/outcome", {"outcome": "no_show"}),
    ]
    for method, tail, body in attempts:
        refused = call(client, method, f"/api/v1/bookings/{ref}{tail}", 409, headers=clerk, json=body)
        assert refused["error"] == "booking_cancelled", tail
        assert "cancelled" in refused["message"]
    after = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=clerk)
    assert after["status"] == "cancelled" and after["notes"] == before["notes"]
    assert after["documents"] == before["documents"] and after["identity"] is None
