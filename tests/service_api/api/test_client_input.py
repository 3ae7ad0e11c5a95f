"""Nothing a client can send gives a 500: NUL characters and ids beyond the columns' range get a 4xx.

PostgreSQL refuses to store NUL in text and an id above 2^31-1 in an integer column (SQLite only
past 2^63); both used to escape as psycopg's DataError, so each case runs on both databases.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from service_api.input_guard import whole_numbers_up_to
from tests.helpers.factories import booking_body
from tests.helpers.http import citizen_auth, login
from tests.helpers.world import PASSWORD, World, athens

BEYOND_INT4 = 2**31
BEYOND_INT8 = 2**63


def _json(response: Any) -> dict[str, Any]:
    body = response.get_json()
    assert isinstance(body, dict), response.get_data(as_text=True)
    return body


def test_a_nul_in_the_citizen_name_is_a_422_naming_the_field(world: World, client: FlaskClient) -> None:
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    body["citizen"]["name"] = "Μαρία\x00 Παπαδοπούλου"
    response = client.post(
        "/api/v1/bookings", json=body, headers=citizen_auth(client, "citizen1@example.org")
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "citizen.name" in _json(response)["fields"]


@pytest.mark.parametrize("field", ["email", "phone"])
def test_a_nul_in_any_json_string_is_a_422_naming_the_field(
    world: World, client: FlaskClient, field: str
) -> None:
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    body["citizen"][field] += "\x00"
    response = client.post(
        "/api/v1/bookings", json=body, headers=citizen_auth(client, "citizen1@example.org")
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert f"citizen.{field}" in _json(response)["fields"]


def test_a_nul_in_the_staff_login_username_is_refused_not_a_500(world: World, client: FlaskClient) -> None:
    response = client.post("/api/v1/auth/login", json={"username": "clerk_a\x00", "password": PASSWORD})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "username" in _json(response)["fields"]


def test_a_nul_in_the_path_is_a_400(world: World, client: FlaskClient) -> None:
    response = client.get("/api/v1/municipalities/lar%00issa/services")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert _json(response)["error"] == "bad_request"
    assert "NUL" in _json(response)["message"] or "character" in _json(response)["message"]


def test_a_nul_in_the_query_string_is_a_400(world: World, client: FlaskClient) -> None:
    service_id = world.service("transfer-of-registration")
    response = client.get(f"/api/v1/services/{service_id}/availability?mode=in_person&tz=Europe/Ath%00ens")
    assert response.status_code == 400, response.get_data(as_text=True)
    headers = login(client, "supervisor")
    response = client.get("/api/v1/stats?period=we%00ek", headers=headers)
    assert response.status_code == 400, response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/services/{BEYOND_INT4}/availability?mode=in_person",
        f"/api/v1/services/{BEYOND_INT8}/availability?mode=in_person",
        f"/api/v1/services/{BEYOND_INT4}",
        f"/api/v1/services/{'9' * 5000}/availability?mode=in_person",
    ],
)
def test_a_public_id_beyond_the_column_is_a_404(world: World, client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404, response.get_data(as_text=True)
    assert _json(response)["error"] == "not_found"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", f"/api/v1/staff/{BEYOND_INT4}/absences"),
        ("GET", f"/api/v1/staff/{BEYOND_INT8}/absences"),
        ("DELETE", f"/api/v1/absences/{BEYOND_INT4}"),
        ("DELETE", f"/api/v1/absences/{BEYOND_INT8}"),
        ("POST", f"/api/v1/staff/{BEYOND_INT4}/cover-plan"),
        # Not a 405: werkzeug notes the GET route's method before the POST route converts the id.
        ("POST", f"/api/v1/staff/{BEYOND_INT4}/absences"),
        ("POST", f"/api/v1/staff/{BEYOND_INT8}/absences"),
        ("GET", "/api/v1/staff/0/absences"),
        ("GET", "/api/v1/staff/0012/absences"),
    ],
)
def test_a_staff_id_beyond_the_column_is_a_404(
    world: World, client: FlaskClient, method: str, url: str
) -> None:
    headers = login(client, "supervisor")
    response = client.open(url, method=method, headers=headers, json={})
    assert response.status_code == 404, response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/stats?municipality_id={BEYOND_INT4}",
        f"/api/v1/stats?municipality_id={BEYOND_INT8}",
        f"/api/v1/stats.csv?municipality_id={BEYOND_INT4}",
        f"/api/v1/bookings?staff_id={BEYOND_INT4}",
        f"/api/v1/bookings?staff_id={BEYOND_INT8}",
        "/api/v1/bookings?staff_id=-1",
        f"/api/v1/bookings?staff_id={'9' * 5000}",
    ],
)
def test_a_query_id_beyond_the_column_is_a_422_naming_it(world: World, client: FlaskClient, url: str) -> None:
    headers = login(client, "admin")
    response = client.get(url, headers=headers)
    assert response.status_code == 422, response.get_data(as_text=True)
    name = url.split("?")[1].split("=")[0]
    assert name in _json(response)["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("service_id", BEYOND_INT4), ("service_id", BEYOND_INT8)],
)
def test_an_id_beyond_the_column_in_a_body_is_a_422(
    world: World, client: FlaskClient, field: str, value: int
) -> None:
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    body[field] = value
    response = client.post(
        "/api/v1/bookings", json=body, headers=citizen_auth(client, "citizen1@example.org")
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in _json(response)["fields"]


def test_ids_in_range_still_work(world: World, client: FlaskClient) -> None:
    headers = login(client, "supervisor")
    clerk = world.staff["clerk_a"]
    assert client.get(f"/api/v1/staff/{clerk}/absences", headers=headers).status_code == 200
    assert client.get(f"/api/v1/bookings?staff_id={clerk}", headers=headers).status_code == 200


@pytest.mark.parametrize("limit", [1, 7, 10, 19, 20, 99, 100, 2024, 4999])
def test_the_id_pattern_matches_exactly_one_to_its_limit(limit: int) -> None:
    pattern = re.compile(whole_numbers_up_to(limit))
    assert [n for n in range(10_000) if pattern.fullmatch(str(n))] == list(range(1, limit + 1))
    assert not pattern.fullmatch("01")


@pytest.mark.parametrize(
    "start", ["0001-01-01T00:00:00+05:00", "9999-12-31T20:00:00-05:00", "1999-12-31T23:00:00Z"]
)
def test_an_instant_outside_the_era_is_a_422_naming_it(world: World, client: FlaskClient, start: str) -> None:
    """Year 1 or 9999 with an offset overflowed converting to UTC (a 500 on every write that takes a time)."""
    headers = login(client, "supervisor")
    clerk = world.staff["clerk_a"]
    for url, body, extra in [
        (f"/api/v1/staff/{clerk}/absences", {"start": start, "end": "2026-12-02T00:00:00Z"}, headers),
        (f"/api/v1/staff/{clerk}/cover-plan", {"start": start, "end": "2026-12-02T00:00:00Z"}, headers),
        (
            "/api/v1/bookings",
            {**booking_body(world.service("transfer-of-registration"), athens(2, 9)), "start": start},
            citizen_auth(client, "citizen1@example.org"),
        ),
    ]:
        response = client.post(url, json=body, headers=extra)
        assert response.status_code == 422, (url, response.get_data(as_text=True))
        assert "start" in _json(response)["fields"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start": 1796198400}, "start"),  # a number is not read as Unix time
        ({"service_id": True}, "service_id"),  # nor true as 1
        ({"service_id": "5"}, "service_id"),
        ({"hold": "yes"}, "hold"),
    ],
)
def test_loosely_typed_values_are_refused_not_guessed(
    world: World, client: FlaskClient, change: dict[str, object], field: str
) -> None:
    body = {**booking_body(world.service("transfer-of-registration"), athens(2, 9)), **change}
    response = client.post(
        "/api/v1/bookings", json=body, headers=citizen_auth(client, "citizen1@example.org")
    )
    assert response.status_code == 422 and field in _json(response)["fields"]


@pytest.mark.parametrize("day", ["2026-12-02garbage", "20261202", "2026-12-2"])
def test_a_date_in_the_query_must_be_exactly_a_date(world: World, client: FlaskClient, day: str) -> None:
    sid = world.service("transfer-of-registration")
    response = client.get(f"/api/v1/services/{sid}/availability?mode=in_person&from={day}")
    assert response.status_code == 422 and "from" in _json(response)["fields"]
