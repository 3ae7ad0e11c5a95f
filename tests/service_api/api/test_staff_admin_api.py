"""Staff administration over the API (issue 14): who may do what, passwords, and availability at once."""

from __future__ import annotations

import socket
from email.header import decode_header, make_header
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.domain.policy import Actor
from service_api.models import Booking
from service_api.runtime import Runtime
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens

STRONG = "lavender-tractor-1987"


def _capacity(client: FlaskClient, world: World) -> int:
    sid = world.service("cohabitation-agreement")
    url = f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-02&to=2026-12-02"
    return int(call(client, "GET", url, 200)["slots"][0]["capacity"])


def _new_clerk(**overrides: Any) -> dict[str, Any]:
    return {"username": "eleni.k", "display_name": "Ελένη Κ.", "role": "clerk", **overrides}


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/v1/staff"),
        ("POST", "/api/v1/staff"),
        ("GET", "/api/v1/staff/1"),
        ("PATCH", "/api/v1/staff/1"),
        ("POST", "/api/v1/staff/1/password-reset"),
        ("POST", "/api/v1/me/password"),
    ],
)
def test_every_staff_route_needs_a_token(world: World, client: FlaskClient, method: str, url: str) -> None:
    call(client, method, url, 401, json={})


def test_a_clerk_edits_only_their_own_name_and_teams_link(world: World, client: FlaskClient) -> None:
    me, other = world.staff["clerk_a"], world.staff["clerk_b"]
    clerk = login(client, "clerk_a")
    mine = call(
        client,
        "PATCH",
        f"/api/v1/staff/{me}",
        200,
        headers=clerk,
        json={"display_name": "Μαρία Α.", "teams_link": "https://teams.example/new"},
    )
    assert mine["display_name"] == "Μαρία Α." and mine["teams_link"] == "https://teams.example/new"
    for change in ({"role": "supervisor"}, {"active": False}, {"email": "x@dimos.test"}):
        call(client, "PATCH", f"/api/v1/staff/{me}", 403, headers=clerk, json=change)
    call(client, "PATCH", f"/api/v1/staff/{other}", 404, headers=clerk, json={"display_name": "X"})
    call(client, "GET", f"/api/v1/staff/{other}", 404, headers=clerk)
    call(client, "GET", "/api/v1/staff", 403, headers=clerk)
    call(client, "POST", "/api/v1/staff", 403, headers=clerk, json=_new_clerk())
    call(client, "POST", f"/api/v1/staff/{other}/password-reset", 403, headers=clerk, json={})


def test_a_supervisor_manages_their_municipality_only_and_makes_no_admins(
    world: World, client: FlaskClient
) -> None:
    boss, stranger = login(client, "supervisor"), login(client, "other_supervisor")
    clerk_a, admin = world.staff["clerk_a"], world.staff["admin"]
    call(client, "PATCH", f"/api/v1/staff/{clerk_a}", 404, headers=stranger, json={"display_name": "X"})
    call(client, "POST", f"/api/v1/staff/{clerk_a}/password-reset", 404, headers=stranger, json={})
    call(client, "PATCH", f"/api/v1/staff/{admin}", 404, headers=boss, json={"display_name": "X"})
    refused = call(client, "PATCH", f"/api/v1/staff/{clerk_a}", 403, headers=boss, json={"role": "admin"})
    assert "admin" in refused["message"]
    call(client, "PATCH", f"/api/v1/staff/{clerk_a}", 403, headers=boss, json={"municipality": "metamorfosi"})
    call(client, "POST", "/api/v1/staff", 403, headers=boss, json=_new_clerk(municipality="metamorfosi"))
    call(client, "POST", "/api/v1/staff", 403, headers=boss, json=_new_clerk(role="admin"))
    promoted = call(
        client, "PATCH", f"/api/v1/staff/{clerk_a}", 200, headers=boss, json={"role": "supervisor"}
    )
    assert promoted["role"] == "supervisor"
    own = call(
        client,
        "PATCH",
        f"/api/v1/staff/{world.staff['supervisor']}",
        403,
        headers=boss,
        json={"active": False},
    )
    assert "your own" in own["message"]
    # The admin may do all of it.
    root = login(client, "admin")
    call(
        client,
        "PATCH",
        f"/api/v1/staff/{clerk_a}",
        200,
        headers=root,
        json={"role": "admin", "municipality": None},
    )


def test_invalid_fields_get_a_message_each(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    other_town = call(client, "GET", "/api/v1/municipalities/metamorfosi/services", 200)
    foreign = other_town["groups"][0]["services"][0]["id"] if "groups" in other_town else 10**6
    bad = call(
        client,
        "POST",
        "/api/v1/staff",
        422,
        headers=boss,
        json=_new_clerk(username="a b", teams_link="http://teams", email="not-mail"),
    )
    assert {"username", "teams_link", "email"} <= set(bad["fields"])
    taken = call(client, "POST", "/api/v1/staff", 422, headers=boss, json=_new_clerk(username="clerk_a"))
    assert "username" in taken["fields"]
    quals = [
        {"service_id": foreign, "modes": ["in_person"]},
        {"service_id": world.service("cohabitation-agreement"), "modes": ["by_pigeon"]},
    ]
    refused = call(client, "POST", "/api/v1/staff", 422, headers=boss, json=_new_clerk(qualifications=quals))
    assert "qualifications.1.modes.0" in refused["fields"]
    quals = [{"service_id": foreign, "modes": ["in_person"]}]
    refused = call(client, "POST", "/api/v1/staff", 422, headers=boss, json=_new_clerk(qualifications=quals))
    assert "qualifications.0.service_id" in refused["fields"]
    nulled = call(
        client, "PATCH", f"/api/v1/staff/{world.staff['clerk_a']}", 422, headers=boss, json={"role": None}
    )
    assert "role" in nulled["fields"]


def test_qualifications_and_deactivation_change_availability_at_once(
    world: World, client: FlaskClient
) -> None:
    boss = login(client, "supervisor")
    clerk_a, clerk_b = world.staff["clerk_a"], world.staff["clerk_b"]
    assert _capacity(client, world) == 3
    transfer = world.service("transfer-of-registration")
    body = {"qualifications": [{"service_id": transfer, "modes": ["in_person", "teleconference"]}]}
    changed = call(client, "PATCH", f"/api/v1/staff/{clerk_a}", 200, headers=boss, json=body)
    assert changed["qualifications"] == body["qualifications"]
    assert _capacity(client, world) == 2
    call(client, "PATCH", f"/api/v1/staff/{clerk_b}", 200, headers=boss, json={"active": False})
    assert _capacity(client, world) == 1
    listed = call(client, "GET", "/api/v1/staff", 200, headers=boss)["staff"]
    assert clerk_b not in {s["id"] for s in listed}
    everyone = call(client, "GET", "/api/v1/staff?include_inactive=true", 200, headers=boss)["staff"]
    b = next(s for s in everyone if s["id"] == clerk_b)
    assert b["active"] is False and b["name"] == "Clerk B" and b["municipality"] == "larissa"
    call(client, "PATCH", f"/api/v1/staff/{clerk_b}", 200, headers=boss, json={"active": True})
    assert _capacity(client, world) == 2


def test_deactivating_a_clerk_with_upcoming_bookings_is_refused_until_they_are_covered(
    world: World, client: FlaskClient
) -> None:
    made = create_booking(
        world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(2, 9)
    )
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == made.booking.reference))
        assert booking is not None
        clerk, reference = booking.staff_id, booking.reference
    boss = login(client, "supervisor")
    username = next(u for u, i in world.staff.items() if i == clerk)
    clerk_headers = login(client, username)
    refused = call(client, "PATCH", f"/api/v1/staff/{clerk}", 409, headers=boss, json={"active": False})
    assert refused["error"] == "staff_has_upcoming_bookings"
    assert [b["reference"] for b in refused["bookings"]] == [reference]
    assert refused["cover_plan"] == f"/api/v1/staff/{clerk}/cover-plan"
    call(client, "GET", "/api/v1/me/bookings", 200, headers=clerk_headers)  # still signed in
    call(client, "POST", f"/api/v1/bookings/{reference}/cancel", 200, headers=boss, json={"reason": "x"})
    call(client, "PATCH", f"/api/v1/staff/{clerk}", 200, headers=boss, json={"active": False})
    call(client, "GET", "/api/v1/me/bookings", 401, headers=clerk_headers)  # every sign-in ended
    call(
        client,
        "POST",
        "/api/v1/auth/login",
        401,
        json={"username": username, "password": "correct-horse-battery"},
    )


def test_a_temporary_password_must_be_changed_before_anything_else(world: World, client: FlaskClient) -> None:
    boss, clerk = login(client, "supervisor"), login(client, "clerk_a")
    issued = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/password-reset",
        200,
        headers=boss,
        json={"method": "temporary"},
    )
    temporary = issued["temporary_password"]
    call(client, "GET", "/api/v1/me/bookings", 401, headers=clerk)  # the old sign-in is over
    call(
        client,
        "POST",
        "/api/v1/auth/login",
        401,
        json={"username": "clerk_a", "password": "correct-horse-battery"},
    )
    answer = call(
        client, "POST", "/api/v1/auth/login", 200, json={"username": "clerk_a", "password": temporary}
    )
    assert answer["must_change_password"] is True
    headers = {"Authorization": f"Bearer {answer['access_token']}"}
    blocked = call(client, "GET", "/api/v1/me/bookings", 403, headers=headers)
    assert blocked["error"] == "password_change_required"
    common = call(
        client,
        "POST",
        "/api/v1/me/password",
        422,
        headers=headers,
        json={"old_password": temporary, "new_password": "Password123"},
    )
    assert "common" in common["fields"]["new_password"]
    short = call(
        client,
        "POST",
        "/api/v1/me/password",
        422,
        headers=headers,
        json={"old_password": temporary, "new_password": "k7#pQ2"},
    )
    assert "10 characters" in short["fields"]["new_password"]
    done = call(
        client,
        "POST",
        "/api/v1/me/password",
        200,
        headers=headers,
        json={"old_password": temporary, "new_password": STRONG},
    )
    assert done["must_change_password"] is False
    call(client, "GET", "/api/v1/me/bookings", 200, headers=headers)
    login(client, "clerk_a", STRONG)


def test_changing_ones_own_password_needs_the_old_one(world: World, client: FlaskClient) -> None:
    clerk = login(client, "clerk_b")
    wrong = call(
        client,
        "POST",
        "/api/v1/me/password",
        422,
        headers=clerk,
        json={"old_password": "not-my-password", "new_password": STRONG},
    )
    assert "old_password" in wrong["fields"]
    call(
        client,
        "POST",
        "/api/v1/me/password",
        200,
        headers=clerk,
        json={"old_password": "correct-horse-battery", "new_password": STRONG},
    )
    login(client, "clerk_b", STRONG)


def test_a_new_clerk_sets_a_password_once_from_the_link_page(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    quals = [{"service_id": world.service("cohabitation-agreement"), "modes": ["in_person"]}]
    made = call(client, "POST", "/api/v1/staff", 201, headers=boss, json=_new_clerk(qualifications=quals))
    assert made["municipality"] == "larissa" and made["qualifications"] == quals
    setup = made["password_setup"]
    assert setup["method"] == "link" and setup["expires_at"]
    path = setup["url"].split("://", 1)[1].split("/", 1)[1]
    call(
        client,
        "POST",
        "/api/v1/auth/login",
        401,
        json={"username": "eleni.k", "password": ""} | {"password": "x"},
    )
    page = client.get(f"/{path}?lang=el")
    assert page.status_code == 200 and "eleni.k" in page.get_data(as_text=True)
    app = client.application
    app.config["WTF_CSRF_ENABLED"] = False
    weak = client.post(f"/{path}", data={"password": "1234567890", "repeat": "1234567890"})
    assert weak.status_code == 422 and "συνηθισμένους" in weak.get_data(as_text=True)
    done = client.post(f"/{path}", data={"password": STRONG, "repeat": STRONG})
    assert done.status_code == 200 and "ορίστηκε" in done.get_data(as_text=True)
    login(client, "eleni.k", STRONG)
    again = client.post(f"/{path}", data={"password": STRONG + "!", "repeat": STRONG + "!"})
    assert again.status_code == 404  # single use
    login(client, "eleni.k", STRONG)


def _mailed_link(inbox: Inbox) -> str:
    body = str(inbox.messages[-1].get_payload(decode=True), "utf-8")
    return next(line.strip() for line in body.splitlines() if "/staff/password/" in line)


def test_a_new_clerk_gets_the_set_password_link_by_e_mail_and_it_works(
    world: World, client: FlaskClient, rt: Runtime, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    boss = login(client, "supervisor")
    made = call(
        client, "POST", "/api/v1/staff", 201, headers=boss, json=_new_clerk(email="eleni.k@larissa.gr")
    )
    setup = made["password_setup"]
    assert setup["emailed"] is True and setup["emailed_to"] == "eleni.k@larissa.gr"
    [mail] = inbox.messages
    subject = str(make_header(decode_header(str(mail["Subject"]))))
    assert mail["To"] == "eleni.k@larissa.gr" and subject.startswith("Ορισμός κωδικού")
    link = _mailed_link(inbox)
    assert link == setup["url"] and "eleni.k" in str(mail.get_payload(decode=True), "utf-8")
    client.application.config["WTF_CSRF_ENABLED"] = False
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post(f"/{path}", data={"password": STRONG, "repeat": STRONG}).status_code == 200
    login(client, "eleni.k", STRONG)
    # A reset by link e-mails the new link too; the old one is spent.
    again = call(client, "POST", f"/api/v1/staff/{made['id']}/password-reset", 200, headers=boss, json={})
    assert again["emailed"] is True and _mailed_link(inbox) == again["url"] != link


def test_with_the_mail_server_down_the_link_is_still_issued_and_the_answer_says_it_was_not_mailed(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        rt.config.smtp_url = f"smtp://127.0.0.1:{probe.getsockname()[1]}"  # nothing listens
    boss = login(client, "supervisor")
    made = call(client, "POST", "/api/v1/staff", 201, headers=boss, json=_new_clerk(email="e@larissa.gr"))
    setup = made["password_setup"]
    assert setup["emailed"] is False and "SMTP" in setup["email_error"]
    assert "e@larissa.gr" not in setup["email_error"]
    assert setup["url"]  # the supervisor hands it over another way
    quiet = call(
        client,
        "POST",
        "/api/v1/staff",
        201,
        headers=boss,
        json=_new_clerk(username="nikos.p", email="n@larissa.gr", email_link=False),
    )
    assert quiet["password_setup"]["emailed"] is False and "email_error" not in quiet["password_setup"]


def test_removing_a_qualification_that_upcoming_bookings_need_is_refused_with_them_listed(
    world: World, client: FlaskClient
) -> None:
    cohabitation, transfer = (
        world.service("cohabitation-agreement"),
        world.service("transfer-of-registration"),
    )
    made = create_booking(world.rt.bookings, service_id=cohabitation, start=athens(2, 9))
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == made.booking.reference))
        assert booking is not None and booking.mode == "in_person"
        clerk = booking.staff_id
    boss = login(client, "supervisor")
    url = f"/api/v1/staff/{clerk}"
    without = [{"service_id": transfer, "modes": ["in_person", "teleconference"]}]
    refused = call(client, "PATCH", url, 409, headers=boss, json={"qualifications": without})
    assert refused["error"] == "qualification_has_upcoming_bookings"
    assert [b["reference"] for b in refused["bookings"]] == [made.booking.reference]
    after = call(client, "GET", url, 200, headers=boss)["qualifications"]
    assert {q["service_id"] for q in after} == {cohabitation, transfer}  # nothing changed
    # Dropping only the mode the booking does not use is fine; so is adding.
    in_person_only = [{"service_id": cohabitation, "modes": ["in_person"]}, *without]
    call(client, "PATCH", url, 200, headers=boss, json={"qualifications": in_person_only})
    # Once the booking is cancelled, the qualification can go.
    world.rt.bookings.cancel(made.booking.reference, Actor.citizen())
    call(client, "PATCH", url, 200, headers=boss, json={"qualifications": without})
