"""Requests through Flask's test client that assert their status, and staff sign-in."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

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
