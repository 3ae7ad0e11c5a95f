"""The citizen form answers a NUL or an id beyond the columns' range with a page in the citizen's language.

PostgreSQL cannot store NUL in text and refuses integers past 2^31-1; both used to be a 500.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service_api.web.texts import TEXTS
from tests.helpers.factories import create_booking
from tests.helpers.world import World, athens

CITIZEN = {"name": "Μαρία Παπαδοπούλου", "email": "maria@example.gr"}


def _signed_in(client: FlaskClient, lang: str) -> None:
    with client.session_transaction() as session:
        session["citizen"] = CITIZEN
        session["lang"] = lang


def _holding(world: World, client: FlaskClient) -> None:
    """A held slot in the session, as step 5 leaves it: step 6 (the details form) is open."""
    service_id = world.service("cohabitation-agreement")
    held = create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), hold=True)
    with client.session_transaction() as session:
        session["held"] = {
            "reference": held.booking.reference,
            "slug": "larissa",
            "service_id": service_id,
            "mode": "in_person",
            "month": "",
        }


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("field", ["name", "phone", "extra_father_name"])
def test_a_nul_in_the_details_form_is_a_400_page_in_the_citizens_language(
    world: World, app: Flask, client: FlaskClient, lang: str, field: str
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    _signed_in(client, lang)
    _holding(world, client)
    form = {**CITIZEN, "phone": "6941234567", "consent": "yes"}
    form[field] = form.get(field, "Γιώργος") + "\x00"
    page = client.post("/book/details", data=form)
    assert page.status_code == 400, page.get_data(as_text=True)
    assert TEXTS["errors.characters"][lang] in page.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/book/lar%00issa", "/book?m=lar%00issa"])
def test_a_nul_in_a_page_address_is_a_400_page(world: World, client: FlaskClient, url: str) -> None:
    _signed_in(client, "en")
    page = client.get(url)
    assert page.status_code == 400, page.get_data(as_text=True)
    assert TEXTS["errors.characters"]["en"] in page.get_data(as_text=True)


@pytest.mark.parametrize("service_id", [2**31, 2**63, 0])
def test_a_service_page_beyond_the_id_range_is_not_found(
    world: World, client: FlaskClient, service_id: int
) -> None:
    _signed_in(client, "el")
    for url in (f"/services/{service_id}", f"/book/larissa/s/{service_id}"):
        page = client.get(url)
        assert page.status_code == 404, (url, page.get_data(as_text=True))
        assert TEXTS["errors.not_found"]["el"] in page.get_data(as_text=True)


@pytest.mark.parametrize("service", ["²", "9" * 5000])
def test_a_service_choice_that_is_no_number_stays_on_the_service_step(
    world: World, client: FlaskClient, service: str
) -> None:
    _signed_in(client, "el")
    page = client.get(f"/book/larissa/g/registry?service={service}")
    assert page.status_code == 200, page.get_data(as_text=True)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13"])
def test_a_month_out_of_reach_shows_the_nearest_one(world: World, client: FlaskClient, month: str) -> None:
    """A month past 9999 overflowed the calendar's date arithmetic; out of reach, a reachable one is shown."""
    _signed_in(client, "el")
    service_id = world.service("transfer-of-registration")
    page = client.get(f"/book/larissa/s/{service_id}/in_person?month={month}&day=9999-12-31")
    assert page.status_code == 200, page.get_data(as_text=True)


@pytest.mark.parametrize("start", ["0001-01-01T00:00:00+05:00", "9999-12-31T20:00:00-05:00"])
def test_a_time_outside_the_era_sends_the_citizen_back_to_the_calendar(
    world: World, app: Flask, client: FlaskClient, start: str
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    _signed_in(client, "el")
    service_id = world.service("transfer-of-registration")
    answer = client.post(f"/book/larissa/s/{service_id}/in_person/hold", data={"start": start})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert f"/book/larissa/s/{service_id}/in_person" in answer.headers["Location"]
