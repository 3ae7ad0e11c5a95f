"""Closures over the API, the parts the desktop tab leans on: moving feasts, English names, who may delete."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.helpers.http import call, login
from tests.helpers.world import World

URL = "/api/v1/municipalities/larissa/closures"


def add(client: FlaskClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    answer: dict[str, Any] = call(
        client, "POST", URL, 201, headers=headers, json={"name_el": "Γιορτή", "name_en": "Feast", **body}
    )
    return answer


def test_easter_relative_closures_fall_on_the_right_days_after_orthodox_easter_2027(
    world: World, client: FlaskClient
) -> None:
    boss = login(client, "supervisor")
    monday = add(client, boss, kind="easter", easter_offset=1)["closure"]
    clean_monday = add(client, boss, kind="easter", easter_offset=-48)["closure"]
    assert monday["next_dates"] == ["2027-05-03", "2028-04-17"]  # Easter: 2 May 2027, 16 April 2028
    assert clean_monday["next_dates"] == ["2027-03-15", "2028-02-28"]
    assert (monday["kind"], monday["easter_offset"], monday["date"]) == ("easter", 1, None)
    listed = call(client, "GET", URL, 200, headers=boss)["closures"]
    assert {c["id"] for c in listed} >= {monday["id"], clean_monday["id"]}


def test_national_holidays_are_listed_in_greek_and_english_for_this_year_and_the_next(
    world: World, client: FlaskClient
) -> None:
    national = call(client, "GET", URL, 200, headers=login(client, "clerk_a"))["national_holidays"]
    christmas = next(h for h in national if h["date"] == "2026-12-25")
    assert christmas["name_en"] == "Christmas Day" and christmas["name_el"] != christmas["name_en"]
    easter_monday = next(h for h in national if h["date"] == "2027-05-03")
    assert "Easter" in easter_monday["name_en"]
    assert {h["date"][:4] for h in national} == {"2026", "2027"}


def test_deleting_a_closure_is_for_its_own_municipality_s_supervisors_and_admins(
    world: World, client: FlaskClient
) -> None:
    boss = login(client, "supervisor")
    closure = add(client, boss, date="2026-12-04")["closure"]
    url = f"/api/v1/closures/{closure['id']}"
    call(client, "DELETE", url, 401)
    call(client, "DELETE", url, 403, headers=login(client, "clerk_a"))
    call(client, "DELETE", url, 404, headers=login(client, "other_supervisor"))
    call(client, "DELETE", "/api/v1/closures/999999", 404, headers=login(client, "admin"))
    assert any(c["id"] == closure["id"] for c in call(client, "GET", URL, 200, headers=boss)["closures"])
    call(client, "DELETE", url, 204, headers=login(client, "admin"))
    assert all(c["id"] != closure["id"] for c in call(client, "GET", URL, 200, headers=boss)["closures"])
    call(client, "DELETE", url, 404, headers=boss)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "once", "date": "2026-12-04"}, "date"),
        ({"kind": "annual", "month": 12, "day": 4}, "day"),
        ({"kind": "easter", "easter_offset": 2}, "easter_offset"),
    ],
)
def test_a_closure_recorded_twice_is_refused_under_the_field_that_says_when(
    world: World, client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    boss = login(client, "supervisor")
    add(client, boss, **body)
    refused = call(client, "POST", URL, 422, headers=boss, json={"name_el": "Α", "name_en": "A", **body})
    assert set(refused["fields"]) == {field}
