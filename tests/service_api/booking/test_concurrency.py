"""No double booking whatever the concurrency, and a change feed that never misses a committed change."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from service_api.booking import change_feed, staffing
from service_api.booking.journal import Actor
from service_api.domain.errors import DomainError, SlotUnavailable
from service_api.domain.rules import Mode
from service_api.models import Booking
from tests.helpers.factories import create_booking
from tests.helpers.world import World, athens

THREADS = 12


def race(fn, n: int = THREADS) -> list[object]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(n)

    def run(i: int) -> object:
        barrier.wait()
        try:
            return fn(i)
        except DomainError as exc:
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_many_citizens_racing_for_the_last_slot_get_exactly_one_booking(world: World) -> None:
    rt = world.rt
    service_id = world.service("cohabitation-agreement")
    staffing.add_absence(
        rt.bookings, Actor.system(), staff_id=world.staff["clerk_b"], start=athens(2, 0), end=athens(3, 0)
    )
    for round_ in range(3):
        start = athens(2, 9) + timedelta(minutes=30 * round_)
        results = race(
            lambda i, s=start, r=round_: create_booking(
                rt.bookings, service_id=service_id, start=s, mode=Mode.TELECONFERENCE, who=100 * r + i
            )
        )
        kinds = Counter(type(r).__name__ for r in results)
        assert kinds == {"CreateResult": 1, "SlotUnavailable": THREADS - 1}, kinds


def test_concurrent_creates_and_reschedules_never_overlap_a_clerk(world: World) -> None:
    rt = world.rt
    service_id = world.service("transfer-of-registration")
    starts = [athens(2, 8) + timedelta(minutes=30 * k) for k in range(6)]

    def work(i: int) -> object:
        made = create_booking(
            rt.bookings, service_id=service_id, start=starts[i % len(starts)], who=i
        ).booking
        with contextlib.suppress(SlotUnavailable):
            rt.bookings.reschedule(made.reference, starts[(i * 7 + 3) % len(starts)], Actor.citizen())
        return made

    race(work, 16)
    with rt.store.read() as session:
        active = session.scalars(select(Booking).where(Booking.status == "confirmed")).all()
    per_clerk: dict[int, list[Booking]] = {}
    for b in active:
        per_clerk.setdefault(b.staff_id, []).append(b)
    for rows in per_clerk.values():
        rows.sort(key=lambda b: b.start_at)
        for a, b in zip(rows, rows[1:], strict=False):
            assert a.end_at <= b.start_at, (a.reference, b.reference)


def test_the_change_feed_sees_every_committed_change_under_concurrent_writes(world: World) -> None:
    rt = world.rt
    admin = Actor("staff", world.staff["admin"], "admin", None)
    service_id = world.service("transfer-of-registration")
    with rt.store.read() as session:
        cursor = change_feed.latest_cursor(session)
    stop = threading.Event()
    seen: set[int] = set()
    seqs: list[int] = []

    def reader() -> None:
        nonlocal cursor
        while True:
            finished = stop.is_set()
            with rt.store.read() as session:
                items, cursor = change_feed.changes_since(session, admin, cursor)
            for item in items:
                seqs.append(item.seq)
                if item.booking is not None:
                    seen.add(item.booking.id)
            if finished and not items:
                return
            if not items:
                stop.wait(0.002)  # poll as a client does, not in a loop that keeps the GIL from the writers

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    slots = [athens(day, hour, minute) for day in (2, 3, 4) for hour in range(8, 14) for minute in (0, 30)]
    try:
        results = race(
            lambda i: [
                create_booking(
                    rt.bookings,
                    service_id=service_id,
                    start=slots[(i + k * THREADS) % len(slots)],
                    who=1000 + i * 10 + k,
                ).booking.id
                for k in range(3)
            ]
        )
    finally:
        stop.set()  # also when the race fails: a reader left polling would slow every later test
        thread.join(timeout=30)
    assert not thread.is_alive(), "the reader never caught up with the last change"
    made = {bid for r in results if isinstance(r, list) for bid in r}
    assert made and made <= seen
    assert seqs == sorted(seqs)


def test_long_poll_wakes_up_when_a_citizen_books(world: World, client) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.factories import booking_body
    from tests.helpers.http import book, call, login

    supervisor = login(client, "supervisor")
    cursor = call(client, "GET", "/api/v1/changes", 200, headers=supervisor)["cursor"]
    answer: dict[str, object] = {}

    def poll() -> None:
        answer.update(call(client, "GET", f"/api/v1/changes?since={cursor}&wait=20", 200, headers=supervisor))

    thread = threading.Thread(target=poll)
    thread.start()
    created = book(
        client,
        201,
        booking_body(world.service("cohabitation-agreement"), athens(2, 9)),
    )
    thread.join(timeout=25)
    changes = answer["changes"]
    assert isinstance(changes, list) and [c["reference"] for c in changes] == [created["reference"]]
    assert changes[0]["op"] == "upsert" and changes[0]["booking"]["status"] == "confirmed"
    assert answer["cursor"] > cursor  # type: ignore[operator]


def test_cancellation_and_reassignment_reach_clerks_as_tombstones(world: World, client) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers.factories import booking_body
    from tests.helpers.http import book, call, login

    sid = world.service("cohabitation-agreement")
    ref = book(client, 201, booking_body(sid, athens(2, 9), mode="teleconference"))["reference"]
    boss = login(client, "supervisor")
    owner = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=boss)["staff"]["id"]
    target = world.staff["clerk_b"] if owner == world.staff["clerk_a"] else world.staff["clerk_a"]
    name = {v: k for k, v in world.staff.items()}
    old_clerk, new_clerk = login(client, name[owner]), login(client, name[target])
    old_cursor = call(client, "GET", "/api/v1/changes", 200, headers=old_clerk)["cursor"]
    call(client, "POST", f"/api/v1/bookings/{ref}/reassign", 200, headers=boss, json={"staff_id": target})
    gone = call(client, "GET", f"/api/v1/changes?since={old_cursor}", 200, headers=old_clerk)
    assert [(c["op"], c["reference"], c["booking"]) for c in gone["changes"]] == [("removed", ref, None)]
    arrived = call(client, "GET", f"/api/v1/changes?since={old_cursor}", 200, headers=new_clerk)
    assert [(c["op"], c["reference"]) for c in arrived["changes"]] == [("upsert", ref)]
    # The tombstone carries the version it stands for, so the old clerk's desktop can tell a late
    # answer about the booking (an older version) from the booking coming back to them (a newer one).
    assert gone["changes"][0]["version"] == arrived["changes"][0]["booking"]["version"] >= 2
    call(
        client, "POST", f"/api/v1/bookings/{ref}/cancel", 200, headers=boss, json={"reason": "office closed"}
    )
    cancelled = call(client, "GET", f"/api/v1/changes?since={arrived['cursor']}", 200, headers=new_clerk)
    assert [(c["op"], c["reference"]) for c in cancelled["changes"]] == [("cancelled", ref)]


def test_a_hold_confirmed_while_it_lapses_stays_confirmed(world: World, db_url: str) -> None:
    """Citizen A confirms a hold at the moment it lapses while B books the same clerk and time.

    B read the hold as lapsed before A committed; B must neither cancel A's booking nor take the slot.
    """
    import pytest
    from sqlalchemy import text

    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite runs one writer at a time: the two cannot interleave")
    rt = world.rt
    for other in ("clerk_b", "clerk_c"):  # leave clerk A as the only one working that day
        staffing.add_absence(
            rt.bookings, Actor.system(), staff_id=world.staff[other], start=athens(2, 0), end=athens(3, 0)
        )
    service_id = world.service("cohabitation-agreement")
    held = create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=1, hold=True).booking
    outcome: dict[str, object] = {}
    with rt.store.engine.connect() as confirming:
        confirming.execute(
            text("UPDATE booking SET status = 'confirmed', hold_expires_at = NULL WHERE id = :id"),
            {"id": held.id},
        )  # A's confirm, not committed yet
        rt.bookings.clock.advance(minutes=rt.config.hold_minutes + 1)  # type: ignore[attr-defined]

        def book() -> None:
            try:
                outcome["b"] = create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=2)
            except DomainError as exc:
                outcome["b"] = exc

        racer = threading.Thread(target=book)
        racer.start()
        racer.join(1.0)  # B now waits for A's row
        confirming.commit()
    racer.join(30)
    assert isinstance(outcome["b"], SlotUnavailable)
    with rt.store.read() as session:
        assert session.scalar(select(Booking.status).where(Booking.id == held.id)) == "confirmed"
