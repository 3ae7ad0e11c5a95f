"""The citizen form's session is kept server-side: the cookie is a random token that sign-out kills."""

from __future__ import annotations

import base64
import binascii
import json
import random
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from service_api.auth import web_sessions
from service_api.auth.models import CitizenSession
from service_api.domain.rules import Status
from service_api.jobs import JobRunner
from service_api.models import Booking
from service_api.security import token_hash
from service_api.web import server_session
from tests.helpers.clock import Clock
from tests.helpers.web_form import (
    ADDRESS,
    COOKIE,
    csrf_of,
    details_form,
    hold_a_time,
    rows,
    sign_in,
    signed_in,
    token_of,
)
from tests.helpers.world import World

# 12,000 characters that barely compress, ~24 KB of UTF-8 in each of two fields.
_pick = random.Random(12).choice
LONG_TEXT = "".join(_pick("αβγδεζηθικλμνξοπρστυφχψω ") for _ in range(12_000)).strip()


def test_a_copied_cookie_no_longer_opens_the_form_after_sign_out(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sign_in(client, world)
    copied = token_of(client)
    assert copied is not None and signed_in(client)
    page = client.get("/book?lang=en").get_data(as_text=True)
    out = client.post("/logout", data={"csrf_token": csrf_of(page)})
    assert out.status_code == 302
    assert not signed_in(client)
    assert client.get("/").get_data(as_text=True).count('lang="el"') >= 1  # the language stayed
    assert token_of(client) != copied

    thief = app.test_client()
    thief.set_cookie(COOKIE, copied)
    refused = thief.get("/book")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/?")
    [row] = rows(world)  # the new session: the language and the sign-in form's CSRF token
    assert json.loads(row.data).keys() == {"lang", "csrf_token"} and json.loads(row.data)["lang"] == "en"


def test_the_cookie_is_a_random_token_that_reveals_no_email(client: FlaskClient, world: World) -> None:
    sign_in(client, world)
    token = token_of(client)
    assert token is not None and 40 <= len(token) <= 64
    assert "maria" not in token.lower() and "@" not in token
    for part in token.split("."):
        try:
            decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        with pytest.raises(ValueError):
            json.loads(decoded)
    [row] = rows(world)
    assert row.id_hash == token_hash(token) and ADDRESS in row.data  # the e-mail stays on the server


def test_the_cookie_is_httponly_and_samesite_lax_and_host_only_when_secure(app: Flask, world: World) -> None:
    answer = app.test_client().get("/")
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie and "Expires" not in cookie  # ends with the browser; the row expires

    app.config["SESSION_COOKIE_SECURE"] = True  # as in production (app._protect)
    secure = app.test_client().get("/", base_url="https://dimos.test").headers["Set-Cookie"]
    assert secure.startswith("__Host-session=") and "Secure" in secure and "Path=/" in secure
    assert "Domain" not in secure


def test_a_long_form_completes_with_the_reference_shown(client: FlaskClient, world: World) -> None:
    sign_in(client, world)
    reference = hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    refused = client.post("/book/details", data=details_form(page, extra=LONG_TEXT, consent=False))
    assert refused.status_code == 422  # what was typed is kept while the citizen fixes the rest
    again = refused.get_data(as_text=True)
    assert LONG_TEXT.strip()[:200] in again and "δέχεται έως 500 χαρακτήρες" in again
    fitting = LONG_TEXT[:500]  # the API's limit per answer, the form's too
    done = client.post("/book/details", data=details_form(again, extra=fitting), follow_redirects=True)
    assert done.status_code == 200
    assert reference in done.get_data(as_text=True)
    token = token_of(client)
    assert token is not None and len(token) < 100  # the typed text never went into the cookie
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reference))
        assert booking is not None and booking.status == Status.CONFIRMED.value
        assert booking.citizen_extra["father_name"] == fitting.strip()


def test_a_form_too_large_to_keep_is_refused_before_anything_is_booked(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, world)
    reference = hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    huge = "α" * (server_session.MAX_BYTES // 2)  # two bytes each, twice: over the cap
    refused = client.post("/book/details", data=details_form(page, extra=huge))
    assert refused.status_code == 413
    assert "Συντομεύστε τα κείμενα" in refused.get_data(as_text=True)
    assert client.get("/book/details").status_code == 200  # still signed in, the hold still there
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.status).where(Booking.reference == reference)) == "held"


def test_a_session_idle_past_the_lifetime_is_gone(client: FlaskClient, world: World, clock: Clock) -> None:
    sign_in(client, world)
    clock.advance(minutes=50)
    assert signed_in(client)  # use slides the expiry
    clock.advance(minutes=50)
    assert signed_in(client)
    clock.advance(minutes=61)
    assert not signed_in(client)
    assert rows(world) != []  # refused already; the sweep removes it
    JobRunner.build(world.rt).maybe_purge_rate_limits()
    assert rows(world) == []


def test_the_sweep_removes_only_expired_web_sessions(world: World, clock: Clock) -> None:
    store = world.rt.store
    now = clock()
    for token, kind, left in (("a", "web", -1), ("b", "web", 10), ("c", "api", -1)):
        with store.write() as session:
            session.add(
                CitizenSession(
                    id_hash=token_hash(token),
                    kind=kind,
                    data="{}",
                    created_at=now,
                    expires_at=now + timedelta(minutes=left),
                )
            )
    assert web_sessions.purge_expired(store, now=now) == 1
    with store.read() as session:
        left_over = set(session.scalars(select(CitizenSession.id_hash)))
    assert left_over == {token_hash("b"), token_hash("c")}


def test_reading_pages_writes_the_row_at_most_once_a_minute(
    client: FlaskClient, world: World, clock: Clock
) -> None:
    sign_in(client, world)
    assert signed_in(client)  # the first page adds its CSRF token: a change, written
    [first] = rows(world)
    clock.advance(seconds=30)
    assert signed_in(client)
    [unchanged] = rows(world)
    assert unchanged.expires_at == first.expires_at
    clock.advance(seconds=60)
    assert signed_in(client)
    [slid] = rows(world)
    assert slid.expires_at == first.expires_at + timedelta(seconds=90)


def test_sign_in_rotates_the_session_id(app: Flask, client: FlaskClient, world: World) -> None:
    client.get("/?m=larissa")
    planted = token_of(client)  # a session id an attacker could have planted before sign-in
    assert planted is not None and len(rows(world)) == 1
    sign_in(client, world)
    after = token_of(client)
    assert after is not None and after != planted
    assert [row.id_hash for row in rows(world)] == [token_hash(after)]
    attacker = app.test_client()
    attacker.set_cookie(COOKIE, planted)
    assert not signed_in(attacker)


def test_a_visitor_whose_session_stays_empty_gets_no_cookie_and_no_row(
    client: FlaskClient, world: World
) -> None:
    for path in ("/book", "/healthz", "/static/form.css", "/services/1"):
        answer = client.get(path)
        assert "Set-Cookie" not in answer.headers, path
    assert rows(world) == []


def test_csrf_still_guards_the_forms(client: FlaskClient, world: World) -> None:
    sign_in(client, world)
    assert client.post("/logout").status_code == 400  # no token: refused, still signed in
    assert signed_in(client)


def test_sessions_that_cannot_be_read_give_503_with_retry_after(
    client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(client, world)

    def unreachable(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(web_sessions, "load", unreachable)
    for answer in (client.get("/book"), client.post("/logout", data={"csrf_token": "x"})):
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "30"
        assert "Δοκιμάστε ξανά σε λίγο" in answer.get_data(as_text=True)
    assert client.get("/static/form.css").status_code == 200


def test_sessions_that_cannot_be_written_give_503_with_retry_after(
    client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(web_sessions, "create", unreachable)
    answer = client.get("/?m=larissa")  # the sign-in form's CSRF token starts a session
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "30"
    assert "Set-Cookie" not in answer.headers and rows(world) == []
