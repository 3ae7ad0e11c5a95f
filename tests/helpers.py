"""Small factories and request helpers shared by the tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask.testing import FlaskClient
from keyring.backend import KeyringBackend
from werkzeug.serving import BaseWSGIServer, make_server

from service_api.booking.journal import Actor
from service_api.booking.service import BookingService, CitizenDetails, CreateResult, NewBooking
from service_api.domain.rules import Mode

if TYPE_CHECKING:
    from clerk_desktop.models.board import Clerk
    from clerk_desktop.prompts import CoverForm
    from clerk_desktop.views.dialogs import Credentials, IdentityResult, SettingsValues


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


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything after the test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


class FakePrompts:
    """The desktop's ``Prompts`` without a modal: answers from the test, and a record of what was asked.

    Each ``answer_*`` attribute may be replaced by a test; by default the user cancels.
    """

    def __init__(self, credentials: Credentials, *, logins: list[str] | None = None) -> None:
        self.credentials = credentials
        self.logins: list[str] = logins if logins is not None else []
        self.warnings: list[str] = []
        self.calendar_links: list[str] = []
        self.covers: list[CoverForm] = []
        self.answer_identity: Callable[[str, bool], IdentityResult | None] = lambda name, taxisnet: None
        self.answer_follow_up: Callable[[str, str, list[str]], str | None] = lambda name, service, slots: None
        self.answer_settings: Callable[[SettingsValues], SettingsValues | None] = lambda values: None
        self.answer_reassign: Callable[[str, list[tuple[int, str]]], int | None] = lambda ref, candidates: (
            None
        )
        self.answer_cover: Callable[[CoverForm], None] = lambda form: None
        self.answer_save_path: Callable[[str], str | None] = lambda suggested: None

    def login(
        self, server: str, username: str, attempt: Callable[[Credentials], str | None]
    ) -> Credentials | None:
        self.logins.append(self.credentials.username)
        assert attempt(self.credentials) is None
        return self.credentials

    def identity(self, citizen_name: str, via_taxisnet: bool) -> IdentityResult | None:
        return self.answer_identity(citizen_name, via_taxisnet)

    def follow_up(self, citizen_name: str, service_name: str, slots: list[str]) -> str | None:
        return self.answer_follow_up(citizen_name, service_name, slots)

    def settings(self, values: SettingsValues) -> SettingsValues | None:
        return self.answer_settings(values)

    def calendar_link(self, url: str) -> None:
        self.calendar_links.append(url)

    def reassign(self, reference: str, candidates: list[tuple[int, str]]) -> int | None:
        return self.answer_reassign(reference, candidates)

    def cover(self, clerks: list[Clerk], wire: Callable[[CoverForm], None]) -> None:
        from clerk_desktop.views.supervisor_dialogs import CoverDialog

        form = CoverDialog(clerks)  # wired like the real one, never shown
        wire(form)
        self.covers.append(form)
        self.answer_cover(form)

    def save_path(self, suggested: str) -> str | None:
        return self.answer_save_path(suggested)

    def warn(self, title: str, text: str) -> None:
        self.warnings.append(text)
