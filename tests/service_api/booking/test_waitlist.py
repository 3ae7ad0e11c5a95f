"""The waitlist (issue 17): first come first served, offers held and passed on, never two offers for one
time, accepting books through the booking path, leaving, and booking another way leaves the list."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from service_api.booking import citizen_bookings, staffing, waitlist, waitlist_offers
from service_api.booking.waitlist import Waiter, Wanted
from service_api.domain.errors import SlotUnavailable
from service_api.domain.kinds import OutboxKind
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Status
from service_api.domain.waitlist import AlreadyWaiting, EntryStatus, PartOfDay
from service_api.models import Booking, Outbox, WaitlistEntry
from service_api.runtime import Runtime
from tests.helpers.factories import create_booking
from tests.helpers.world import World, athens

DAY = athens(3, 0).date()  # Thursday 3 December 2026


def waiter(n: int) -> Waiter:
    return Waiter(email=f"waiter{n}@example.org", name=f"Αναμονή {n}")


def join(world: World, n: int, *, part: PartOfDay = PartOfDay.ANY) -> int:
    wanted = Wanted(world.service("cohabitation-agreement"), Mode.TELECONFERENCE, DAY, DAY, part)
    return waitlist.join(world.rt.bookings, wanted, waiter(n)).id


def one_free_time(world: World) -> Booking:
    """On 3 December only clerk A works teleconferences, and only 09:00–09:30, already booked."""
    rt = world.rt
    staffing.add_absence(
        rt.bookings, Actor.system(), staff_id=world.staff["clerk_b"], start=athens(3, 0), end=athens(4, 0)
    )
    a = world.staff["clerk_a"]
    staffing.add_absence(rt.bookings, Actor.system(), staff_id=a, start=athens(3, 0), end=athens(3, 9))
    staffing.add_absence(rt.bookings, Actor.system(), staff_id=a, start=athens(3, 9, 30), end=athens(4, 0))
    return create_booking(
        rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(3, 9),
        mode=Mode.TELECONFERENCE,
        who=90,
    ).booking


def offer_round(rt: Runtime) -> int:
    return waitlist_offers.offer_round(rt.bookings, rt.availability)


def entry_state(rt: Runtime, entry_id: int) -> tuple[str, Booking | None]:
    found, offer = waitlist.entry(rt.bookings, entry_id)
    return found.status, offer


def offers_sent(rt: Runtime) -> list[int]:
    with rt.store.read() as session:
        rows = session.scalars(select(Outbox).where(Outbox.kind == OutboxKind.EMAIL_WAITLIST_OFFER)).all()
        return [row.payload["entry_id"] for row in rows]


def test_a_freed_time_goes_to_the_first_waiting_citizen_then_passes_on_when_not_confirmed(
    world: World, clock
) -> None:  # type: ignore[no-untyped-def]
    rt = world.rt
    taken = one_free_time(world)
    first, second, third = join(world, 1), join(world, 2), join(world, 3)
    assert offer_round(rt) == 0  # nothing free: everyone waits
    rt.bookings.cancel(taken.reference, Actor.citizen())  # a cancellation frees 09:00
    assert offer_round(rt) == 1
    status, offer = entry_state(rt, first)
    assert status == EntryStatus.OFFERED and offer is not None
    assert offer.status == Status.HELD and offer.start_at == athens(3, 9)
    assert offer.hold_expires_at == clock.now + timedelta(minutes=30)  # DIMOS_WAITLIST_OFFER_MINUTES
    assert entry_state(rt, second)[0] == EntryStatus.WAITING
    assert offer_round(rt) == 0  # held: the next citizen is not offered the same time
    assert offers_sent(rt) == [first]

    clock.advance(minutes=31)  # the first citizen did not confirm in time
    assert offer_round(rt) == 1
    assert entry_state(rt, first)[0] == EntryStatus.EXPIRED
    status, offer = entry_state(rt, second)
    assert status == EntryStatus.OFFERED and offer is not None and offer.start_at == athens(3, 9)
    assert entry_state(rt, third)[0] == EntryStatus.WAITING
    assert offers_sent(rt) == [first, second]

    booked = waitlist.accept(rt.bookings, second)  # confirmed through BookingService.confirm
    assert booked.status == Status.CONFIRMED and booked.reference == offer.reference
    assert entry_state(rt, second)[0] == EntryStatus.BOOKED
    with rt.store.read() as session:
        kinds = session.scalars(select(Outbox.kind).where(Outbox.booking_id == booked.id)).all()
    assert OutboxKind.EMAIL_CONFIRMATION in kinds
    assert offer_round(rt) == 0 and entry_state(rt, third)[0] == EntryStatus.WAITING


def test_an_offer_expired_cannot_be_accepted(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    rt = world.rt
    rt.bookings.cancel(one_free_time(world).reference, Actor.citizen())
    first = join(world, 1)
    offer_round(rt)
    clock.advance(minutes=31)
    with pytest.raises(SlotUnavailable):
        waitlist.accept(rt.bookings, first)


def test_part_of_day_is_read_in_athens(world: World) -> None:
    rt = world.rt
    rt.bookings.cancel(one_free_time(world).reference, Actor.citizen())  # 09:00 Athens is 07:00 UTC
    afternoon = join(world, 1, part=PartOfDay.AFTERNOON)
    morning = join(world, 2, part=PartOfDay.MORNING)
    assert offer_round(rt) == 1
    assert entry_state(rt, afternoon)[0] == EntryStatus.WAITING
    assert entry_state(rt, morning)[0] == EntryStatus.OFFERED


def test_leaving_gives_the_held_time_to_the_next_at_once(world: World) -> None:
    rt = world.rt
    rt.bookings.cancel(one_free_time(world).reference, Actor.citizen())
    first, second = join(world, 1), join(world, 2)
    offer_round(rt)
    _, offer = entry_state(rt, first)
    assert offer is not None
    waitlist.leave(rt.bookings, first)
    status, _ = entry_state(rt, first)
    assert status == EntryStatus.LEFT
    with rt.store.read() as session:
        assert session.get(Booking, offer.id).status == Status.CANCELLED  # type: ignore[union-attr]
        assert session.get(WaitlistEntry, first).citizen_email == ""  # type: ignore[union-attr]
    assert offer_round(rt) == 1
    assert entry_state(rt, second)[0] == EntryStatus.OFFERED


def test_a_waiting_citizen_who_books_another_way_leaves_the_list(world: World) -> None:
    rt = world.rt
    entry_id = join(world, 1)
    create_booking(
        rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(4, 10),
        mode=Mode.IN_PERSON,
        email="waiter1@example.org",
    )
    assert entry_state(rt, entry_id)[0] == EntryStatus.BOOKED


def test_a_citizen_waits_once_per_service_and_mode(world: World) -> None:
    join(world, 1)
    with pytest.raises(AlreadyWaiting):
        join(world, 1)


def test_two_runners_at_once_never_make_two_offers_for_one_time(world: World) -> None:
    """Both runners plan the same offers; the database lets exactly one of each through."""
    rt = world.rt
    rt.bookings.cancel(one_free_time(world).reference, Actor.citizen())
    entries = [join(world, n) for n in range(1, 6)]
    barrier = threading.Barrier(4)
    made: list[int] = []

    def runner() -> None:
        plan = waitlist_offers.planned_offers(rt.bookings, rt.availability)
        barrier.wait()
        for entry_id, start in plan + [(e, athens(3, 9)) for e in entries]:
            if waitlist.make_offer(rt.bookings, entry_id, start) is not None:
                made.append(entry_id)

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(made) == 1
    with rt.store.read() as session:
        held = session.scalars(
            select(Booking).where(Booking.status == Status.HELD.value, Booking.start_at == athens(3, 9))
        ).all()
        offered = session.scalar(
            select(func.count()).where(WaitlistEntry.status == EntryStatus.OFFERED.value)
        )
    assert len(held) == 1 and offered == 1
    assert Counter(offers_sent(rt)) == Counter(made)


def test_the_booking_path_still_counts_one_offer_per_time(world: World) -> None:
    """An offered hold blocks its time for everyone else, as any hold does."""
    rt = world.rt
    rt.bookings.cancel(one_free_time(world).reference, Actor.citizen())
    join(world, 1)
    offer_round(rt)
    with pytest.raises(SlotUnavailable):
        create_booking(
            rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(3, 9),
            mode=Mode.TELECONFERENCE,
            who=50,
        )


def test_a_citizen_offered_a_time_who_books_another_way_gives_it_back_at_once(world: World) -> None:
    rt = world.rt
    rt.bookings.cancel(one_free_time(world).reference, Actor.citizen())
    first, second = join(world, 1), join(world, 2)
    offer_round(rt)
    _, offer = entry_state(rt, first)
    assert offer is not None
    create_booking(  # the first citizen books another day in person, on the form
        rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(4, 10),
        mode=Mode.IN_PERSON,
        email="waiter1@example.org",
    )
    assert entry_state(rt, first)[0] == EntryStatus.BOOKED
    with rt.store.read() as session:
        assert session.get(Booking, offer.id).status == Status.CANCELLED  # type: ignore[union-attr]
    assert offer_round(rt) == 1
    assert entry_state(rt, second)[0] == EntryStatus.OFFERED


def test_a_citizen_who_cannot_take_the_time_does_not_keep_it_from_the_next(world: World) -> None:
    """Waiting first with two bookings of the service already (its limit): the time goes to the second."""
    rt = world.rt
    rt.bookings.cancel(one_free_time(world).reference, Actor.citizen())
    for day in (7, 8):
        create_booking(
            rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(day, 10),
            email="waiter1@example.org",
        )
    first, second = join(world, 1), join(world, 2)
    assert offer_round(rt) == 1
    assert entry_state(rt, first)[0] == EntryStatus.WAITING
    assert entry_state(rt, second)[0] == EntryStatus.OFFERED


def test_a_taxisnet_citizens_offer_is_booked_under_their_afm(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    """Their «Τα ραντεβού μου», their limit and an export or erasure by AFM all find the booking."""
    rt = world.rt
    taken = one_free_time(world)
    wanted = Wanted(world.service("cohabitation-agreement"), Mode.TELECONFERENCE, DAY, DAY, PartOfDay.ANY)
    who = Waiter(email="taxis@example.org", name="Γιώργος Ταξίδης", afm="123456783")
    entry_id = waitlist.join(rt.bookings, wanted, who).id
    rt.bookings.cancel(taken.reference, Actor.citizen())
    assert offer_round(rt) == 1
    booked = waitlist.accept(rt.bookings, entry_id)
    secret = rt.config.secret_key
    with rt.store.read() as session:
        mine = citizen_bookings.bookings_of(
            session, citizen_bookings.Owner(afm="123456783"), secret=secret, now=clock.now
        )
        by_email = citizen_bookings.bookings_of(
            session, citizen_bookings.Owner(email="taxis@example.org"), secret=secret, now=clock.now
        )
        closed = session.get(WaitlistEntry, entry_id)
    assert [b.reference for b in mine.upcoming] == [booked.reference]
    assert booked.citizen_via_taxisnet
    assert by_email.upcoming == []  # an e-mail sign-in is not the TAXISnet identity
    assert closed is not None and closed.citizen_afm_hash is None  # closed: no more than the key
