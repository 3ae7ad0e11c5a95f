"""The JSON API as a client sees it: catalogue, availability, booking by manage token, staff roles, errors."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, citizen_auth, login
from tests.helpers.world import World, athens


def test_municipalities_and_the_larissa_catalogue(world: World, client: FlaskClient) -> None:
    munis = call(client, "GET", "/api/v1/municipalities", 200)["municipalities"]
    assert {"larissa", "metamorfosi", "kordelio-evosmos"} <= {m["slug"] for m in munis}
    larissa = next(m for m in munis if m["slug"] == "larissa")
    assert larissa["address_el"] == "Ιουστινιανού 2, 412 22 Λάρισα" and isinstance(larissa["id"], int)
    catalogue = call(client, "GET", "/api/v1/municipalities/larissa/services", 200)
    assert [g["name_el"] for g in catalogue["groups"]] == [
        "Ληξιαρχείο - Δημοτολόγιο",
        "Οικονομικές Υπηρεσίες - Έσοδα",
    ]
    services = [s for g in catalogue["groups"] for s in g["services"]]
    assert len(services) == 13
    agreement = services[0]
    assert agreement["name_el"] == "Αίτηση για Σύμφωνο Συμβίωσης"
    assert agreement["duration_minutes"] == 15 and agreement["modes"] == ["in_person", "teleconference"]
    assert any("συμβολαιογραφικής" in d["el"] for d in agreement["required_documents"])
    call(client, "GET", "/api/v1/municipalities/atlantis/services", 404)


def test_availability_is_shown_in_the_citizens_time_zone(world: World, client: FlaskClient) -> None:
    sid = world.service("cohabitation-agreement")
    athens_view = call(
        client,
        "GET",
        f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-02&to=2026-12-02",
        200,
    )
    assert athens_view["utc_offset"] == "UTC+02:00"
    assert athens_view["slots"][0] == {
        "start": "2026-12-02T08:00:00+02:00",
        "end": "2026-12-02T08:15:00+02:00",
        "capacity": 3,
    }
    london = call(
        client,
        "GET",
        f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-02&to=2026-12-02&tz=Europe/London",
        200,
    )
    assert london["slots"][0]["start"] == "2026-12-02T06:00:00+00:00"
    tele = call(
        client,
        "GET",
        f"/api/v1/services/{sid}/availability?mode=teleconference&from=2026-12-02&to=2026-12-02",
        200,
    )
    assert tele["slots"][0]["capacity"] == 2


@pytest.mark.parametrize(
    "query, field",
    [
        ("mode=by_pigeon", "mode"),
        ("mode=in_person&tz=Mars/Olympus", "tz"),
        ("mode=in_person&from=2026-13-01", "from"),
        ("mode=in_person&from=2026-12-01&to=2026-11-01", "to"),
        ("mode=in_person&from=2026-12-01&to=2027-06-01", "to"),
    ],
)
def test_bad_availability_queries_get_a_specific_422(
    world: World, client: FlaskClient, query: str, field: str
) -> None:
    sid = world.service("cohabitation-agreement")
    body = call(client, "GET", f"/api/v1/services/{sid}/availability?{query}", 422)
    assert body["error"] == "rule_violation" and field in body["fields"]


def test_book_read_reschedule_and_cancel_with_the_manage_token(world: World, client: FlaskClient) -> None:
    sid = world.service("transfer-of-registration")
    created = book(client, 201, booking_body(sid, athens(2, 9)))
    ref, token = created["reference"], created["manage_token"]
    assert created["status"] == "confirmed" and created["start"] == "2026-12-02T09:00:00+02:00"
    assert created["citizen"]["phone"] == "+306941234567"
    assert "staff" not in created and "notes" not in created
    headers = {"X-Manage-Token": token}
    assert call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=headers)["reference"] == ref
    moved = call(
        client,
        "PATCH",
        f"/api/v1/bookings/{ref}",
        200,
        headers=headers,
        json={"start": "2026-12-03T10:30:00+02:00"},
    )
    assert moved["start"] == "2026-12-03T10:30:00+02:00"
    call(
        client, "GET", f"/api/v1/bookings/{ref}", 404, headers=headers
    )  # the old link died with the reschedule
    new_headers = {"X-Manage-Token": moved["manage_token"]}
    call(client, "DELETE", f"/api/v1/bookings/{ref}", 204, headers=new_headers)


def test_a_taken_slot_answers_409_and_the_same_idempotency_key_replays(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    key = {"Idempotency-Key": "same-key-0001"}
    first = book(client, 201, booking_body(sid, athens(2, 9), n=1), headers=key)
    replay = client.post(
        "/api/v1/bookings",
        json=booking_body(sid, athens(2, 9), n=1),
        headers={**key, **citizen_auth(client, "citizen1@example.org")},
    )
    assert replay.status_code == 200 and replay.get_json()["reference"] == first["reference"]
    other = book(client, 422, booking_body(sid, athens(2, 10), n=1), headers=key)
    assert other["error"] == "idempotency_key_reused"
    for n in (2, 3):
        book(client, 201, booking_body(sid, athens(2, 9), n=n))
    taken = book(client, 409, booking_body(sid, athens(2, 9), n=4))
    assert taken["error"] == "slot_unavailable" and taken["message"]


def test_invalid_bookings_get_a_message_per_field(world: World, client: FlaskClient) -> None:
    body = booking_body(world.service("cohabitation-agreement"), athens(2, 9))
    body["citizen"].update(email="not-an-email", phone="12", name="")
    body["start"] = "2026-12-02T09:00:00"  # no offset
    answer = book(client, 422, body)
    assert {"citizen.email", "citizen.phone", "citizen.name", "start"} <= set(answer["fields"])


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "[]",
        "{",
        '{"service_id": "x"}',
        '{"service_id": 999999, "mode": "in_person", "start": "2026-12-02T09:00:00+02:00", '
        '"citizen": {"name": "Ab", "email": "a@b.gr", "phone": "6941234567"}}',
    ],
)
def test_nothing_a_client_sends_causes_a_500(world: World, client: FlaskClient, payload: str | None) -> None:
    response = client.post(
        "/api/v1/bookings",
        data=payload,
        content_type="application/json",
        headers=citizen_auth(client, "a@b.gr"),
    )
    assert 400 <= response.status_code < 500 and response.status_code != 401
    assert set(response.get_json()) >= {"error", "message"}


def test_dates_at_the_ends_of_the_calendar_get_a_422_not_a_500(world: World, client: FlaskClient) -> None:
    sid = world.service("transfer-of-registration")
    boss = login(client, "supervisor")
    for url, headers in (
        (f"/api/v1/services/{sid}/availability?mode=in_person&from=0001-01-01&to=0001-01-02", {}),
        (f"/api/v1/services/{sid}/availability?mode=in_person&from=9999-12-30&to=9999-12-31", {}),
        ("/api/v1/me/bookings?from=0001-01-01&to=0001-01-05", login(client, "clerk_a")),
        ("/api/v1/stats?from=9999-12-01&to=9999-12-31", boss),
    ):
        answer = call(client, "GET", url, 422, headers=headers)
        assert "must lie between 2000-01-01 and 2199-12-31" in answer["message"]


def test_unknown_routes_and_methods_answer_json(client: FlaskClient, world: World) -> None:
    assert call(client, "GET", "/api/v1/nowhere", 404)["error"] == "not_found"
    assert call(client, "PUT", "/api/v1/municipalities", 405)["error"] == "method_not_allowed"
    for token in ("", "garbage", "x" * 300):
        call(client, "GET", "/api/v1/bookings/ABCD-EFGH", 404, headers={"X-Manage-Token": token})


def test_staff_login_refresh_and_logout(world: World, client: FlaskClient) -> None:
    call(client, "POST", "/api/v1/auth/login", 401, json={"username": "clerk_a", "password": "wrong"})
    tokens = call(
        client,
        "POST",
        "/api/v1/auth/login",
        200,
        json={"username": "clerk_a", "password": "correct-horse-battery"},
    )
    assert tokens["staff"]["role"] == "clerk"
    renewed = call(
        client, "POST", "/api/v1/auth/refresh", 200, json={"refresh_token": tokens["refresh_token"]}
    )
    # The first refresh token is spent; replaying it revokes the whole sign-in.
    call(client, "POST", "/api/v1/auth/refresh", 401, json={"refresh_token": tokens["refresh_token"]})
    call(client, "GET", "/api/v1/me", 401, headers={"Authorization": f"Bearer {renewed['access_token']}"})


def test_clerks_see_only_their_own_bookings_and_no_supervisor_endpoint(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    refs = [book(client, 201, booking_body(sid, athens(2, 9), n=n))["reference"] for n in range(3)]
    clerk = login(client, "clerk_a")
    mine = call(client, "GET", "/api/v1/me/bookings?from=2026-11-30&to=2026-12-06", 200, headers=clerk)[
        "bookings"
    ]
    assert len(mine) == 1 and mine[0]["staff"]["id"] == world.staff["clerk_a"]
    assert mine[0]["documents"][0]["state"] == "pending"
    others = [r for r in refs if r != mine[0]["reference"]]
    call(client, "GET", f"/api/v1/bookings/{others[0]}", 404, headers=clerk)
    call(client, "PUT", f"/api/v1/bookings/{others[0]}/notes", 404, headers=clerk, json={"notes": "x"})
    for method, url, body in [
        ("GET", "/api/v1/bookings?from=2026-11-30", None),
        ("GET", f"/api/v1/bookings/{refs[0]}/candidates", None),
        ("POST", f"/api/v1/bookings/{refs[0]}/reassign", {"staff_id": world.staff["clerk_b"]}),
        ("GET", "/api/v1/staff", None),
        (
            "POST",
            f"/api/v1/staff/{world.staff['clerk_b']}/absences",
            {"start": "2026-12-02T08:00:00+02:00", "end": "2026-12-03T08:00:00+02:00"},
        ),
        ("DELETE", "/api/v1/absences/1", None),
    ]:
        assert call(client, method, url, 403, headers=clerk, json=body)["error"] == "forbidden"


def test_clerk_works_a_booking_checklist_identity_outcome(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    sid = world.service("cohabitation-agreement")
    ref = book(client, 201, booking_body(sid, athens(2, 9)))["reference"]
    supervisor = login(client, "supervisor")
    owner = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=supervisor)["staff"]["id"]
    username = next(k for k, v in world.staff.items() if v == owner)
    clerk = login(client, username)
    after = call(
        client,
        "PUT",
        f"/api/v1/bookings/{ref}/documents/notarial_deed",
        200,
        headers=clerk,
        json={"state": "received"},
    )
    assert after["documents"][0] == {**after["documents"][0], "code": "notarial_deed", "state": "received"}
    call(
        client,
        "PUT",
        f"/api/v1/bookings/{ref}/documents/nonsense",
        422,
        headers=clerk,
        json={"state": "received"},
    )
    clock.now = athens(2, 8, 50)  # the citizen arrives on the day, a little early
    call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 200, headers=clerk)
    refused = call(
        client, "POST", f"/api/v1/bookings/{ref}/outcome", 422, headers=clerk, json={"outcome": "completed"}
    )
    assert "identity" in refused["fields"]
    verified = call(
        client,
        "POST",
        f"/api/v1/bookings/{ref}/identity",
        200,
        headers=clerk,
        json={"document_type": "identity_card", "name_matches": True},
    )
    assert verified["identity"]["verified_by"] == owner
    done = call(
        client,
        "POST",
        f"/api/v1/bookings/{ref}/outcome",
        200,
        headers=clerk,
        json={"outcome": "documents_missing", "note": "E9"},
    )
    assert done["status"] == "completed" and done["outcome"] == "documents_missing"


def test_supervisor_reassigns_within_the_municipality_only(world: World, client: FlaskClient) -> None:
    sid = world.service("cohabitation-agreement")
    ref = book(client, 201, booking_body(sid, athens(2, 9), mode="teleconference"))["reference"]
    boss = login(client, "supervisor")
    candidates = call(client, "GET", f"/api/v1/bookings/{ref}/candidates", 200, headers=boss)["candidates"]
    assert len(candidates) == 1  # the other teleconference clerk; clerk_c serves in person only
    moved = call(
        client,
        "POST",
        f"/api/v1/bookings/{ref}/reassign",
        200,
        headers=boss,
        json={"staff_id": candidates[0]["id"], "reason": "sick leave"},
    )
    assert moved["staff"]["id"] == candidates[0]["id"]
    refused = call(
        client,
        "POST",
        f"/api/v1/bookings/{ref}/reassign",
        422,
        headers=boss,
        json={"staff_id": world.staff["clerk_c"]},
    )
    assert "staff_id" in refused["fields"]
    stranger = login(client, "other_supervisor")
    call(client, "GET", f"/api/v1/bookings/{ref}", 404, headers=stranger)


def test_absences_remove_availability(world: World, client: FlaskClient) -> None:
    sid = world.service("cohabitation-agreement")
    boss = login(client, "supervisor")
    url = f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-02&to=2026-12-02"
    assert call(client, "GET", url, 200)["slots"][0]["capacity"] == 3
    absence = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/absences",
        201,
        headers=boss,
        json={"start": "2026-12-02T00:00:00+02:00", "end": "2026-12-03T00:00:00+02:00", "reason": "leave"},
    )
    assert call(client, "GET", url, 200)["slots"][0]["capacity"] == 2
    call(client, "DELETE", f"/api/v1/absences/{absence['id']}", 204, headers=boss)
    assert call(client, "GET", url, 200)["slots"][0]["capacity"] == 3


def test_openapi_document_is_valid_and_lists_every_route(app: Any, client: FlaskClient, world: World) -> None:
    from openapi_spec_validator import validate

    doc = call(client, "GET", "/api/v1/openapi.json", 200)
    validate(doc)
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule.endswith("openapi.json"):
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, (path, method)


def test_healthz(client: FlaskClient, world: World) -> None:
    assert call(client, "GET", "/healthz", 200)["status"] == "ok"


def test_large_json_answers_are_compressed_for_clients_that_accept_it(
    world: World, client: FlaskClient
) -> None:
    plain = client.get("/api/v1/municipalities/larissa/services")
    zipped = client.get("/api/v1/municipalities/larissa/services", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert len(zipped.data) * 3 < len(plain.data)


def _ask_extra_fields(world: World, service_id: int) -> None:
    """The service's group asks a required father's name and a nine-digit number in a pattern.

    Written as a catalogue change is (with its change-log row), so the booking service's catalogue
    facts follow it.
    """
    from service_api.booking import journal
    from service_api.models import Service

    with world.rt.store.write() as session:
        journal.catalogue_changed(session)
        service = session.get(Service, service_id)
        assert service is not None
        service.group.extra_fields = [
            {"key": "father_name", "label_el": "Πατρώνυμο", "label_en": "Father's name", "required": True},
            {"key": "number", "label_el": "Αριθμός", "label_en": "Number", "pattern": "^[0-9]{9}$"},
        ]


def test_the_groups_extra_fields_are_enforced_like_other_fields(world: World, client: FlaskClient) -> None:
    sid = world.service("cohabitation-agreement")
    _ask_extra_fields(world, sid)
    missing = book(client, 422, booking_body(sid, athens(2, 9)))
    assert missing["error"] == "rule_violation" and set(missing["fields"]) == {"citizen.extra.father_name"}
    body = booking_body(sid, athens(2, 9))
    body["citizen"]["extra"] = {"father_name": "Γεώργιος", "number": "12-34"}
    mismatch = book(client, 422, body)
    assert set(mismatch["fields"]) == {"citizen.extra.number"}
    assert "^[0-9]{9}$" in mismatch["fields"]["citizen.extra.number"]
    body["citizen"]["extra"]["number"] = "123456789"
    created = book(client, 201, body)
    assert created["reference"]
    # Now the booking service holds the service's facts: the rules still apply, read from them.
    again = book(client, 422, booking_body(sid, athens(2, 10), n=2))
    assert set(again["fields"]) == {"citizen.extra.father_name"}


def test_confirming_a_hold_with_details_checks_the_extra_fields(world: World, client: FlaskClient) -> None:
    sid = world.service("cohabitation-agreement")
    body = booking_body(sid, athens(2, 9), hold=True)
    held = book(client, 201, body)
    _ask_extra_fields(world, sid)
    headers = {"X-Manage-Token": held["manage_token"]}
    url = f"/api/v1/bookings/{held['reference']}/confirm"
    details = dict(body["citizen"], extra={"number": "123456789"})
    refused = call(client, "POST", url, 422, json={"citizen": details}, headers=headers)
    assert set(refused["fields"]) == {"citizen.extra.father_name"}
    details["extra"]["father_name"] = "Γεώργιος"
    assert call(client, "POST", url, 200, json={"citizen": details}, headers=headers)["status"] == "confirmed"


@pytest.mark.parametrize("name", ["Μαρία\x00", "Μαρία\nΠαπαδοπούλου", "Μαρία \u202eΠ", "\u200b\u200b"])
def test_a_name_that_is_not_plain_text_is_refused_with_a_422_and_nothing_is_booked(
    world: World, client: FlaskClient, name: str
) -> None:
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    body["citizen"]["name"] = name
    refused = book(client, 422, body)
    assert "citizen.name" in refused["fields"]
    body["citizen"]["name"] = "Μαρία Παπαδοπούλου"
    assert book(client, 201, body)["reference"]


def test_idempotency_keys_of_any_allowed_length_work_and_belong_to_their_caller(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("transfer-of-registration")
    key = {"Idempotency-Key": "k" * 200}  # the longest the API allows
    first = book(client, 201, booking_body(sid, athens(2, 9), n=1), headers=key)
    again = book(client, 200, booking_body(sid, athens(2, 9), n=1), headers=key)
    assert again["reference"] == first["reference"]
    # Another citizen using the same key makes their own booking; they never see the first one's.
    other = book(client, 201, booking_body(sid, athens(2, 10), n=2), headers=key)
    assert other["reference"] != first["reference"]
    assert book(client, 400, booking_body(sid, athens(2, 11), n=3), headers={"Idempotency-Key": "k" * 201})


def test_a_retry_that_asks_for_something_else_under_the_same_key_is_refused(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("transfer-of-registration")
    key = {"Idempotency-Key": "hold-then-book-01"}
    book(client, 201, booking_body(sid, athens(2, 9), n=1, hold=True), headers=key)
    for changed in (
        {"hold": False},
        {"hold": True, "language": "en"},
        {"hold": True, "timezone": "Europe/London"},
    ):
        refused = book(client, 422, booking_body(sid, athens(2, 9), n=1, **changed), headers=key)
        assert refused["error"] == "idempotency_key_reused"
