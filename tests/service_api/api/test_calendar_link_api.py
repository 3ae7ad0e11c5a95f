"""The calendar-feed link is shown again unchanged; only an explicit rotation replaces it (defect 3)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update

from service_api.models import Staff
from service_api.runtime import Runtime
from service_api.security import new_token, token_hash
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens

PUBLIC_URL = "http://dimos.test"


def _link(client: FlaskClient, headers: dict[str, str]) -> str:
    url = str(call(client, "GET", "/api/v1/me/calendar-link", 200, headers=headers)["url"])
    assert url.startswith(f"{PUBLIC_URL}/ical/") and url.endswith(".ics")
    return url.removeprefix(PUBLIC_URL)


def _rotate(client: FlaskClient, headers: dict[str, str]) -> str:
    url = str(call(client, "POST", "/api/v1/me/calendar-link/rotate", 201, headers=headers)["url"])
    return url.removeprefix(PUBLIC_URL)


def _feed(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def _gone(client: FlaskClient, path: str) -> None:
    gone = call(client, "GET", path, 404)
    assert gone.pop("request_id") and gone == {"error": "not_found", "message": "No such calendar feed."}


def test_opening_the_link_twice_shows_the_same_url_and_the_feed_keeps_answering(
    world: World, client: FlaskClient
) -> None:
    book(client, 201, booking_body(world.service("cohabitation-agreement"), athens(2, 9), n=1))
    clerk = login(client, "clerk_a")
    first = _link(client, clerk)
    before = _feed(client, first)
    second = _link(client, login(client, "clerk_a"))  # another sign-in, as from a second PC
    assert second == first
    assert _feed(client, first) == before


def test_rotating_gives_a_new_url_and_the_old_one_answers_404_at_once(
    world: World, client: FlaskClient
) -> None:
    clerk = login(client, "clerk_a")
    old = _link(client, clerk)
    new = _rotate(client, clerk)
    assert new != old
    _gone(client, old)
    _feed(client, new)
    assert _link(client, clerk) == new  # what the dialog shows afterwards


def test_each_staff_member_has_their_own_link(world: World, client: FlaskClient) -> None:
    names = ("clerk_a", "clerk_b", "supervisor", "admin")
    links = {name: _link(client, login(client, name)) for name in names}
    assert len(set(links.values())) == 4
    _rotate(client, login(client, "clerk_b"))
    assert _link(client, login(client, "clerk_a")) == links["clerk_a"]
    _feed(client, links["clerk_a"])
    _gone(client, links["clerk_b"])


def test_revoking_then_opening_makes_a_new_link(world: World, client: FlaskClient) -> None:
    clerk = login(client, "clerk_a")
    old = _link(client, clerk)
    call(client, "DELETE", "/api/v1/me/ical-feed", 204, headers=clerk)
    _gone(client, old)
    new = _link(client, clerk)
    assert new != old
    _feed(client, new)


def test_a_forged_token_with_a_real_staff_id_is_refused(world: World, client: FlaskClient) -> None:
    real = _link(client, login(client, "clerk_a"))
    staff_id = world.staff["clerk_a"]
    _gone(client, f"/ical/{staff_id}-{'0' * 64}.ics")
    _gone(client, real.replace(f"/ical/{staff_id}-", f"/ical/{world.staff['clerk_b']}-"))


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/api/v1/me/calendar-link"), ("POST", "/api/v1/me/calendar-link/rotate")]
)
def test_the_link_needs_a_sign_in(world: World, client: FlaskClient, method: str, path: str) -> None:
    call(client, method, path, 401)


def test_a_link_made_before_links_were_derived_keeps_working_until_a_rotation(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    legacy = new_token()  # what an older server handed out and kept only the hash of
    with rt.store.write() as session:
        session.execute(
            update(Staff).where(Staff.id == world.staff["clerk_a"]).values(ical_token_hash=token_hash(legacy))
        )
    old_path = f"/ical/{legacy}.ics"
    _feed(client, old_path)
    clerk = login(client, "clerk_a")
    shown = _link(client, clerk)
    assert shown != old_path
    _feed(client, shown)
    _feed(client, old_path)  # the existing Outlook subscription is not broken by looking
    assert _link(client, clerk) == shown
    rotated = _rotate(client, clerk)
    _gone(client, old_path)
    _gone(client, shown)
    _feed(client, rotated)
