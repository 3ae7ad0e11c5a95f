"""Citizen sign-in through TAXISnet on the web form, against a local server that speaks GSIS's protocol."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.models import Booking
from service_api.security import citizen_key
from tests.helpers.gsis_server import CLIENT_ID, CLIENT_SECRET, GsisTestServer
from tests.helpers.world import World

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
CALLBACK = "http://localhost/login/taxisnet/callback"  # what url_for(_external=True) gives the test client


@pytest.fixture
def gsis(world: World) -> Iterator[GsisTestServer]:
    server = GsisTestServer(redirect_uris=(CALLBACK,))
    server.__enter__()
    config = world.rt.config
    config.taxisnet_base_url, config.taxisnet_client_id, config.taxisnet_client_secret = (
        server.url,
        CLIENT_ID,
        CLIENT_SECRET,
    )
    yield server
    server.__exit__(None, None, None)


def through_gsis(client: FlaskClient, path: str) -> str:
    """Follow our redirect to GSIS, let GSIS sign the citizen in, and return where GSIS sends them back."""
    start = client.get(path)
    assert start.status_code == 302
    answer = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def test_a_taxisnet_citizen_is_signed_in_with_the_gsis_name_and_afm(
    world: World, client: FlaskClient, gsis: GsisTestServer
) -> None:
    page = client.get("/?m=larissa").get_data(as_text=True)
    assert "Σύνδεση με κωδικούς TAXISnet" in page
    assert "απαιτούνται οι κωδικοί TAXISnet" in page
    back = through_gsis(client, "/login/taxisnet?m=larissa")
    assert back.startswith(CALLBACK) and parse_qs(urlsplit(back).query)["state"]
    done = client.get(back[len("http://localhost") :])
    assert done.status_code == 302 and done.headers["Location"].startswith("/book")
    with client.session_transaction() as session:
        who = session["citizen"]
    assert who == {"via": "taxisnet", "name": "ΕΜΜΑΝΟΥΗΛ ΒΑΒΟΥΛΑΣ", "afm": "068933130"}


def test_a_replayed_or_forged_callback_is_refused(
    world: World, client: FlaskClient, gsis: GsisTestServer
) -> None:
    back = through_gsis(client, "/login/taxisnet")
    path = back[len("http://localhost") :]
    assert client.get(path).status_code == 302
    with client.session_transaction() as session:
        session.clear()  # signed out
    replay = client.get(path)  # the state is single-use and the code is spent
    assert replay.status_code == 302 and replay.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "citizen" not in session
    forged = client.get("/login/taxisnet/callback?code=abc&state=made-up")
    assert forged.status_code == 302 and forged.headers["Location"] == "/"
    declined = client.get("/login/taxisnet/callback?error=access_denied&state=whatever")
    assert declined.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Η σύνδεση δεν ολοκληρώθηκε" in page


def test_without_taxisnet_the_sign_in_page_does_not_ask_for_it(world: World, client: FlaskClient) -> None:
    page = client.get("/?m=larissa").get_data(as_text=True)
    assert "Σύνδεση με κωδικούς TAXISnet" not in page
    assert "απαιτούνται οι κωδικοί TAXISnet" not in page
    assert "κωδικό μίας χρήσης που θα λάβετε στο e-mail σας" in page


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def test_a_taxisnet_citizen_books_only_to_an_address_they_proved(
    world: World, client: FlaskClient, gsis: GsisTestServer
) -> None:
    client.get(through_gsis(client, "/login/taxisnet?m=larissa")[len("http://localhost") :])
    sid = world.service("transfer-of-registration")
    slots = client.get(f"/api/v1/services/{sid}/availability?mode=in_person").get_json()["slots"]
    calendar = client.get(f"/book/larissa/s/{sid}/in_person").get_data(as_text=True)
    held = client.post(
        f"/book/larissa/s/{sid}/in_person/hold",
        data={"start": slots[0]["start"], "csrf_token": _csrf(calendar)},
    )
    assert held.status_code == 302 and held.headers["Location"].endswith("/book/details")
    page = client.get("/book/details").get_data(as_text=True)
    assert "επιβεβαιώστε μια διεύθυνση" in page  # TAXISnet gives no e-mail address
    form = {
        "name": "Εμμανουήλ Βαβούλας",
        "phone": "6941234567",
        "email": "victim@example.org",  # a forged field: ignored
        "extra_father_name": "Γεώργιος",
        "consent": "yes",
        "csrf_token": _csrf(page),
    }
    refused = client.post("/book/details", data=form)
    assert refused.status_code == 422 and "Επιβεβαιώστε πρώτα" in refused.get_data(as_text=True)

    sent = client.post("/book/email", data={"email": "manolis@example.gr", "csrf_token": _csrf(page)})
    assert "Στείλαμε κωδικό στο manolis@example.gr" in sent.get_data(as_text=True)
    [mail] = world.rt.config.outbox_dir.glob("*.eml")
    code = re.search(
        r": (\d{6})\n", email.message_from_bytes(mail.read_bytes()).get_payload(decode=True).decode()
    )  # type: ignore[union-attr]
    assert code
    proved = client.post(
        "/book/email/verify",
        data={"email": "manolis@example.gr", "code": code.group(1), "csrf_token": _csrf(page)},
    )
    assert proved.status_code == 302 and proved.headers["Location"].endswith("/book/details")
    done = client.post("/book/details", data=form)
    assert done.status_code == 302 and done.headers["Location"].endswith("/book/done")
    with world.rt.store.read() as session:
        booking = session.scalars(select(Booking)).one()
    assert booking.status == "confirmed" and booking.citizen_email == "manolis@example.gr"
    assert booking.citizen_via_taxisnet and booking.citizen_afm_hash is not None
    assert booking.citizen_key == citizen_key(world.rt.config.secret_key, "", "068933130")  # counted by AFM
