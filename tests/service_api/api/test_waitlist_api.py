"""POST /api/v1/waitlist and DELETE /api/v1/waitlist/{id}: a citizen's token, clear 4xx in their language."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking import waitlist
from service_api.domain.waitlist import EntryStatus
from service_api.models import Service
from tests.helpers.http import call, citizen_auth, login
from tests.helpers.world import World

URL = "/api/v1/waitlist"


def body(world: World, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "service_id": world.service("cohabitation-agreement"),
        "mode": "teleconference",
        "from": "2026-12-03",
        "to": "2026-12-10",
        "part_of_day": "morning",
    }
    values.update(overrides)
    return values


def test_a_citizen_joins_and_leaves_the_waitlist(world: World, client: FlaskClient) -> None:
    me = citizen_auth(client, "waiter@example.org")
    entry = call(client, "POST", URL, 201, json=body(world), headers=me)
    assert entry["status"] == "waiting" and entry["part_of_day"] == "morning"
    assert (entry["from"], entry["to"]) == ("2026-12-03", "2026-12-10")
    assert call(client, "GET", URL, 200, headers=me)["entries"] == [entry]
    assert call(client, "GET", URL, 200, headers=citizen_auth(client, "else@example.org"))["entries"] == []
    call(client, "DELETE", f"{URL}/{entry['id']}", 204, headers=me)
    found, _ = waitlist.entry(world.rt.bookings, entry["id"])
    assert found.status == EntryStatus.LEFT
    call(client, "DELETE", f"{URL}/{entry['id']}", 204, headers=me)  # twice is harmless


def test_only_the_owner_may_leave(world: World, client: FlaskClient) -> None:
    entry = call(
        client, "POST", URL, 201, json=body(world), headers=citizen_auth(client, "owner@example.org")
    )
    refused = call(
        client, "DELETE", f"{URL}/{entry['id']}", 404, headers=citizen_auth(client, "other@example.org")
    )
    assert refused["error"] == "not_found"
    assert waitlist.entry(world.rt.bookings, entry["id"])[0].status == EntryStatus.WAITING


def test_staff_and_anonymous_callers_are_refused(world: World, client: FlaskClient) -> None:
    call(client, "POST", URL, 401, json=body(world))
    call(client, "POST", URL, 401, json=body(world), headers=login(client, "clerk_a"))


@pytest.mark.parametrize(
    ("overrides", "status", "field", "greek"),
    [
        (
            {"to": "2026-12-02", "from": "2026-12-05"},
            422,
            "to",
            "Η τελευταία ημέρα είναι πριν από την πρώτη.",
        ),
        ({"from": "2026-11-30"}, 422, "from", "Το διάστημα δεν μπορεί να αρχίζει στο παρελθόν."),
        ({"to": "2027-06-30"}, 422, "to", "Το διάστημα μπορεί να είναι έως 92 ημέρες."),
        ({"from": "2027-03-01", "to": "2027-03-02"}, 422, "from", "Η υπηρεσία δέχεται κρατήσεις μόνο έως"),
        ({"service_id": 999999}, 404, "service_id", "Η υπηρεσία δεν βρέθηκε."),
        ({"mode": "carrier_pigeon"}, 422, "mode", "Κάποια πεδία δεν είναι έγκυρα."),
        ({"part_of_day": "night"}, 422, "part_of_day", "Κάποια πεδία δεν είναι έγκυρα."),
        ({"from": "03/12/2026"}, 422, "from", "Κάποια πεδία δεν είναι έγκυρα."),
    ],
)
def test_a_bad_request_is_refused_in_the_citizens_language(
    world: World, client: FlaskClient, overrides: dict[str, Any], status: int, field: str, greek: str
) -> None:
    me = {**citizen_auth(client, "waiter@example.org"), "Accept-Language": "el"}
    refused = call(client, "POST", URL, status, json=body(world, **overrides), headers=me)
    assert refused["message"].startswith(greek)
    assert field in refused.get("fields", {}) or status == 404


def test_a_mode_the_service_does_not_offer_is_refused(world: World, client: FlaskClient) -> None:
    with world.rt.store.read() as session:  # Kordelio-Evosmos declares births in person only
        in_person_only = session.scalar(select(Service.id).where(Service.slug == "birth-declaration"))
    refused = call(
        client,
        "POST",
        URL,
        422,
        json=body(world, service_id=in_person_only),
        headers=citizen_auth(client, "waiter@example.org"),
    )
    assert refused["fields"] == {"mode": "Not offered for this service."}


def test_a_duplicate_entry_and_too_many_entries_are_refused(world: World, client: FlaskClient) -> None:
    me = citizen_auth(client, "waiter@example.org")
    call(client, "POST", URL, 201, json=body(world), headers=me)
    duplicate = call(client, "POST", URL, 409, json=body(world, part_of_day="any"), headers=me)
    assert duplicate["error"] == "already_waiting"
    call(client, "POST", URL, 201, json=body(world, mode="in_person"), headers=me)  # another mode is fine
    world.rt.config.waitlist_max_entries = 2
    too_many = call(
        client,
        "POST",
        URL,
        422,
        json=body(world, service_id=world.service("transfer-of-registration")),
        headers={**me, "Accept-Language": "el"},
    )
    assert too_many["message"].startswith("Μπορείτε να περιμένετε για έως 2 υπηρεσίες")


def test_the_openapi_document_describes_the_waitlist(client: FlaskClient) -> None:
    paths = call(client, "GET", "/api/v1/openapi.json", 200)["paths"]
    assert set(paths["/waitlist"]) == {"get", "post"} and set(paths["/waitlist/{entry_id}"]) == {"delete"}
    schema = paths["/waitlist"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"service_id", "mode", "from", "to", "part_of_day"} <= set(schema["properties"])


def test_supervisors_see_each_services_waitlist_in_the_statistics(world: World, client: FlaskClient) -> None:
    agreement = world.service("cohabitation-agreement")
    for n in range(3):
        call(client, "POST", URL, 201, json=body(world), headers=citizen_auth(client, f"w{n}@example.org"))
    transfer = body(world, service_id=world.service("transfer-of-registration"))
    left = call(client, "POST", URL, 201, json=transfer, headers=citizen_auth(client, "gone@example.org"))
    call(client, "DELETE", f"{URL}/{left['id']}", 204, headers=citizen_auth(client, "gone@example.org"))
    figures = call(client, "GET", "/api/v1/stats", 200, headers=login(client, "supervisor"))
    assert figures["waitlist"] == [
        {
            "service_id": agreement,
            "name_el": "Αίτηση για Σύμφωνο Συμβίωσης",
            "name_en": "Application for a Cohabitation Agreement",
            "waiting": 3,
            "offered": 0,
        }
    ]
    # Another municipality's supervisor sees none of Larissa's waiting citizens.
    other = call(client, "GET", "/api/v1/stats", 200, headers=login(client, "other_supervisor"))
    assert other["waitlist"] == []
