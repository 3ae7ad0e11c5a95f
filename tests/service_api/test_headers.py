"""Every answer carries the headers that keep a browser from being turned against the citizen."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service_api.app import create_app
from tests.helpers.factories import booking_body
from tests.helpers.http import citizen_auth
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_pages_allow_no_inline_script_no_framing_and_no_referer(world: World, client: FlaskClient) -> None:
    page = client.get("/?m=larissa")
    assert page.status_code == 200 and page.mimetype == "text/html"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in page.headers  # development serves plain HTTP


def test_answers_with_personal_data_are_never_stored(world: World, client: FlaskClient) -> None:
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    made = client.post("/api/v1/bookings", json=body, headers=citizen_auth(client, body))
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    token = {"X-Manage-Token": made.json["manage_token"]}
    manage = client.get(f"/api/v1/bookings/{made.json['reference']}", headers=token)
    assert manage.status_code == 200 and manage.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/form.css").headers.get("Cache-Control", "")


def test_production_tells_the_browser_to_use_https_only(world: World) -> None:
    world.rt.config.env = "production"
    app: Flask = create_app(rt=world.rt)
    page = app.test_client().get("/?m=larissa")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_body_over_the_limit_is_refused_before_it_is_read(world: World, client: FlaskClient) -> None:
    big = "x" * 2_000_000
    api = client.post(
        "/api/v1/bookings", data=big, content_type="application/json", headers=citizen_auth(client, "a@b.gr")
    )
    assert api.status_code == 413 and api.json is not None and api.json["error"] == "request_entity_too_large"
    page = client.post("/book/larissa/s/1/in_person/hold", data={"note": big})
    assert page.status_code == 413 and page.mimetype == "text/html"
    assert "πολύ μεγάλο" in page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/%5Cevil.example", "/%5C%5Cevil.example/x", "/\\evil.example"])
def test_the_language_link_of_any_page_stays_on_the_site(
    world: World, client: FlaskClient, path: str
) -> None:
    import re

    page = client.get(path)
    links = re.findall(r'<a href="([^"]*)" lang=', page.get_data(as_text=True))
    assert links, "the page has a language link"
    for href in links:
        assert href.startswith("/") and not href.startswith("//") and "\\" not in href, href


def test_every_page_is_no_store_and_static_files_are_not(world: World, client: FlaskClient) -> None:
    assert client.get("/?m=larissa").headers["Cache-Control"] == "no-store"
    assert client.get("/no-such-page").headers["Cache-Control"] == "no-store"  # the 404 page too
    assert "no-store" not in client.get("/static/form.css").headers.get("Cache-Control", "")
