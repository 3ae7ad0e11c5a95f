"""Catalogue administration over the API: services, groups, municipality settings and closures, per role."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.domain.kinds import OutboxKind
from service_api.models import Outbox
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens

DAY = "from=2026-12-02&to=2026-12-02"


def slots(client: FlaskClient, service_id: int, query: str = DAY) -> list[dict[str, Any]]:
    url = f"/api/v1/services/{service_id}/availability?mode=in_person&{query}"
    return call(client, "GET", url, 200)["slots"]


def starts(client: FlaskClient, service_id: int) -> list[str]:
    return [s["start"][11:16] for s in slots(client, service_id)]


NEW_SERVICE = {
    "slug": "street-trading-licence",
    "name_el": "Άδεια υπαίθριου εμπορίου",
    "name_en": "Street trading licence",
    "description_el": "Για πωλητές λαϊκών αγορών.",
    "description_en": "For market traders.",
    "duration_minutes": 20,
    "slot_interval_minutes": 30,
    "modes": ["in_person"],
    "required_documents": [{"code": "id_card", "el": "Ταυτότητα", "en": "Identity card"}],
}


def test_an_admin_creates_a_group_and_a_service_and_citizens_see_it_at_once(
    world: World, client: FlaskClient
) -> None:
    admin = login(client, "admin")
    group = call(
        client,
        "POST",
        "/api/v1/municipalities/larissa/groups",
        201,
        headers=admin,
        json={"slug": "trade", "name_el": "Εμπόριο", "name_en": "Trade", "extra_fields": []},
    )
    created = call(
        client,
        "POST",
        "/api/v1/municipalities/larissa/services",
        201,
        headers=admin,
        json={**NEW_SERVICE, "group_id": group["id"]},
    )
    assert created["active"] and created["required_documents"][0]["code"] == "id_card"
    public = call(client, "GET", "/api/v1/municipalities/larissa/services", 200)
    listed = {s["slug"] for g in public["groups"] for s in g["services"]}
    assert "street-trading-licence" in listed
    renamed = call(
        client,
        "PATCH",
        f"/api/v1/groups/{group['id']}",
        200,
        headers=admin,
        json={"name_en": "Trade and markets"},
    )
    assert renamed["name_en"] == "Trade and markets"
    # A group of another municipality is refused field by field.
    metamorfosi = call(client, "GET", "/api/v1/municipalities/metamorfosi/catalogue", 200, headers=admin)
    other_group = metamorfosi["groups"][0]["id"]
    refused = call(
        client,
        "POST",
        "/api/v1/municipalities/larissa/services",
        422,
        headers=admin,
        json={**NEW_SERVICE, "slug": "x", "group_id": other_group},
    )
    assert "group_id" in refused["fields"]


def test_retiring_a_service_stops_new_bookings_and_keeps_the_existing_ones_manageable(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    admin, boss = login(client, "admin"), login(client, "supervisor")
    kept = book(client, 201, booking_body(sid, athens(2, 9)))
    retired = call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=admin, json={"active": False})
    assert retired["active"] is False
    call(client, "GET", f"/api/v1/services/{sid}/availability?mode=in_person&{DAY}", 404)
    book(client, 404, booking_body(sid, athens(2, 10), n=2))
    catalogue = call(client, "GET", "/api/v1/municipalities/larissa/catalogue", 200, headers=boss)
    listed = {s["id"]: s["active"] for g in catalogue["groups"] for s in g["services"]}
    assert listed[sid] is False  # the desktop's table still shows it, to reactivate
    # The booking stays: its clerk can be changed and the citizen can still cancel it.
    ref = kept["reference"]
    booked = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=boss)
    candidates = call(client, "GET", f"/api/v1/bookings/{ref}/candidates", 200, headers=boss)
    target = next(c["id"] for c in candidates["candidates"] if c["id"] != booked["staff"]["id"])
    moved = call(
        client, "POST", f"/api/v1/bookings/{ref}/reassign", 200, headers=boss, json={"staff_id": target}
    )
    assert moved["staff"]["id"] == target
    call(client, "DELETE", f"/api/v1/bookings/{ref}", 204, headers={"X-Manage-Token": kept["manage_token"]})
    call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=admin, json={"active": True})
    assert slots(client, sid)


def test_a_new_duration_applies_to_new_bookings_and_never_moves_existing_ones(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("transfer-of-registration")
    admin = login(client, "admin")
    kept = book(client, 201, booking_body(sid, athens(2, 9)))
    call(
        client,
        "PATCH",
        f"/api/v1/services/{sid}",
        200,
        headers=admin,
        json={"duration_minutes": 45, "slot_interval_minutes": 60},
    )
    again = call(client, "GET", f"/api/v1/bookings/{kept['reference']}", 200, headers=admin)
    assert (again["start"], again["end"]) == ("2026-12-02T09:00:00+02:00", "2026-12-02T09:15:00+02:00")
    first = slots(client, sid)[0]
    assert (first["start"][11:16], first["end"][11:16]) == ("08:00", "08:45")
    assert all(s["start"][14:16] == "00" for s in slots(client, sid))


def test_a_supervisor_changes_documents_and_descriptions_of_their_municipality_only(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    url = f"/api/v1/services/{sid}"
    documents = [
        {"code": "partners_id", "el": "Ταυτότητες", "en": "Identity cards"},
        {"code": "notarial_deed", "el": "Συμβολαιογραφική πράξη", "en": "Notarial deed"},
    ]
    changed = call(
        client,
        "PATCH",
        url,
        200,
        headers=login(client, "supervisor"),
        json={"required_documents": documents, "description_en": "Bring both partners."},
    )
    assert [d["code"] for d in changed["required_documents"]] == ["partners_id", "notarial_deed"]
    public = call(client, "GET", "/api/v1/municipalities/larissa/services", 200)
    shown = next(s for g in public["groups"] for s in g["services"] if s["id"] == sid)
    assert shown["required_documents"] == documents
    refused = call(
        client, "PATCH", url, 403, headers=login(client, "supervisor"), json={"duration_minutes": 30}
    )
    assert "duration_minutes" in refused["message"]
    call(client, "PATCH", url, 404, headers=login(client, "other_supervisor"), json={"description_en": "x"})
    call(client, "PATCH", url, 403, headers=login(client, "clerk_a"), json={"description_en": "x"})
    call(client, "PATCH", url, 401, json={"description_en": "x"})
    call(
        client, "PATCH", "/api/v1/services/999999", 404, headers=login(client, "admin"), json={"active": True}
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "required_documents": [
                    {"code": "a", "el": "Α", "en": "A"},
                    {"code": "a", "el": "Β", "en": "B"},
                ]
            },
            "required_documents",
        ),
        ({"required_documents": [{"code": "Not A Code", "el": "Α", "en": "A"}]}, "required_documents.0.code"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"modes": []}, "modes"),
        ({"modes": ["by_pigeon"]}, "modes.0"),
        ({"buffer_after_minutes": 500}, "buffer_after_minutes"),
        ({"name_el": None}, "name_el"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_service_changes_get_a_message_per_field(
    world: World, client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    sid = world.service("cohabitation-agreement")
    answer = call(client, "PATCH", f"/api/v1/services/{sid}", 422, headers=login(client, "admin"), json=body)
    assert field in answer["fields"], answer


def test_creating_services_groups_and_municipalities_is_for_admins(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    call(client, "POST", "/api/v1/municipalities/larissa/services", 403, headers=boss, json=NEW_SERVICE)
    call(client, "POST", "/api/v1/municipalities/larissa/groups", 403, headers=boss, json={})
    call(client, "POST", "/api/v1/municipalities", 403, headers=boss, json={})
    call(client, "POST", "/api/v1/municipalities", 401, json={})
    made = call(
        client,
        "POST",
        "/api/v1/municipalities",
        201,
        headers=login(client, "admin"),
        json={"slug": "tyrnavos", "name_el": "Δήμος Τυρνάβου", "name_en": "Municipality of Tyrnavos"},
    )
    assert made["timezone"] == "Europe/Athens"
    call(
        client,
        "POST",
        "/api/v1/municipalities",
        422,
        headers=login(client, "admin"),
        json={**made, "id": None},
    )


def test_municipality_settings_and_the_time_zone_read_only_once_used(
    world: World, client: FlaskClient
) -> None:
    admin = login(client, "admin")
    url = "/api/v1/municipalities/larissa"
    changed = call(client, "PATCH", url, 200, headers=admin, json={"phone": "+30 2410 000000"})
    assert changed["phone"] == "+30 2410 000000"
    call(client, "PATCH", url, 403, headers=login(client, "supervisor"), json={"phone": "1"})
    call(client, "PATCH", url, 422, headers=admin, json={"timezone": "Mars/Olympus"})
    call(client, "PATCH", url, 200, headers=admin, json={"timezone": "Europe/Athens"})  # unchanged: fine
    book(client, 201, booking_body(world.service("transfer-of-registration"), athens(2, 9)))
    refused = call(client, "PATCH", url, 409, headers=admin, json={"timezone": "Europe/Nicosia"})
    assert "timezone" in refused["fields"]


def test_a_whole_day_closure_lists_its_bookings_offers_new_times_and_frees_the_day_when_removed(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    boss = login(client, "supervisor")
    assert slots(client, sid)
    booked = book(client, 201, booking_body(sid, athens(2, 9)))
    closure = call(
        client,
        "POST",
        "/api/v1/municipalities/larissa/closures",
        201,
        headers=boss,
        json={
            "date": "2026-12-02",
            "name_el": "Εκλογές",
            "name_en": "Election day",
            "offer_reschedule": True,
        },
    )
    assert [b["reference"] for b in closure["affected_bookings"]] == [booked["reference"]]
    assert closure["offer_reschedule"]["offered"] == [booked["reference"]]
    assert slots(client, sid) == []
    with world.rt.store.read() as session:
        kinds = session.scalars(select(Outbox.kind).where(Outbox.booking_id.is_not(None))).all()
        assert OutboxKind.EMAIL_OFFER_RESCHEDULE.value in kinds
    listed = call(
        client, "GET", "/api/v1/municipalities/larissa/closures", 200, headers=login(client, "clerk_a")
    )
    mine = next(c for c in listed["closures"] if c["id"] == closure["closure"]["id"])
    assert (mine["kind"], mine["date"], mine["whole_day"]) == ("once", "2026-12-02", True)
    assert any(c["month"] == 5 and c["day"] == 15 for c in listed["closures"])  # Saint Achillios
    assert any(h["date"] == "2026-12-25" for h in listed["national_holidays"])
    call(client, "DELETE", f"/api/v1/closures/{mine['id']}", 404, headers=login(client, "other_supervisor"))
    call(client, "DELETE", f"/api/v1/closures/{mine['id']}", 204, headers=boss)
    assert slots(client, sid)


def test_a_closure_of_some_hours_takes_only_those_hours(world: World, client: FlaskClient) -> None:
    sid = world.service("transfer-of-registration")
    before = starts(client, sid)
    assert {"10:00", "11:30", "12:00"} <= set(before)
    added = call(
        client,
        "POST",
        "/api/v1/municipalities/larissa/closures",
        201,
        headers=login(client, "admin"),
        json={
            "date": "2026-12-02",
            "start": "10:00",
            "end": "12:00",
            "name_el": "Σύσκεψη",
            "name_en": "Staff meeting",
        },
    )
    assert added["affected_bookings"] == [] and added["offer_reschedule"]["references"] == []
    after = starts(client, sid)
    assert not any("10:00" <= s < "12:00" for s in after)
    assert set(after) == {s for s in before if not "10:00" <= s < "12:00"}
    book(client, 409, booking_body(sid, athens(2, 11)))
    book(client, 201, booking_body(sid, athens(2, 12)))


def test_yearly_and_easter_closures(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    url = "/api/v1/municipalities/larissa/closures"
    easter = call(
        client,
        "POST",
        url,
        201,
        headers=boss,
        json={
            "kind": "easter",
            "easter_offset": 2,
            "name_el": "Τρίτη του Πάσχα",
            "name_en": "Easter Tuesday",
        },
    )
    assert easter["closure"]["next_dates"] == ["2027-05-04", "2028-04-18"]
    yearly = call(
        client,
        "POST",
        url,
        201,
        headers=boss,
        json={"kind": "annual", "month": 12, "day": 3, "name_el": "Τοπική γιορτή", "name_en": "Local feast"},
    )
    assert yearly["closure"]["next_dates"][0] == "2026-12-03"
    sid = world.service("transfer-of-registration")
    assert slots(client, sid, "from=2026-12-03&to=2026-12-03") == []
    call(
        client,
        "POST",
        url,
        422,
        headers=boss,
        json={"kind": "annual", "month": 12, "day": 3, "name_el": "Α", "name_en": "A"},
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "once"}, "date"),
        ({"kind": "annual", "month": 2, "day": 30}, "day"),
        ({"kind": "annual", "day": 3}, "month"),
        ({"kind": "easter"}, "easter_offset"),
        ({"kind": "easter", "easter_offset": 400}, "easter_offset"),
        ({"kind": "weekly", "date": "2026-12-02"}, "kind"),
        ({"date": "2026-12-02", "start": "12:00", "end": "10:00"}, "end"),
        ({"date": "2026-12-02", "start": "12:00"}, "end"),
        ({"date": "2026-13-02"}, "date"),
    ],
)
def test_invalid_closures_get_a_message_per_field(
    world: World, client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    answer = call(
        client,
        "POST",
        "/api/v1/municipalities/larissa/closures",
        422,
        headers=login(client, "supervisor"),
        json={"name_el": "Α", "name_en": "A", **body},
    )
    assert field in answer["fields"], answer


def test_closures_are_managed_by_the_municipality_s_own_supervisors(
    world: World, client: FlaskClient
) -> None:
    url = "/api/v1/municipalities/larissa/closures"
    body = {"date": "2026-12-02", "name_el": "Α", "name_en": "A"}
    call(client, "POST", url, 401, json=body)
    call(client, "POST", url, 403, headers=login(client, "clerk_a"), json=body)
    call(client, "POST", url, 403, headers=login(client, "other_supervisor"), json=body)
    call(client, "GET", url, 404, headers=login(client, "other_supervisor"))
    call(client, "GET", url, 401)
    call(
        client,
        "POST",
        "/api/v1/municipalities/nowhere/closures",
        404,
        headers=login(client, "admin"),
        json=body,
    )
