"""The citizen form through Flask's test client: sign in by e-mail code, hold a time, fill details."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.auth.models import CitizenSession
from service_api.domain.rules import Status
from service_api.models import Booking
from tests.helpers.world import World

COOKIE = "session"
ADDRESS = "maria@example.org"


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None, page[:500]
    return found.group(1)


def token_of(client: FlaskClient) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie is not None else None


def sign_in(client: FlaskClient, world: World, address: str = ADDRESS) -> None:
    """Sign in as a citizen does: ask for a code by e-mail, read it from the mail, type it."""
    outbox = world.rt.config.outbox_dir
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()
    page = client.get("/?m=larissa").get_data(as_text=True)
    asked = client.post("/login/email", data={"email": address, "m": "larissa", "csrf_token": csrf_of(page)})
    assert asked.status_code == 200, asked.get_data(as_text=True)
    [mail] = set(outbox.glob("*.eml")) - before
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    code = re.search(r": (\d{6})\s", body.get_content())
    assert code is not None
    done = client.post(
        "/login/email/verify",
        data={
            "email": address,
            "code": code.group(1),
            "m": "larissa",
            "csrf_token": csrf_of(asked.get_data(as_text=True)),
        },
    )
    assert done.status_code == 302 and done.headers["Location"].startswith("/book"), done.status_code


def signed_in(client: FlaskClient) -> bool:
    answer = client.get("/book")
    assert answer.status_code in (200, 302)
    return answer.status_code == 200


def rows(world: World) -> list[CitizenSession]:
    with world.rt.store.read() as session:
        return list(session.scalars(select(CitizenSession).where(CitizenSession.kind == "web")))


def hold_a_time(client: FlaskClient, world: World) -> str:
    """Hold the first free time of tomorrow for a cohabitation agreement; the held reference."""
    service_id = world.service("cohabitation-agreement")
    path = f"/book/larissa/s/{service_id}/in_person"
    page = client.get(f"{path}?day=2026-12-02").get_data(as_text=True)
    start = re.search(r'name="start" value="([^"]+)"', page)
    assert start is not None, page[:500]
    held = client.post(
        f"{path}/hold",
        data={"start": start.group(1), "day": "2026-12-02", "month": "", "csrf_token": csrf_of(page)},
    )
    assert held.status_code == 302 and held.headers["Location"].endswith("/book/details"), held.status_code
    with world.rt.store.read() as session:
        reference = session.scalar(select(Booking.reference).where(Booking.status == Status.HELD.value))
    assert reference is not None
    return reference


def details_form(page: str, *, extra: str, consent: bool = True) -> dict[str, str]:
    form = {
        "csrf_token": csrf_of(page),
        "name": "Μαρία Παπαδοπούλου",
        "email": ADDRESS,
        "phone": "694 123 4567",
        "extra_father_name": extra,
        "extra_mother_name": extra,
    }
    if consent:
        form["consent"] = "yes"
    return form
