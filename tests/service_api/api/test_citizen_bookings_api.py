"""GET /api/v1/citizen/bookings: a citizen token's own bookings, upcoming and past, and no one else's."""

from __future__ import annotations

from flask.testing import FlaskClient

from service_api.domain.policy import Actor
from tests.helpers.factories import create_booking
from tests.helpers.http import call, citizen_token, login
from tests.helpers.world import World, athens

AFM = "068933130"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _book(
    world: World, day: int, hour: int, service: str = "transfer-of-registration", **citizen: object
) -> str:
    made = create_booking(
        world.rt.bookings, service_id=world.service(service), start=athens(day, hour), **citizen
    )
    return made.booking.reference


def test_a_citizen_token_lists_its_own_bookings_upcoming_and_past(world: World, client: FlaskClient) -> None:
    later = _book(world, 4, 9, email="maria@example.org")
    sooner = _book(world, 3, 9, email="maria@example.org")
    cancelled = _book(world, 7, 10, "cohabitation-agreement", email="maria@example.org")
    world.rt.bookings.cancel(cancelled, Actor.citizen(), reason="cancelled_by_citizen")
    someone_elses = _book(world, 3, 10, who=2)
    with_afm = _book(
        world, 8, 9, "cohabitation-agreement", email="maria@example.org", afm=AFM, via_taxisnet=True
    )
    token = citizen_token(client, "maria@example.org")

    mine = call(client, "GET", "/api/v1/citizen/bookings", 200, headers=_bearer(token))
    assert [b["reference"] for b in mine["upcoming"]] == [sooner, later]
    assert [b["reference"] for b in mine["past"]] == [cancelled]
    listed = {b["reference"] for b in mine["upcoming"] + mine["past"]}
    assert someone_elses not in listed and with_afm not in listed
    first = mine["upcoming"][0]
    assert first["start"] == "2026-12-03T09:00:00+02:00" and first["status"] == "confirmed"
    assert first["municipality"] == {
        "slug": "larissa",
        "name_el": "Δήμος Λαρισαίων",
        "name_en": "Municipality of Larissa",
    }
    assert first["upcoming"] and first["changeable"] and not first["cancelled"]
    assert first["citizen"]["email"] == "maria@example.org" and "staff" not in first
    past = mine["past"][0]
    assert past["cancelled"] and past["status"] == "cancelled" and not past["changeable"]
    assert "manage_token" not in past

    # The manage token of the list opens the booking's own API, as the e-mailed link does.
    moved = call(
        client,
        "PATCH",
        f"/api/v1/bookings/{sooner}",
        200,
        headers={"X-Manage-Token": first["manage_token"]},
        json={"start": athens(3, 11).isoformat()},
    )
    assert moved["start"] == "2026-12-03T11:00:00+02:00"

    in_london = call(client, "GET", "/api/v1/citizen/bookings?tz=Europe/London", 200, headers=_bearer(token))
    assert in_london["upcoming"][0]["start"] == "2026-12-03T09:00:00+00:00"
    refused = call(client, "GET", "/api/v1/citizen/bookings?tz=Mars/Olympus", 422, headers=_bearer(token))
    assert refused["fields"] == {"tz": "An IANA zone such as Europe/Athens."}


def test_a_taxisnet_identity_lists_by_its_afm(world: World, client: FlaskClient) -> None:
    theirs = _book(world, 3, 9, email="work@example.org", afm=AFM, via_taxisnet=True)
    same_address = _book(world, 3, 10, email="work@example.org")
    token = citizen_token(client, "work@example.org", afm=AFM)
    mine = call(client, "GET", "/api/v1/citizen/bookings", 200, headers=_bearer(token))
    assert [b["reference"] for b in mine["upcoming"]] == [theirs]
    assert same_address not in str(mine)
    nobody = citizen_token(client, "nobody@example.org")
    assert call(client, "GET", "/api/v1/citizen/bookings", 200, headers=_bearer(nobody)) == {
        "upcoming": [],
        "past": [],
    }


def test_only_a_citizen_token_opens_the_list(world: World, client: FlaskClient) -> None:
    _book(world, 3, 9, email="maria@example.org")
    call(client, "GET", "/api/v1/citizen/bookings", 401)
    call(client, "GET", "/api/v1/citizen/bookings", 401, headers=_bearer("cit_forged"))
    call(client, "GET", "/api/v1/citizen/bookings", 401, headers=login(client, "clerk_a"))
    token = citizen_token(client, "maria@example.org")
    call(client, "DELETE", "/api/v1/citizen/token", 204, headers=_bearer(token))
    call(client, "GET", "/api/v1/citizen/bookings", 401, headers=_bearer(token))


def test_the_list_is_in_the_openapi_document(client: FlaskClient) -> None:
    doc = call(client, "GET", "/api/v1/openapi.json", 200)
    operation = doc["paths"]["/citizen/bookings"]["get"]
    assert operation["security"] == [{"bearer": []}]
    assert {"200", "401", "422"} <= operation["responses"].keys()
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["upcoming", "past"]
