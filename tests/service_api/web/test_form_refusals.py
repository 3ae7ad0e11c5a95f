"""The form says why a chosen time cannot be held, in the citizen's language."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.helpers.web_form import csrf_of, sign_in
from tests.helpers.world import World


def test_a_time_that_passed_while_the_page_was_open_is_explained(client: FlaskClient, world: World) -> None:
    sign_in(client, world)
    sid = world.service("cohabitation-agreement")
    path = f"/book/larissa/s/{sid}/in_person"
    page = client.get(f"{path}?day=2026-12-01").get_data(as_text=True)
    start = re.search(r'name="start" value="([^"]+)"', page)
    assert start is not None
    for _ in range(3):  # the page stays open past that time while the citizen reads other pages
        world.rt.bookings.clock.advance(minutes=50)  # type: ignore[attr-defined]
        client.get(f"/services/{sid}")
    held = client.post(
        f"{path}/hold", data={"start": start.group(1), "day": "2026-12-01", "csrf_token": csrf_of(page)}
    )
    assert held.status_code == 302
    shown = client.get(held.headers["Location"]).get_data(as_text=True)
    assert "Αυτή η ώρα έχει ήδη περάσει." in shown


def test_a_name_too_long_is_refused_with_the_limit_not_only_the_minimum(
    client: FlaskClient, world: World
) -> None:
    from tests.helpers.web_form import details_form, hold_a_time

    sign_in(client, world)
    hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    refused = client.post("/book/details", data={**details_form(page, extra="Γεώργιος"), "name": "Α" * 201})
    assert refused.status_code == 422
    assert "Συμπληρώστε το ονοματεπώνυμό σας (από 2 έως 200 χαρακτήρες)." in refused.get_data(as_text=True)
