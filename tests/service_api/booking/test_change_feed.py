"""Who reads which changes: a clerk their own diary, a supervisor their municipality, an admin all."""

from __future__ import annotations

from service_api.booking.change_feed import changes_since
from service_api.domain.policy import Actor
from tests.helpers.factories import create_booking
from tests.helpers.world import World, athens


def _references(world: World, actor: Actor) -> list[str | None]:
    with world.rt.store.read() as session:
        items, _cursor = changes_since(session, actor, 0)
    return [item.reference for item in items if item.entity == "booking"]


def test_each_reader_gets_the_bookings_in_their_scope_and_nothing_else(world: World) -> None:
    made = create_booking(
        world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(2, 9)
    ).booking
    mine = made.reference
    clerk = "clerk_a" if made.staff_id == world.staff["clerk_a"] else "clerk_b"
    other = "clerk_b" if clerk == "clerk_a" else "clerk_a"
    larissa = made.municipality_id
    assert _references(world, Actor.staff(world.staff[clerk], "clerk", larissa)) == [mine]
    assert _references(world, Actor.staff(world.staff[other], "clerk", larissa)) == []
    assert _references(world, Actor.staff(world.staff["supervisor"], "supervisor", larissa)) == [mine]
    assert _references(world, Actor.staff(world.staff["admin"], "admin", None)) == [mine]
    other_municipality = Actor.staff(world.staff["other_supervisor"], "supervisor", larissa + 1)
    assert _references(world, other_municipality) == []


def test_a_supervisor_of_no_municipality_reads_no_municipalitys_changes(world: World) -> None:
    """Not every municipality's: only rows of no municipality (catalogue, admins), not even tombstones."""
    create_booking(world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(2, 9))
    with world.rt.store.read() as session:
        items, _cursor = changes_since(session, Actor.staff(world.staff["supervisor"], "supervisor", None), 0)
    assert [item for item in items if item.entity in ("booking", "absence")] == []
    # Staff rows only of staff with no municipality either: the admin's, no clerk's or supervisor's.
    assert {item.entity_id for item in items if item.entity == "staff"} == {world.staff["admin"]}
