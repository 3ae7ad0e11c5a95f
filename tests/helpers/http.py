"""Requests through Flask's test client that assert their status, and staff sign-in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from service_api.auth.citizen_tokens import CitizenIdentity, issue_token
from service_api.runtime import Runtime
from tests.helpers.world import PASSWORD


def call(client: FlaskClient, method: str, url: str, status: int, **kwargs: Any) -> Any:
    """Make a request and assert its status, showing the body when it differs."""
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    return response.get_json(silent=True)


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    tokens = call(
        client, "POST", "/api/v1/auth/login", 200, json={"username": username, "password": password}
    )
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def citizen_token(
    where: FlaskClient | Flask | Runtime, email: str, *, afm: str | None = None, now: datetime | None = None
) -> str:
    """A citizen bearer token for ``email``, as the code flow would issue (TAXISnet's when ``afm``).

    Most tests book as many citizens; they skip the e-mailed code, which tests/service_api/api/
    test_citizen_tokens.py proves end to end. ``now`` for servers that run on the real clock.
    """
    if isinstance(where, Runtime):
        rt = where
    else:
        app = where.application if isinstance(where, FlaskClient) else where
        rt = app.extensions["dimos"]
    identity = CitizenIdentity(via="taxisnet" if afm else "email", email=email, afm=afm)
    token, _ = issue_token(rt.store, identity, now=now or rt.bookings.clock())
    return token


def citizen_auth(
    where: FlaskClient | Flask | Runtime, body_or_email: dict[str, Any] | str, *, now: datetime | None = None
) -> dict[str, str]:
    """``Authorization`` headers of the citizen a booking body names (or of an e-mail address)."""
    email = body_or_email if isinstance(body_or_email, str) else body_or_email["citizen"]["email"]
    return {"Authorization": f"Bearer {citizen_token(where, email, now=now)}"}


def book(client: FlaskClient, status: int, body: dict[str, Any], **kwargs: Any) -> Any:
    """``POST /api/v1/bookings`` as the citizen the body names, asserting the status."""
    headers = {**citizen_auth(client, body), **kwargs.pop("headers", {})}
    return call(client, "POST", "/api/v1/bookings", status, json=body, headers=headers, **kwargs)
