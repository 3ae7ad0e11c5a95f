"""Webhooks end to end (issue 17): booking writes queue signed deliveries that a real receiver verifies.

The receiver (``tests/helpers/webhook_receiver.py``) is a small HTTP server on loopback that checks
``X-Dimos-Signature`` as docs/webhooks.md tells receivers to, and records what it accepted. The job
runner sends through the outbox, as in production; SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking.service import CitizenDetails
from service_api.domain.policy import Actor
from service_api.domain.rules import Outcome
from service_api.jobs import JobRunner
from service_api.models import Booking, Outbox
from service_api.webhooks.client import WebhookClient
from service_api.webhooks.delivery import WebhookSender
from service_api.webhooks.models import WebhookDelivery
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.webhook_receiver import WebhookReceiver
from tests.helpers.world import World, athens

SECRET = "whsec_" + "0123456789abcdef" * 2
OTHER_SECRET = "another-secret-of-the-second-endpoint"
ALL_EVENTS = [
    "booking.created",
    "booking.rescheduled",
    "booking.cancelled",
    "booking.reassigned",
    "booking.completed",
]


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as running:
        yield running


@pytest.fixture
def admin(client: FlaskClient, world: World) -> dict[str, str]:
    return login(client, "admin")


def register(
    client: FlaskClient,
    admin: dict[str, str],
    url: str,
    *,
    secret: str = SECRET,
    events: list[str] = ALL_EVENTS,
    personal_data: str = "none",
) -> dict[str, Any]:
    body = {"url": url, "secret": secret, "events": events, "personal_data": personal_data}
    answer: dict[str, Any] = call(client, "POST", "/api/v1/webhooks", 201, json=body, headers=admin)
    return answer


def runner_of(world: World) -> JobRunner:
    runner = JobRunner.build(world.rt)
    # A short read timeout: a receiver that hangs fails the attempt quickly in a test.
    runner.webhooks = WebhookSender(
        world.rt.store, clock=world.rt.bookings.clock, client=WebhookClient(read_timeout=3)
    )
    return runner


def book(world: World, day: int, hour: int, who: int = 1) -> Booking:
    return create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(day, hour),
        who=who,
    ).booking


def clerk_of(booking: Booking) -> Actor:
    return Actor.staff(booking.staff_id, "clerk", booking.municipality_id)


def supervisor(world: World) -> Actor:
    return Actor.staff(world.staff["supervisor"], "supervisor", 1)


def complete(world: World, booking: Booking) -> None:
    desk = world.rt.clerk_actions
    desk.verify_identity(
        reference=booking.reference, actor=clerk_of(booking), document_type="identity_card", name_matches=True
    )
    desk.record_outcome(
        reference=booking.reference,
        outcome=Outcome.COMPLETED,
        actor=clerk_of(booking),
        confirm_missing_documents=True,
    )


def log_rows(world: World) -> list[WebhookDelivery]:
    with world.rt.store.read() as session:
        rows = list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))
        session.expunge_all()
        return rows


def webhook_jobs(world: World) -> list[Outbox]:
    with world.rt.store.read() as session:
        rows = list(
            session.scalars(select(Outbox).where(Outbox.kind == "webhook.delivery").order_by(Outbox.id))
        )
        session.expunge_all()
        return rows


# ---------------------------------------------------------------------- every event, once, verified
def test_each_event_is_delivered_once_signed_as_documented_and_verified_by_the_receiver(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    register(client, admin, receiver.url)
    moved = book(world, 2, 9, who=1)
    cancelled = book(world, 2, 10, who=2)
    reassigned = book(world, 2, 11, who=3)
    completed = book(world, 1, 12, who=4)
    rt = world.rt
    rt.bookings.reschedule(moved.reference, athens(3, 9), Actor.citizen())
    rt.bookings.cancel(cancelled.reference, Actor.citizen(), reason="no longer needed")
    target = rt.bookings.reassignment_candidates(reassigned.reference)[0]
    rt.bookings.reassign(reassigned.reference, target, supervisor(world), reason="cover")
    complete(world, completed)

    assert runner_of(world).run_once() >= 8
    assert sorted(receiver.events()) == sorted(
        [
            ("booking.created", moved.reference),
            ("booking.created", cancelled.reference),
            ("booking.created", reassigned.reference),
            ("booking.created", completed.reference),
            ("booking.rescheduled", moved.reference),
            ("booking.cancelled", cancelled.reference),
            ("booking.reassigned", reassigned.reference),
            ("booking.completed", completed.reference),
        ]
    )
    assert receiver.refused == []
    by_event = {(r.event, r.reference): r for r in receiver.received}

    created = by_event[("booking.created", moved.reference)]
    assert set(created.body) == {"id", "event", "occurred_at", "booking"}
    assert created.body["occurred_at"] == "2026-12-01T06:00:00Z"
    assert created.body["booking"] == {
        "reference": moved.reference,
        "municipality": "larissa",
        "service": {"id": world.service("transfer-of-registration"), "slug": "transfer-of-registration"},
        "mode": "in_person",
        "start": "2026-12-02T07:00:00Z",  # 09:00 in Athens, in UTC
        "end": "2026-12-02T07:15:00Z",
        "status": "confirmed",
        "clerk_id": moved.staff_id,
    }
    assert created.headers["Content-Type"] == "application/json"
    assert created.headers["X-Dimos-Event"] == "booking.created"
    assert created.headers["X-Dimos-Event-Id"] == created.body["id"]
    assert abs(created.timestamp - time.time()) < 60  # the real clock: receivers compare with theirs

    rescheduled = by_event[("booking.rescheduled", moved.reference)].body["booking"]
    assert rescheduled["start"] == "2026-12-03T07:00:00Z"
    assert rescheduled["previous"]["start"] == "2026-12-02T07:00:00Z"
    gone = by_event[("booking.cancelled", cancelled.reference)].body["booking"]
    assert (gone["status"], gone["cancelled_by"]) == ("cancelled", "citizen")
    handed = by_event[("booking.reassigned", reassigned.reference)].body["booking"]
    assert (handed["clerk_id"], handed["previous"]["clerk_id"]) == (target, reassigned.staff_id)
    done = by_event[("booking.completed", completed.reference)].body["booking"]
    assert (done["status"], done["outcome"]) == ("completed", "completed")

    rows = log_rows(world)
    assert len(rows) == 8 and all(r.ok and r.status_code == 200 and r.attempt == 1 for r in rows)
    assert {j.status for j in webhook_jobs(world)} == {"done"}
    assert runner_of(world).run_once() == 0  # nothing twice


def test_a_hold_has_no_events_until_it_is_confirmed_and_then_one(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    register(client, admin, receiver.url)
    rt = world.rt
    held = create_booking(
        rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9), hold=True
    ).booking
    dropped = create_booking(
        rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(2, 10),
        hold=True,
        who=2,
    ).booking
    rt.bookings.cancel(dropped.reference, Actor.citizen(), reason="hold_released")
    assert webhook_jobs(world) == []
    rt.bookings.confirm(
        held.reference, Actor.citizen(), CitizenDetails("Πολίτης", "p@example.org", "6941234567")
    )
    runner_of(world).run_once()
    assert receiver.events() == [("booking.created", held.reference)]


def test_an_endpoint_subscribed_to_some_events_gets_only_those(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    with WebhookReceiver(OTHER_SECRET) as second:
        register(client, admin, receiver.url)
        register(client, admin, second.url, secret=OTHER_SECRET, events=["booking.cancelled"])
        kept = book(world, 2, 9, who=1)
        dropped = book(world, 2, 10, who=2)
        world.rt.bookings.reschedule(kept.reference, athens(3, 10), Actor.citizen())
        world.rt.bookings.cancel(dropped.reference, Actor.citizen())
        runner_of(world).run_once()
        assert second.events() == [("booking.cancelled", dropped.reference)]
        assert second.refused == []
    assert len(receiver.events()) == 4


# ---------------------------------------------------------------------- retries, order, send again
def test_a_receiver_that_is_down_gets_the_event_once_when_it_is_back(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver, clock: Clock
) -> None:
    endpoint = register(client, admin, receiver.url)
    receiver.stop()
    booking = book(world, 2, 9)
    runner = runner_of(world)
    runner.run_once()
    [failed] = log_rows(world)
    assert (failed.ok, failed.status_code, failed.error) == (False, None, "could not connect to the receiver")
    [job] = webhook_jobs(world)
    assert job.status == "pending" and job.attempts == 1
    assert job.next_attempt_at == clock.now + timedelta(seconds=30)
    assert "127.0.0.1" not in job.last_error  # never the URL

    receiver.start()
    runner.run_once()
    assert receiver.events() == []  # not due yet: the outbox's backoff (30 s)
    clock.advance(seconds=31)
    runner.run_once()
    clock.advance(minutes=10)
    runner.run_once()
    assert receiver.events() == [("booking.created", booking.reference)]
    assert [(r.attempt, r.ok) for r in log_rows(world)] == [(1, False), (2, True)]
    assert webhook_jobs(world)[0].status == "done"

    listed = call(client, "GET", f"/api/v1/webhooks/{endpoint['id']}/deliveries", 200, headers=admin)
    assert [(d["attempt"], d["ok"], d["status_code"]) for d in listed["deliveries"]] == [
        (2, True, 200),
        (1, False, None),
    ]
    greek = call(
        client,
        "GET",
        f"/api/v1/webhooks/{endpoint['id']}/deliveries",
        200,
        headers={**admin, "Accept-Language": "el"},
    )
    assert greek["deliveries"][1]["error"] == "Δεν έγινε σύνδεση με τον παραλήπτη"


def test_a_refusing_receiver_is_retried_with_backoff_and_the_job_fails_after_the_give_up_time(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver, clock: Clock
) -> None:
    register(client, admin, receiver.url)
    receiver.answer = 503
    book(world, 2, 9)
    runner = runner_of(world)
    runner.give_up_after = timedelta(minutes=5)
    for _ in range(6):
        runner.run_once()
        clock.advance(minutes=2)
    rows = log_rows(world)
    assert [r.status_code for r in rows] == [503] * len(rows) and len(rows) >= 3
    assert rows[0].error == "the receiver answered HTTP 503"
    [job] = webhook_jobs(world)
    assert job.status == "failed" and job.attempts == len(rows)


def test_a_receiver_too_slow_to_answer_is_a_failed_attempt_retried_later(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver, clock: Clock
) -> None:
    register(client, admin, receiver.url)
    receiver.delay = 1.5
    booking = book(world, 2, 9)
    runner = runner_of(world)
    assert runner.webhooks is not None
    runner.webhooks.client = WebhookClient(read_timeout=0.3)
    runner.run_once()
    [slow] = log_rows(world)
    assert (slow.ok, slow.status_code, slow.error) == (False, None, "no answer within 0.3 s")
    assert 300 <= slow.duration_ms < 1500
    receiver.delay = 0
    clock.advance(seconds=31)
    runner.run_once()
    assert webhook_jobs(world)[0].status == "done" and log_rows(world)[-1].ok
    # The slow attempt reached the receiver too: at least once, and the event id tells the repeat.
    ids = {r.body["id"] for r in receiver.received}
    assert len(ids) == 1 and {r.reference for r in receiver.received} == {booking.reference}


def test_a_later_event_waits_for_an_earlier_one_still_being_retried(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver, clock: Clock
) -> None:
    register(client, admin, receiver.url)
    receiver.stop()
    booking = book(world, 2, 9)
    runner = runner_of(world)
    runner.run_once()  # created: not delivered
    world.rt.bookings.cancel(booking.reference, Actor.citizen())
    receiver.start()
    runner.run_once()  # cancelled must not overtake created
    assert receiver.events() == []
    clock.advance(minutes=1)
    runner.run_once()
    clock.advance(minutes=1)
    runner.run_once()
    assert receiver.events() == [
        ("booking.created", booking.reference),
        ("booking.cancelled", booking.reference),
    ]


def test_send_again_delivers_the_same_event_with_a_fresh_timestamp(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    endpoint = register(client, admin, receiver.url)
    booking = book(world, 2, 9)
    runner = runner_of(world)
    seconds = iter([time.time() - 30, time.time()])
    assert runner.webhooks is not None
    runner.webhooks.wall = lambda: next(seconds)
    runner.run_once()
    [delivery] = call(client, "GET", f"/api/v1/webhooks/{endpoint['id']}/deliveries", 200, headers=admin)[
        "deliveries"
    ]
    assert delivery["can_send_again"] is True
    again = call(client, "POST", f"/api/v1/webhook-deliveries/{delivery['id']}/retry", 202, headers=admin)
    assert (again["event"], again["event_id"], again["status"]) == (
        "booking.created",
        delivery["event_id"],
        "pending",
    )
    runner.run_once()
    first, second = receiver.received
    assert (first.reference, second.reference) == (booking.reference, booking.reference)
    assert first.raw == second.raw  # the same event, word for word
    assert second.timestamp > first.timestamp and second.signature_header != first.signature_header
    assert len(log_rows(world)) == 2


def test_send_again_of_a_purged_event_is_refused_and_unknown_ones_are_404(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    register(client, admin, receiver.url)
    book(world, 2, 9)
    runner_of(world).run_once()
    [row] = log_rows(world)
    with world.rt.store.write() as session:  # as the retention purge does with an anonymised booking
        job = session.get(Outbox, row.outbox_id)
        assert job is not None
        session.delete(job)
    answer = call(client, "POST", f"/api/v1/webhook-deliveries/{row.id}/retry", 409, headers=admin)
    assert answer["error"] == "webhook_event_gone"
    call(client, "POST", "/api/v1/webhook-deliveries/999999/retry", 404, headers=admin)


# ---------------------------------------------------------------------- the signature holds
def test_a_tampered_body_or_an_old_timestamp_fails_verification_in_the_receiver(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    register(client, admin, receiver.url)
    book(world, 2, 9)
    runner_of(world).run_once()
    [genuine] = receiver.received
    tampered = json.loads(genuine.raw)
    tampered["booking"]["start"] = "2026-12-24T07:00:00Z"
    headers = {"Content-Type": "application/json", "X-Dimos-Signature": genuine.signature_header}
    forged = json.dumps(tampered, ensure_ascii=False, separators=(",", ":")).encode()
    assert requests.post(receiver.url, data=forged, headers=headers, timeout=5).status_code == 401
    assert requests.post(receiver.url, data=genuine.raw + b" ", headers=headers, timeout=5).status_code == 401
    # A replayed delivery is refused once its timestamp is older than five minutes.
    from tests.helpers.webhook_receiver import verify

    assert verify(SECRET, genuine.signature_header, genuine.raw, now=time.time()) == genuine.timestamp
    assert verify(SECRET, genuine.signature_header, genuine.raw, now=time.time() + 301) is None
    assert verify("not-the-secret-at-all", genuine.signature_header, genuine.raw, now=time.time()) is None
    assert len(receiver.received) == 1 and len(receiver.refused) == 2


# ---------------------------------------------------------------------- personal data
def test_personal_data_goes_only_to_an_endpoint_registered_for_it(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    with WebhookReceiver(OTHER_SECRET) as contact:
        register(client, admin, receiver.url)
        register(client, admin, contact.url, secret=OTHER_SECRET, personal_data="contact")
        booking = book(world, 2, 9, who=7)
        runner_of(world).run_once()
        [plain], [full] = receiver.received, contact.received
    assert "citizen" not in plain.body["booking"]
    for detail in ("Πολίτης 7", "citizen7@example.org", "6941234567"):
        assert detail.encode() not in plain.raw
    assert full.body["booking"]["citizen"] == {
        "name": "Πολίτης 7",
        "email": "citizen7@example.org",
        "phone": "+306941234567",
    }
    assert full.reference == booking.reference
    # The outbox row itself holds no personal data: the runner adds it when it sends.
    stored = json.dumps([job.payload for job in webhook_jobs(world)], ensure_ascii=False)
    assert "citizen7@example.org" not in stored and "Πολίτης 7" not in stored


def test_a_removed_endpoint_gets_nothing_more(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver
) -> None:
    endpoint = register(client, admin, receiver.url)
    book(world, 2, 9)
    assert len(webhook_jobs(world)) == 1
    call(client, "DELETE", f"/api/v1/webhooks/{endpoint['id']}", 204, headers=admin)
    assert webhook_jobs(world) == []  # its queued deliveries went with it
    book(world, 2, 10, who=2)
    assert webhook_jobs(world) == []  # no endpoint, no work
    # A new endpoint never takes the removed one's id (SQLite would reuse the highest), nor its events.
    again = register(client, admin, receiver.url)
    assert again["id"] != endpoint["id"]
    runner_of(world).run_once()
    assert receiver.events() == []


def test_a_receiver_down_for_hours_does_not_make_the_service_unhealthy(
    world: World, client: FlaskClient, admin: dict[str, str], receiver: WebhookReceiver, clock: Clock
) -> None:
    register(client, admin, receiver.url)
    receiver.stop()
    book(world, 2, 9)
    runner = runner_of(world)
    for _ in range(8):  # over the backlog limit of /healthz (an hour)
        runner.run_once()
        clock.advance(minutes=10)
    runner.run_once()
    assert webhook_jobs(world)[0].status == "pending" and len(log_rows(world)) >= 4
    jobs = call(client, "GET", "/healthz", 200)["jobs"]
    assert jobs["problems"] == []
