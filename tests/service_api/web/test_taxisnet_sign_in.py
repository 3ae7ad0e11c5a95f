"""Citizen sign-in through TAXISnet on the web form, against a local server that speaks GSIS's protocol."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask.testing import FlaskClient

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
