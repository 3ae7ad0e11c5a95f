"""The availability cache catches up clerk-day by clerk-day and never differs from a fresh computation."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from service_api.booking import catalogue_reads, staffing
from service_api.booking.journal import Actor
from service_api.domain.availability import Slot
from service_api.domain.errors import DomainError
from service_api.domain.rules import Mode
from service_api.models import Service
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.world import PASSWORD, World, athens

FIRST, LAST = date(2026, 12, 2), date(2026, 12, 11)


def _answers(world: World) -> dict[tuple[str, str], list[Slot]]:
    now = world.rt.bookings.clock()
    answers = {}
    with world.rt.store.read() as session:
        for slug in ("cohabitation-agreement", "transfer-of-registration"):
            service = catalogue_reads.service_by_id(session, world.service(slug))
            for mode in ("in_person", "teleconference"):
                answers[(slug, mode)] = world.rt.availability.slots(
                    session, service, mode, FIRST, LAST, now=now
                )
    return answers


def count_full_computations(world: World, monkeypatch: pytest.MonkeyPatch, delay: float = 0.0) -> list[int]:
    """From now on, each whole-answer computation appends its service id to the returned list."""
    import time

    computed: list[int] = []
    compute = world.rt.availability.compute

    def counting(*args: Any, **kwargs: Any) -> Any:
        computed.append(args[1].id)
        time.sleep(delay)
        return compute(*args, **kwargs)

    monkeypatch.setattr(world.rt.availability, "compute", counting)
    return computed


def test_after_each_write_the_cached_answer_equals_a_fresh_one(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random bookings, holds, cancels, reschedules, moves, absences, plan and qualification changes,
    waits and new days; cached == recomputed."""
    full_computations = count_full_computations(world, monkeypatch)
    rt, rng = world.rt, random.Random(7)
    supervisor = Actor("staff", world.staff["supervisor"], "supervisor", 1)
    clerks = [world.staff[c] for c in ("clerk_a", "clerk_b", "clerk_c")]
    made: list[str] = []
    _answers(world)
    incremental_writes = 0
    for step in range(40):
        answers = _answers(world)
        action = rng.choice(
            [
                "create",
                "create",
                "create",
                "hold",
                "confirm",
                "cancel",
                "reschedule",
                "move",
                "absence",
                "wait",
                "replan",
                "next_day",
            ]
        )
        slug = rng.choice(["cohabitation-agreement", "transfer-of-registration"])
        mode = rng.choice(["in_person", "teleconference"])
        free = answers[(slug, mode)]
        try:
            if action in ("create", "hold") and free:
                slot = rng.choice(free)
                booking = create_booking(
                    rt.bookings,
                    service_id=world.service(slug),
                    start=slot.start,
                    mode=Mode(mode),
                    who=step,
                    hold=action == "hold",
                ).booking
                made.append(booking.reference)
            elif action == "wait":
                clock.advance(minutes=rng.choice([3, 7, 11]))  # holds lapse, the horizon moves on
            elif action == "next_day":
                clock.advance(hours=rng.choice([16, 24]))  # a new local (and UTC) day: the window moves
            elif action == "replan":
                replan(world, rng)
            elif action == "confirm" and made:
                rt.bookings.confirm(rng.choice(made), Actor.citizen())  # refused unless a live hold
            elif action == "cancel" and made:
                rt.bookings.cancel(made.pop(rng.randrange(len(made))), Actor.citizen())
            elif action == "reschedule" and made and free:
                rt.bookings.reschedule(rng.choice(made), rng.choice(free).start, Actor.citizen())
            elif action == "move" and made:
                rt.bookings.reassign(rng.choice(made), rng.choice(clerks), supervisor)
            elif action == "absence":
                start = athens(rng.randint(2, 11), rng.choice([8, 10, 12]))
                staffing.add_absence(
                    rt.bookings,
                    Actor.system(),
                    staff_id=rng.choice(clerks),
                    start=start,
                    end=start + timedelta(hours=rng.choice([1, 2])),
                )
        except DomainError:
            pass  # a refused write changes nothing; the comparison below still runs
        before_check = len(full_computations)
        cached = _answers(world)
        if action == "create" and len(full_computations) == before_check:
            incremental_writes += 1
        world.rt.availability.clear()
        assert cached == _answers(world), f"step {step}: {action} left the cache wrong"
    # A booking recomputes only its clerk-day: most creates never recomputed a whole answer.
    assert incremental_writes >= 10


def replan(world: World, rng: random.Random, username: str | None = None) -> None:
    """A supervisor edits a clerk: a different weekly plan, and maybe one service or mode less."""
    username = username or rng.choice(["clerk_a", "clerk_b", "clerk_c"])
    registry = [world.service("cohabitation-agreement"), world.service("transfer-of-registration")]
    services = [(s, True, rng.random() < 0.7) for s in registry[: rng.choice([1, 2])]]
    start, end = rng.choice([(8, 14), (9, 13), (10, 15)])
    days = rng.sample(range(5), rng.choice([3, 5]))
    staffing.create_staff(
        world.rt.bookings,
        username=username,
        display_name=username,
        role="clerk",
        password=PASSWORD,
        municipality_id=1,
        services=services,
        plan=[(d, time(start), time(end)) for d in days],
    )


def test_a_plan_change_recomputes_that_clerk_only(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _answers(world)
    computed = count_full_computations(world, monkeypatch)
    replan(world, random.Random(3), "clerk_b")
    cached = _answers(world)
    assert computed == []  # the clerk's own days were recomputed, not every clerk's
    assert cached != before
    world.rt.availability.clear()
    assert cached == _answers(world)


def test_one_booking_does_not_recompute_every_clerk(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    service_id = world.service("transfer-of-registration")
    before = _answers(world)[("transfer-of-registration", "in_person")]
    computed = count_full_computations(world, monkeypatch)
    create_booking(world.rt.bookings, service_id=service_id, start=athens(3, 9), who=1)
    after = _answers(world)[("transfer-of-registration", "in_person")]
    assert computed == []
    taken = next(s for s in before if s.start == athens(3, 9))
    now_there = next((s for s in after if s.start == athens(3, 9)), None)
    assert now_there is not None and now_there.capacity == taken.capacity - 1


def test_a_lapsed_hold_frees_its_slot_in_the_cached_answer_without_any_write(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    service_id = world.service("cohabitation-agreement")
    for n in range(3):  # every clerk qualified for it holds 09:00 on 3 December
        create_booking(world.rt.bookings, service_id=service_id, start=athens(3, 9), who=n, hold=True)
    before = _answers(world)[("cohabitation-agreement", "in_person")]
    assert athens(3, 9) not in {s.start for s in before}
    computed = count_full_computations(world, monkeypatch)
    clock.advance(minutes=world.rt.config.hold_minutes + 1)
    after = _answers(world)[("cohabitation-agreement", "in_person")]
    assert athens(3, 9) in {s.start for s in after}
    assert computed == []  # the clerk-days were recomputed, not the whole answer


def test_slots_reaching_into_the_horizon_appear_as_time_passes(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Booking opens 60 days ahead to the minute: two hours later, two more hours of slots are bookable."""
    clock.advance(days=2)  # Thursday 3 December, 08:00 Athens: the horizon is Monday 1 February, 08:00
    service_id = world.service("transfer-of-registration")
    horizon_day = date(2027, 2, 1)

    def on_horizon_day() -> list[Slot]:
        with world.rt.store.read() as session:
            service = catalogue_reads.service_by_id(session, service_id)
            now = world.rt.bookings.clock()
            return world.rt.availability.slots(
                session, service, "in_person", horizon_day, horizon_day, now=now
            )

    assert on_horizon_day() == []
    computed = count_full_computations(world, monkeypatch)
    clock.advance(hours=2)
    cached = on_horizon_day()
    assert [s.start for s in cached][:1] == [athens(1, 8, month=2, year=2027)]
    assert max(s.start for s in cached) < athens(1, 10, month=2, year=2027)
    assert computed == []
    world.rt.availability.clear()
    assert on_horizon_day() == cached


def test_concurrent_requests_on_a_cold_cache_compute_the_answer_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    # Each computation takes long enough for every other request to arrive and wait.
    computed = count_full_computations(world, monkeypatch, delay=0.3)
    world.rt.availability.clear()
    answers: list[list[Slot]] = []

    def ask() -> None:
        answers.append(_answers(world)[("transfer-of-registration", "in_person")])

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join(30)
    assert len(answers) == 4 and all(a == answers[0] for a in answers)
    assert len(computed) == 4  # once per service and mode asked (two services × two modes), not per request


def test_a_new_utc_day_moves_the_window_without_recomputing(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.advance(hours=13)  # 21:00 in Athens, 19:00 UTC
    _answers(world)
    computed = count_full_computations(world, monkeypatch)
    clock.advance(hours=5)  # past midnight, UTC and local: the cached window moves by a day
    cached = _answers(world)
    assert computed == []
    world.rt.availability.clear()
    assert cached == _answers(world)


def test_an_old_answer_is_recomputed_in_the_background_while_requests_go_on(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    _answers(world)
    service_id = world.service("transfer-of-registration")
    computed: list[str] = []
    compute = world.rt.availability.compute
    release = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        computed.append(threading.current_thread().name)
        release.wait(10)
        return compute(*args, **kwargs)

    monkeypatch.setattr(world.rt.availability, "compute", slow)
    clock.advance(hours=7)  # older than the safety net's age
    create_booking(world.rt.bookings, service_id=service_id, start=athens(3, 9), who=1)
    cached = _answers(world)  # answered at once from the caught-up answer
    assert computed and set(computed) == {"availability-recompute"}
    release.set()
    assert world.rt.availability.wait_idle(timeout=10)
    assert not world.rt.availability.busy()
    assert _answers(world) == cached  # the recomputed answer agrees with the caught-up one
    world.rt.availability.clear()
    assert _answers(world) == cached


def test_warming_a_server_computes_every_service_and_mode(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.rt.availability.clear()
    computed = count_full_computations(world, monkeypatch)
    made = world.rt.warm_caches()
    with world.rt.store.read() as session:
        expected = sum(len(s.modes) for s in session.scalars(select(Service).where(Service.active)))
    assert made == expected == len(computed) > 0
    _answers(world)
    assert len(computed) == made  # the first citizen finds the answer ready
