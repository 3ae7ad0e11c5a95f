"""«Νέα κράτηση» at the desk: callers without an e-mail, "me" preferred, walk-ins booked for now."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking import cover
from service_api.booking.journal import Actor
from service_api.jobs import JobRunner
from service_api.models import AuditLog, Booking, Outbox
from service_api.runtime import Runtime
from tests.helpers.factories import booking_body
from tests.helpers.http import call, citizen_auth, citizen_token, login
from tests.helpers.smtp import Inbox
from tests.helpers.world import World, athens

SERVICE = "transfer-of-registration"  # 15 minutes every 30, two hours' lead time; clerks a, b, c


def _caller(world: World, hour: int, *, n: int = 1, email: str | None = None, **extra: Any) -> dict[str, Any]:
    body = booking_body(world.service(SERVICE), athens(2, hour), n=n, source="phone", **extra)
    body["citizen"]["phone"] = f"69412345{n:02d}"
    if email is None:
        del body["citizen"]["email"]
    else:
        body["citizen"]["email"] = email
    return body


def _walk_in(world: World, *, n: int = 1, **extra: Any) -> dict[str, Any]:
    citizen = {"name": f"Περαστικός {n}", "phone": f"69412345{n:02d}"}
    return {"service_id": world.service(SERVICE), "mode": "in_person", "citizen": citizen, **extra}


@pytest.fixture
def mail(world: World, smtp: tuple[Inbox, int]) -> tuple[Inbox, JobRunner]:
    inbox, port = smtp
    world.rt.config.smtp_url = f"smtp://127.0.0.1:{port}"
    return inbox, JobRunner.build(world.rt)


def test_staff_book_a_caller_without_an_email_and_nothing_is_ever_mailed(
    world: World, client: FlaskClient, rt: Runtime, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    clerk = login(client, "clerk_a")
    booked = call(client, "POST", "/api/v1/bookings", 201, json=_caller(world, 9), headers=clerk)
    assert booked["citizen"]["email"] == "" and booked["citizen"]["phone"] == "+306941234501"
    # Callers without an address are told apart by their phones: one caller, two at most (the limit).
    for n in (2, 3):
        call(client, "POST", "/api/v1/bookings", 201, json=_caller(world, 9 + n, n=n), headers=clerk)
    call(client, "POST", "/api/v1/bookings", 201, json=_caller(world, 13, n=2), headers=clerk)
    again = call(client, "POST", "/api/v1/bookings", 409, json=_caller(world, 13, n=2), headers=clerk)
    assert again["error"] == "citizen_limit_reached"
    reference = booked["reference"]
    # Moved by the citizen's link (read out on the phone), then offered a new time, then cancelled.
    token = {"X-Manage-Token": booked["manage_token"]}
    moved = call(
        client,
        "PATCH",
        f"/api/v1/bookings/{reference}",
        200,
        headers=token,
        json={"start": athens(3, 9).isoformat()},
    )
    with rt.store.read() as session:
        larissa = session.scalars(select(Booking.municipality_id)).first()
    supervisor = Actor.staff(world.staff["supervisor"], "supervisor", larissa)
    offer = cover.offer_reschedule(rt.bookings, supervisor, [reference])
    assert offer.offered == [] and offer.skipped == [(reference, "no e-mail address: call the citizen")]
    call(
        client,
        "DELETE",
        f"/api/v1/bookings/{reference}",
        204,
        headers={"X-Manage-Token": moved["manage_token"]},
    )
    rt.bookings.clock.advance(hours=25)  # type: ignore[attr-defined]
    runner.schedule_reminders()  # the others are tomorrow now: no address, no reminder
    runner.run_once()
    assert inbox.messages == []
    with rt.store.read() as session:
        kinds = session.scalars(select(Outbox.kind)).all()
    assert not [kind for kind in kinds if kind.startswith("email.")]


def test_a_caller_with_an_email_gets_the_confirmation(
    world: World, client: FlaskClient, mail: tuple[Inbox, JobRunner]
) -> None:
    inbox, runner = mail
    clerk = login(client, "clerk_a")
    call(
        client,
        "POST",
        "/api/v1/bookings",
        201,
        json=_caller(world, 9, email="kyra@example.org"),
        headers=clerk,
    )
    runner.run_once()
    assert [m["To"] for m in inbox.messages] == ["kyra@example.org"]


def test_without_an_email_a_phone_is_required_and_a_teleconference_refused(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    clerk = login(client, "clerk_a")
    no_phone = _caller(world, 9)
    del no_phone["citizen"]["phone"]
    refused = call(client, "POST", "/api/v1/bookings", 422, json=no_phone, headers=clerk)
    assert "citizen.phone" in refused["fields"]
    blank = _caller(world, 9)
    blank["citizen"]["phone"] = "   "
    assert (
        "citizen.phone" in call(client, "POST", "/api/v1/bookings", 422, json=blank, headers=clerk)["fields"]
    )
    video = _caller(world, 9, mode="teleconference")
    refused = call(client, "POST", "/api/v1/bookings", 422, json=video, headers=clerk)
    assert "link is sent by e-mail" in refused["fields"]["citizen.email"]
    walk_in = _walk_in(world, mode="teleconference")
    assert (
        "citizen.email"
        in call(client, "POST", "/api/v1/bookings/walk-in", 422, json=walk_in, headers=clerk)["fields"]
    )
    with rt.store.read() as session:
        assert session.scalars(select(Booking)).all() == []


def test_a_citizen_still_books_only_with_their_proved_address_and_never_for_a_clerk(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    body = booking_body(world.service(SERVICE), athens(2, 9))
    del body["citizen"]["email"]
    headers = citizen_auth(client, "citizen1@example.org")
    booked = call(client, "POST", "/api/v1/bookings", 201, json=body, headers=headers)
    assert booked["citizen"]["email"] == "citizen1@example.org"
    body["start"] = athens(2, 10).isoformat()
    body["prefer_me"] = True
    assert "prefer_me" in call(client, "POST", "/api/v1/bookings", 422, json=body, headers=headers)["fields"]
    call(client, "POST", "/api/v1/bookings/walk-in", 403, json=_walk_in(world), headers=headers)
    # Signed in with TAXISnet but no address proved: staff may leave the e-mail out, a citizen may not.
    unproved = {"Authorization": f"Bearer {citizen_token(client, '', afm='123456789')}"}
    body = booking_body(world.service(SERVICE), athens(2, 11), n=2)
    del body["citizen"]["email"]
    refused = call(client, "POST", "/api/v1/bookings", 422, json=body, headers=unproved)
    assert "citizen.email" in refused["fields"]
    call(client, "POST", "/api/v1/bookings/walk-in", 401, json=_walk_in(world))


def test_me_is_preferred_when_qualified_and_free_and_availability_marks_my_slots(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    clerk_b = login(client, "clerk_b")
    for n, hour in enumerate((9, 10), start=1):
        booked = call(
            client,
            "POST",
            "/api/v1/bookings",
            201,
            json=_caller(world, hour, n=n, prefer_me=True),
            headers=clerk_b,
        )
        assert booked["reference"]
    # Without prefer_me the least-loaded clerk takes it: not clerk_b, who has two already. The answer
    # names that colleague, though clerk_b may not open their booking.
    other = call(client, "POST", "/api/v1/bookings", 201, json=_caller(world, 11, n=3), headers=clerk_b)
    assert other["staff"]["id"] != world.staff["clerk_b"] and other["staff"]["name"].startswith("Clerk ")
    # clerk_b is busy at 9:00: "me" is only a preference, so another free clerk takes it.
    call(
        client, "POST", "/api/v1/bookings", 201, json=_caller(world, 9, n=4, prefer_me=True), headers=clerk_b
    )
    with rt.store.read() as session:
        by_name = {b.citizen_name: b.staff_id for b in session.scalars(select(Booking))}
    b = world.staff["clerk_b"]
    assert by_name["Πολίτης 1"] == b and by_name["Πολίτης 2"] == b
    assert by_name["Πολίτης 3"] != b and by_name["Πολίτης 4"] != b
    url = (
        f"/api/v1/services/{world.service(SERVICE)}/availability?mode=in_person&from=2026-12-02&to=2026-12-02"
    )
    slots = {
        s["start"][11:16]: s for s in call(client, "GET", url + "&mine=1", 200, headers=clerk_b)["slots"]
    }
    assert slots["09:00"]["mine"] is False and slots["09:30"]["mine"] is True
    assert "mine" not in call(client, "GET", url, 200)["slots"][0]
    call(client, "GET", url + "&mine=1", 401)


def test_a_walk_in_is_booked_now_with_me_and_the_audit_names_the_clerk(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    # 08:00 on a working Tuesday: the lead time of two hours is waived for the citizen at the desk.
    clerk_c = login(client, "clerk_c")
    booked = call(
        client, "POST", "/api/v1/bookings/walk-in", 201, json=_walk_in(world, prefer_me=True), headers=clerk_c
    )
    assert booked["start"] == "2026-12-01T08:00:00+02:00" and booked["citizen"]["email"] == ""
    assert booked["staff"] == {"id": world.staff["clerk_c"], "name": "Clerk C (in person only)"}
    with rt.store.read() as session:
        stored = session.scalars(select(Booking)).one()
        audit = session.scalars(select(AuditLog).where(AuditLog.booking_id == stored.id)).one()
    assert stored.source == "walk_in" and stored.staff_id == world.staff["clerk_c"]
    assert (audit.actor_kind, audit.actor_id, audit.action) == ("staff", world.staff["clerk_c"], "created")


def test_a_walk_in_when_nobody_is_free_now_is_told_the_next_free_time(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    clerk = login(client, "clerk_a")
    starts = []
    for n in range(1, 12):
        answer = client.post("/api/v1/bookings/walk-in", json=_walk_in(world, n=n), headers=clerk)
        if answer.status_code != 201:
            break
        starts.append(answer.get_json()["start"][11:16])
    # Three clerks now (08:00), three at the next grid point (08:30, within one interval), then no more.
    assert sorted(starts) == ["08:00"] * 3 + ["08:30"] * 3
    assert answer.status_code == 409
    refused = answer.get_json()
    assert refused["error"] == "nothing_free_now" and refused["next_free"] == "2026-12-01T09:00:00+02:00"
    # Ten minutes into the 08:00 slot, a walk-in no longer takes what is left of it.
    rt.bookings.clock.advance(minutes=10)  # type: ignore[attr-defined]
    late = call(client, "POST", "/api/v1/bookings/walk-in", 409, json=_walk_in(world, n=20), headers=clerk)
    assert late["next_free"] == "2026-12-01T09:00:00+02:00"


def test_a_walk_in_resent_under_the_same_idempotency_key_is_booked_once(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    """The desk's answer was lost and the clerk presses again a minute later: one booking, the same answer."""
    clerk = {**login(client, "clerk_a"), "Idempotency-Key": "walk-in-key-0001"}
    url = "/api/v1/bookings/walk-in"
    first = client.post(url, json=_walk_in(world), headers=clerk)
    assert first.status_code == 201, first.get_data(as_text=True)
    assert "Idempotent-Replayed" not in first.headers
    rt.bookings.clock.advance(minutes=1)  # type: ignore[attr-defined]  # "now" moved: still the same request
    again = client.post(url, json=_walk_in(world), headers=clerk)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    made, replayed = first.get_json(), again.get_json()
    for field in ("reference", "start", "end", "status", "citizen", "service", "mode", "staff"):
        assert replayed[field] == made[field], field
    with rt.store.read() as session:
        assert len(session.scalars(select(Booking)).all()) == 1
    # Another citizen under the same key is another request: refused as POST /bookings refuses it.
    other = call(client, "POST", url, 422, json=_walk_in(world, n=2), headers=clerk)
    assert other["error"] == "idempotency_key_reused"
    # The key is the clerk's own: a colleague using the same one books their own walk-in.
    colleague = {**login(client, "clerk_b"), "Idempotency-Key": "walk-in-key-0001"}
    theirs = call(client, "POST", url, 201, json=_walk_in(world, n=3), headers=colleague)
    assert theirs["reference"] != made["reference"]
    # A key of the wrong length is refused before anything is booked.
    for wrong in ("k" * 7, "k" * 201):
        call(client, "POST", url, 400, json=_walk_in(world, n=4), headers={**clerk, "Idempotency-Key": wrong})
    with rt.store.read() as session:
        assert len(session.scalars(select(Booking)).all()) == 2


def test_a_walk_in_refused_as_nothing_free_now_leaves_its_key_unused(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    """A refusal books nothing and claims no key: pressed again once a clerk is free, it books."""
    clerk = login(client, "clerk_a")
    for n in range(1, 7):  # three clerks at 08:00, three at 08:30
        call(client, "POST", "/api/v1/bookings/walk-in", 201, json=_walk_in(world, n=n), headers=clerk)
    keyed = {**clerk, "Idempotency-Key": "walk-in-key-0002"}
    body = _walk_in(world, n=10)
    call(client, "POST", "/api/v1/bookings/walk-in", 409, json=body, headers=keyed)
    rt.bookings.clock.advance(minutes=45)  # type: ignore[attr-defined]  # 08:45: 09:00 is within reach
    booked = call(client, "POST", "/api/v1/bookings/walk-in", 201, json=body, headers=keyed)
    assert booked["start"] == "2026-12-01T09:00:00+02:00"
    replayed = call(client, "POST", "/api/v1/bookings/walk-in", 200, json=body, headers=keyed)
    assert replayed["reference"] == booked["reference"]


def test_a_walk_in_with_needs_gets_a_clerk_who_meets_them_for_the_longer_slot(
    world: World, client: FlaskClient, rt: Runtime
) -> None:
    """Issue 18: the walk-in path takes ``needs`` as POST /bookings does (the desk's «Τώρα»)."""
    boss = login(client, "supervisor")
    signs = {"supports": {"sign_language": True, "languages": []}}
    call(client, "PATCH", f"/api/v1/staff/{world.staff['clerk_a']}", 200, json=signs, headers=boss)
    clerk_c = login(client, "clerk_c")
    needs = {"codes": ["sign_language", "extra_time"], "language": ""}
    body = _walk_in(world, prefer_me=True, needs=needs)
    booked = call(client, "POST", "/api/v1/bookings/walk-in", 201, json=body, headers=clerk_c)
    # clerk_c asked for themselves, but only clerk_a signs; the slot is 15 minutes longer.
    assert booked["staff"]["id"] == world.staff["clerk_a"] and booked["needs"] == needs
    with rt.store.read() as session:
        stored = session.scalars(select(Booking)).one()
    assert (stored.end_at - stored.start_at).total_seconds() == (15 + 15) * 60
    wrong = _walk_in(world, n=2, needs={"codes": ["teleportation"]})
    refused = call(client, "POST", "/api/v1/bookings/walk-in", 422, json=wrong, headers=clerk_c)
    assert "needs" in str(refused)
