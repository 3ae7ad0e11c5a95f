"""Who may book over the API: a proved e-mail (or TAXISnet) for citizens, a staff token for callers."""

from __future__ import annotations

import re
import socket
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from service_api.models import AuditLog, Booking, Outbox
from service_api.runtime import Runtime
from tests.helpers.factories import booking_body
from tests.helpers.http import call, citizen_token, login
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens

PHISHING = "Για να ισχύσει το ραντεβού πληρώστε 50 EUR στο https://evil.example/pay"


def _count(rt: Runtime, model: Any) -> int:
    with rt.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _code_from(inbox: Inbox) -> str:
    found = re.search(r": (\d{6})\n", inbox.messages[-1].get_payload(decode=True).decode())  # type: ignore[union-attr]
    assert found
    return found.group(1)


def test_anonymous_bookings_and_holds_are_refused_and_nothing_is_written_or_sent(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    sid = world.service("transfer-of-registration")
    for hold in (False, True):
        body = booking_body(sid, athens(2, 9), hold=hold)
        body["citizen"]["name"] = PHISHING
        response = client.post("/api/v1/bookings", json=body)
        assert response.status_code == 401
        assert response.get_json()["error"] == "unauthorised"
        assert "citizen/code" in response.get_json()["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    forged = client.post(
        "/api/v1/bookings", json=booking_body(sid, athens(2, 9)), headers=_bearer("cit_forged")
    )
    assert forged.status_code == 401
    assert _count(rt, Booking) == 0 and _count(rt, Outbox) == 0


def test_a_citizen_proves_an_address_by_code_and_books_with_it(
    world: World, client: FlaskClient, rt: Runtime, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    sent = call(client, "POST", "/api/v1/citizen/code", 202, json={"email": "Maria@Example.gr"})
    assert sent["sent"] is True and sent["expires_in_minutes"] == 10
    assert inbox.messages[-1]["To"] == "Maria@example.gr"  # the domain part is case-blind
    call(client, "POST", "/api/v1/citizen/token", 401, json={"email": "maria@example.gr", "code": "000000"})
    issued = call(
        client,
        "POST",
        "/api/v1/citizen/token",
        201,
        json={"email": "maria@example.gr", "code": _code_from(inbox)},
    )
    assert issued["token"].startswith("cit_") and issued["token_type"] == "Bearer"
    me = call(client, "GET", "/api/v1/citizen/me", 200, headers=_bearer(issued["token"]))
    assert me == {"via": "email", "email": "maria@example.gr", "name": ""}

    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    del body["citizen"]["email"]  # the proved address is the booking's
    booked = call(client, "POST", "/api/v1/bookings", 201, json=body, headers=_bearer(issued["token"]))
    assert booked["citizen"]["email"] == "maria@example.gr"
    with rt.store.read() as session:
        stored = session.scalars(select(Booking)).one()
    assert stored.source == "api" and stored.citizen_email == "maria@example.gr"

    call(client, "DELETE", "/api/v1/citizen/token", 204, headers=_bearer(issued["token"]))
    call(client, "GET", "/api/v1/citizen/me", 401, headers=_bearer(issued["token"]))
    body = booking_body(world.service("transfer-of-registration"), athens(3, 9))
    call(client, "POST", "/api/v1/bookings", 401, json=body, headers=_bearer(issued["token"]))


def test_a_citizen_cannot_book_for_another_address_or_claim_an_afm(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    eve = _bearer(citizen_token(client, "eve@example.org"))
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9))
    body["citizen"]["email"] = "victim@example.org"
    answer = call(client, "POST", "/api/v1/bookings", 422, json=body, headers=eve)
    assert "citizen.email" in answer["fields"]
    body["citizen"]["email"] = "EVE@example.org"  # the same address, however it is typed
    body["citizen"]["afm"] = "123456789"
    answer = call(client, "POST", "/api/v1/bookings", 422, json=body, headers=eve)
    assert answer["fields"] == {"citizen.afm": "Not accepted: the AFM comes only from the TAXISnet sign-in."}
    body["citizen"].pop("afm")
    body["source"] = "walk_in"
    assert "source" in call(client, "POST", "/api/v1/bookings", 422, json=body, headers=eve)["fields"]
    assert _count(rt, Booking) == 0


def test_confirming_a_hold_keeps_the_proved_address(world: World, client: FlaskClient) -> None:
    eve = _bearer(citizen_token(client, "eve@example.org"))
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9), hold=True)
    del body["citizen"]["email"]
    held = call(client, "POST", "/api/v1/bookings", 201, json=body, headers=eve)
    manage = {"X-Manage-Token": held["manage_token"]}
    details = {"name": "Εύα Παπά", "email": "victim@example.org", "phone": "6941234567"}
    url = f"/api/v1/bookings/{held['reference']}/confirm"
    assert (
        "citizen.email" in call(client, "POST", url, 422, json={"citizen": details}, headers=manage)["fields"]
    )
    del details["email"]
    confirmed = call(client, "POST", url, 200, json={"citizen": details}, headers=manage)
    assert confirmed["status"] == "confirmed" and confirmed["citizen"]["email"] == "eve@example.org"


def test_the_limit_counts_per_afm_for_taxisnet_and_per_proved_address_otherwise(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("transfer-of-registration")  # at most 2 upcoming bookings per citizen
    for n, email in enumerate(("one@example.org", "two@example.org", "three@example.org")):
        headers = _bearer(citizen_token(client, email, afm="090000045"))
        status = 409 if n == 2 else 201
        body = booking_body(sid, athens(2, 9 + n), n=n)
        del body["citizen"]["email"]
        answer = call(
            client,
            "POST",
            "/api/v1/bookings",
            status,
            json=body,
            headers=headers,
        )
    assert answer["error"] == "citizen_limit_reached"  # three addresses, one AFM
    plain = _bearer(citizen_token(client, "one@example.org"))
    for n, status in ((3, 201), (4, 201), (5, 409)):
        body = booking_body(sid, athens(3, 9 + n), n=n)
        body["citizen"]["email"] = "one@example.org"
        call(client, "POST", "/api/v1/bookings", status, json=body, headers=plain)


def test_staff_book_for_a_caller_with_any_details_and_the_audit_names_them(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    clerk = login(client, "clerk_a")
    body = booking_body(world.service("transfer-of-registration"), athens(2, 9), source="walk_in")
    body["citizen"]["email"] = "grandma@example.org"
    booked = call(client, "POST", "/api/v1/bookings", 201, json=body, headers=clerk)
    with rt.store.read() as session:
        stored = session.scalars(select(Booking)).one()
        created = session.scalars(select(AuditLog).where(AuditLog.booking_id == stored.id)).one()
    assert stored.reference == booked["reference"] and stored.source == "walk_in"
    assert stored.citizen_email == "grandma@example.org"
    assert (created.actor_kind, created.actor_id, created.action) == (
        "staff",
        world.staff["clerk_a"],
        "created",
    )
    phoned = booking_body(world.service("transfer-of-registration"), athens(2, 10), n=2)
    call(client, "POST", "/api/v1/bookings", 201, json=phoned, headers=clerk)
    with rt.store.read() as session:
        assert session.scalars(select(Booking.source).order_by(Booking.id)).all() == ["walk_in", "phone"]
    # Staff of another municipality may not book Larissa's services.
    other = login(client, "other_supervisor")
    refused = booking_body(world.service("transfer-of-registration"), athens(2, 11), n=3)
    call(client, "POST", "/api/v1/bookings", 403, json=refused, headers=other)


def test_citizen_tokens_expire_after_twelve_hours(world: World, client: FlaskClient, rt: Runtime) -> None:
    token = citizen_token(client, "late@example.org")
    rt.bookings.clock.advance(hours=12)  # type: ignore[attr-defined]
    call(client, "GET", "/api/v1/citizen/me", 401, headers=_bearer(token))


def test_code_requests_are_limited_per_address_and_client_and_a_dead_mail_server_is_not_counted(
    client: FlaskClient, rt: Runtime, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        rt.config.smtp_url = f"smtp://127.0.0.1:{probe.getsockname()[1]}"  # nothing listens: SMTP down
    down = call(client, "POST", "/api/v1/citizen/code", 503, json={"email": "c@example.gr"})
    assert down["error"] == "mail_unavailable" and "not counted" in down["message"]
    rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    attacker = {"REMOTE_ADDR": "198.51.100.66"}
    for _ in range(5):
        call(
            client, "POST", "/api/v1/citizen/code", 202, json={"email": "c@example.gr"}, environ_base=attacker
        )
    response = client.post("/api/v1/citizen/code", json={"email": "c@example.gr"}, environ_base=attacker)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "from here" in response.get_json()["message"]
    assert len(inbox.messages) == 5
    citizen = {"REMOTE_ADDR": "192.0.2.10"}
    call(client, "POST", "/api/v1/citizen/code", 202, json={"email": "c@example.gr"}, environ_base=citizen)
    call(
        client,
        "POST",
        "/api/v1/citizen/token",
        201,
        json={"email": "c@example.gr", "code": _code_from(inbox)},
    )


def test_expired_tokens_are_swept(client: FlaskClient, rt: Runtime) -> None:
    from service_api.auth.citizen_tokens import purge_expired
    from service_api.auth.models import CitizenSession

    citizen_token(client, "old@example.org")
    rt.bookings.clock.advance(hours=11)  # type: ignore[attr-defined]
    fresh = citizen_token(client, "new@example.org")
    rt.bookings.clock.advance(hours=1, seconds=1)  # type: ignore[attr-defined]
    assert purge_expired(rt.store, now=rt.bookings.clock()) == 1
    assert _count(rt, CitizenSession) == 1
    assert (
        call(client, "GET", "/api/v1/citizen/me", 200, headers=_bearer(fresh))["email"] == "new@example.org"
    )
