"""Accessibility needs (issue 18) in the search and the booking path, on SQLite and PostgreSQL.

Extra time searches and books the longer slot; an interpreter or sign language goes only to a clerk
who offers it, in the search and again under the booking's lock.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from service_api.booking import catalogue_admin, catalogue_reads, staff_admin
from service_api.booking.service import NewBooking
from service_api.domain.errors import NotQualified, SlotUnavailable, TimeNotOffered
from service_api.domain.needs import NO_NEEDS, Needs, StaffSupport, parse_needs
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS
from tests.helpers.factories import citizen
from tests.helpers.world import World, athens

ADMIN = "admin"


def admin(world: World) -> Actor:
    return Actor("staff", world.staff[ADMIN], "admin", None)


def slots(world: World, slug: str, day: int, needs: Needs = NO_NEEDS, mode: str = "in_person") -> list:  # type: ignore[type-arg]
    rt = world.rt
    with rt.store.read() as session:
        service = catalogue_reads.service_by_id(session, world.service(slug))
        found = rt.availability.slots(
            session,
            service,
            mode,
            athens(day, 0).date(),
            athens(day, 0).date(),
            now=rt.bookings.clock(),
            needs=needs,
        )
    return [s for s in found if s.start.astimezone(ATHENS).day == day]


def book(world: World, slug: str, start, needs: Needs = NO_NEEDS, who: int = 1):  # type: ignore[no-untyped-def]
    return world.rt.bookings.create(
        NewBooking(world.service(slug), Mode.IN_PERSON, start, citizen(who), needs=needs), Actor.citizen()
    ).booking


def give_support(world: World, clerk: str, support: StaffSupport) -> None:
    staff_admin.update_account(world.rt.bookings, admin(world), world.staff[clerk], {"supports": support})


def test_extra_time_offers_and_books_the_longer_slot(world: World) -> None:
    slug = "transfer-of-registration"
    catalogue_admin.update_service(
        world.rt.bookings, admin(world), world.service(slug), {"extra_time_minutes": 45}
    )
    plain = slots(world, slug, 2)
    longer = slots(world, slug, 2, parse_needs(["extra_time"]))
    assert plain[-1].start == athens(2, 13, 30) and plain[-1].end - plain[-1].start == timedelta(minutes=15)
    # 15 + 45 minutes must end by 14:00: 13:30 is no longer offered, 13:00 is the last start.
    assert longer[-1].start == athens(2, 13) and longer[-1].end == athens(2, 14)
    with pytest.raises(TimeNotOffered):
        book(world, slug, athens(2, 13, 30), parse_needs(["extra_time"]))
    made = book(world, slug, athens(2, 13), parse_needs(["extra_time", "wheelchair"]))
    assert made.end_at - made.start_at == timedelta(minutes=60)
    assert made.needs == {"codes": ["wheelchair", "extra_time"]}
    # The clerk's hour is taken: a plain 13:30 with that clerk would now collide, so capacity drops.
    after = {s.start: s.capacity for s in slots(world, slug, 2)}
    assert after[athens(2, 13, 30)] == plain[-1].capacity - 1


def test_an_interpreter_goes_only_to_a_clerk_who_speaks_the_language(world: World) -> None:
    slug = "cohabitation-agreement"
    give_support(world, "clerk_b", StaffSupport(languages=("Αραβικά",)))
    arabic = parse_needs(["interpreter"], "αραβικά")
    offered = slots(world, slug, 3, arabic)
    assert offered and all(s.staff_ids == (world.staff["clerk_b"],) for s in offered)
    assert slots(world, slug, 3, parse_needs(["interpreter"], "Farsi")) == []
    assert slots(world, slug, 3, parse_needs(["sign_language"])) == []
    first = book(world, slug, athens(3, 9), arabic, who=1)
    assert first.staff_id == world.staff["clerk_b"]
    assert first.needs == {"codes": ["interpreter"], "language": "αραβικά"}
    # Clerks A and C are still free at 9:00, but neither speaks Arabic: the path re-checks the rule.
    with pytest.raises(SlotUnavailable):
        book(world, slug, athens(3, 9), arabic, who=2)
    assert athens(3, 9) not in {s.start for s in slots(world, slug, 3, arabic)}
    assert book(world, slug, athens(3, 9), who=3).staff_id != world.staff["clerk_b"]


def test_sign_language_with_no_clerk_offering_it_is_refused_at_booking(world: World) -> None:
    with pytest.raises(SlotUnavailable) as refused:
        book(world, "cohabitation-agreement", athens(3, 10), parse_needs(["sign_language"]))
    assert "needs" in refused.value.fields


def test_a_hold_keeps_its_needs_and_confirming_keeps_the_length(world: World) -> None:
    slug = "transfer-of-registration"
    give_support(world, "clerk_c", StaffSupport(sign_language=True))
    needs = parse_needs(["sign_language", "extra_time"])
    held = world.rt.bookings.create(
        NewBooking(world.service(slug), Mode.IN_PERSON, athens(3, 11), citizen(1), needs=needs),
        Actor.citizen(),
        hold=True,
    ).booking
    assert held.staff_id == world.staff["clerk_c"] and held.end_at == athens(3, 11, 30)
    confirmed = world.rt.bookings.confirm(held.reference, Actor.citizen(), citizen(1))
    assert confirmed.needs == needs.to_json() and confirmed.end_at == athens(3, 11, 30)


def test_a_move_keeps_the_longer_slot_and_a_clerk_who_offers_the_support(world: World) -> None:
    slug = "transfer-of-registration"
    give_support(world, "clerk_a", StaffSupport(languages=("English",)))
    needs = parse_needs(["interpreter", "extra_time"], "English")
    made = book(world, slug, athens(3, 9), needs)
    moved = world.rt.bookings.reschedule(made.reference, athens(4, 10), Actor.citizen())
    assert moved.staff_id == world.staff["clerk_a"]
    assert moved.end_at - moved.start_at == timedelta(minutes=30)
    with pytest.raises(NotQualified):
        world.rt.bookings.reassign(made.reference, world.staff["clerk_b"], admin(world))


def test_anonymising_keeps_which_needs_were_served_but_not_the_language_typed(world: World) -> None:
    from service_api import retention
    from tests.helpers.clock import Clock

    give_support(world, "clerk_a", StaffSupport(languages=("Farsi",)))
    made = book(
        world, "cohabitation-agreement", athens(2, 9), parse_needs(["interpreter", "wheelchair"], "Farsi")
    )
    clock = world.rt.bookings.clock
    assert isinstance(clock, Clock)
    clock.now = athens(20, 9)
    assert retention.anonymise_bookings(world.rt.bookings, cutoff=athens(19, 0)) >= 1
    with world.rt.store.read() as session:
        from service_api.models import Booking

        stored = session.get(Booking, made.id)
        assert stored is not None and stored.citizen_name == ""
        assert stored.needs == {"codes": ["wheelchair", "interpreter"]}
