"""Small factories and request helpers shared by the tests."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import BaseWSGIServer, make_server

from service_api.booking.journal import Actor
from service_api.booking.service import BookingService, CitizenDetails, CreateResult, NewBooking
from service_api.domain.rules import Mode


def citizen(n: int = 1, **overrides: Any) -> CitizenDetails:
    values: dict[str, Any] = {
        "name": f"Πολίτης {n}",
        "email": f"citizen{n}@example.org",
        "phone": "+306941234567",
    }
    values.update(overrides)
    return CitizenDetails(**values)


def create_booking(
    service: BookingService,
    *,
    service_id: int,
    start: datetime,
    mode: Mode = Mode.IN_PERSON,
    who: int = 1,
    hold: bool = False,
    idempotency_key: str | None = None,
    **citizen_overrides: Any,
) -> CreateResult:
    return service.create(
        NewBooking(service_id, mode, start, citizen(who, **citizen_overrides)),
        Actor.citizen(),
        hold=hold,
        idempotency_key=idempotency_key,
    )


def call(client: FlaskClient, method: str, url: str, status: int, **kwargs: Any) -> Any:
    """Make a request and assert its status, showing the body when it differs."""
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    return response.get_json(silent=True)


def login(client: FlaskClient, username: str, password: str = "correct-horse-battery") -> dict[str, str]:
    tokens = call(
        client, "POST", "/api/v1/auth/login", 200, json={"username": username, "password": password}
    )
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def booking_body(
    service_id: int, start: datetime, *, mode: str = "in_person", n: int = 1, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "service_id": service_id,
        "mode": mode,
        "start": start.isoformat(),
        "citizen": {"name": f"Πολίτης {n}", "email": f"citizen{n}@example.org", "phone": "6941234567"},
    }
    body.update(extra)
    return body


class LiveServer:
    """service_api served by werkzeug on a fixed loopback port; can be stopped and started again."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server: BaseWSGIServer | None = None
        self.port = 0
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server = None
