"""Accessibility needs over the API (issue 18): search, book, see, administer, count."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from service_api.domain.policy import Actor
from service_api.domain.rules import Outcome
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import call, citizen_token, login
from tests.helpers.world import World, athens

COHAB = "cohabitation-agreement"


def _availability(client: FlaskClient, world: World, query: str = "", status: int = 200, **kw):  # type: ignore[no-untyped-def]
    sid = world.service(COHAB)
    url = f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-03&to=2026-12-03{query}"
    return call(client, "GET", url, status, **kw)


def _book(client: FlaskClient, world: World, start, needs, n: int = 1, status: int = 201):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {citizen_token(client.application, f'citizen{n}@example.org')}"}
    body = booking_body(world.service(COHAB), start, n=n, needs=needs)
    return call(client, "POST", "/api/v1/bookings", status, json=body, headers=headers)


def test_an_admin_sets_extra_time_and_a_supervisor_a_clerks_languages(
    client: FlaskClient, world: World
) -> None:
    admin = login(client, "admin")
    sid = world.service(COHAB)
    service = call(
        client, "PATCH", f"/api/v1/services/{sid}", 200, json={"extra_time_minutes": 30}, headers=admin
    )
    assert service["extra_time_minutes"] == 30
    call(client, "PATCH", f"/api/v1/services/{sid}", 422, json={"extra_time_minutes": 999}, headers=admin)
    boss = login(client, "supervisor")
    url = f"/api/v1/staff/{world.staff['clerk_b']}"
    body = {"supports": {"sign_language": True, "languages": ["English", "Αραβικά"]}}
    assert call(client, "PATCH", url, 200, json=body, headers=boss)["supports"] == body["supports"]
    refused = call(
        client,
        "PATCH",
        url,
        422,
        json={"supports": {"languages": ["<b>"]}},
        headers={**boss, "Accept-Language": "el"},
    )
    assert refused["error"] == "rule_violation" and "languages" in refused["fields"]
    assert call(client, "GET", url, 200, headers=boss)["supports"]["sign_language"] is True


def test_availability_takes_needs_and_a_booking_keeps_and_shows_them(
    client: FlaskClient, world: World
) -> None:
    boss = login(client, "supervisor")
    call(
        client,
        "PATCH",
        f"/api/v1/staff/{world.staff['clerk_a']}",
        200,
        json={"supports": {"sign_language": True, "languages": []}},
        headers=boss,
    )
    plain = _availability(client, world)
    signed = _availability(client, world, "&needs=sign_language,extra_time")
    assert signed["needs"] == {"codes": ["sign_language", "extra_time"]}
    assert (
        all(s["capacity"] == 1 for s in signed["slots"]) and max(s["capacity"] for s in plain["slots"]) == 3
    )
    first = signed["slots"][0]
    assert first["end"] > plain["slots"][0]["end"]  # 15 + 15 minutes
    made = _book(client, world, athens(3, 8), {"codes": ["sign_language", "extra_time"]})
    assert made["needs"] == {"codes": ["sign_language", "extra_time"], "language": ""}
    assert made["end"].startswith("2026-12-03T08:30")
    # Seen by the clerk who serves it, in their own read of the booking.
    clerk = login(client, "clerk_a")
    seen = call(client, "GET", f"/api/v1/bookings/{made['reference']}", 200, headers=clerk)
    assert seen["needs"]["codes"] == ["sign_language", "extra_time"]
    # The only signing clerk is taken at 8:00 now.
    again = _availability(client, world, "&needs=sign_language")
    assert "2026-12-03T08:00:00+02:00" not in {s["start"] for s in again["slots"]}
    _book(client, world, athens(3, 8), {"codes": ["sign_language"]}, n=2, status=409)


def test_bad_needs_are_a_422_in_the_callers_language(client: FlaskClient, world: World) -> None:
    greek = {"Accept-Language": "el"}
    answer = _availability(client, world, "&needs=interpreter&needs_language=12", 422, headers=greek)
    assert answer["error"] == "rule_violation" and "needs_language" in answer["fields"]
    assert _availability(client, world, "&needs=teleport", 422)["fields"] == {"needs": "Unknown need."}
    _book(client, world, athens(3, 9), {"codes": ["nope"]}, status=422)
    _book(client, world, athens(3, 9), {"codes": ["interpreter"], "language": ""}, status=422)


def test_statistics_count_the_needs_served(client: FlaskClient, world: World) -> None:
    made = _book(client, world, athens(2, 9), {"codes": ["wheelchair", "assistant"]})
    _book(client, world, athens(2, 10), {"codes": ["wheelchair"]}, n=2)  # not served yet
    admin = Actor("staff", world.staff["admin"], "admin")
    actions = world.rt.clerk_actions
    actions.verify_identity(
        reference=made["reference"], actor=admin, document_type="identity_card", name_matches=True
    )
    clock = world.rt.bookings.clock
    assert isinstance(clock, Clock)
    clock.now = athens(2, 9) + timedelta(minutes=20)
    actions.record_outcome(
        reference=made["reference"], outcome=Outcome.COMPLETED, actor=admin, confirm_missing_documents=True
    )
    figures = call(
        client, "GET", "/api/v1/stats?from=2026-12-01&to=2026-12-31", 200, headers=login(client, "supervisor")
    )
    assert figures["needs_served"] == {
        "wheelchair": 1,
        "sign_language": 0,
        "interpreter": 0,
        "extra_time": 0,
        "assistant": 1,
    }
