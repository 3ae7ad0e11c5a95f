"""No-show rescue (issue 18), review fixes: «we missed you» offers only times the citizen's needs allow
(extra time, an interpreter), and a reschedule starts the new appointment's rescue afresh. Both
databases."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask.testing import FlaskClient

from service_api.booking import catalogue_admin, no_show, staff_admin
from service_api.booking.service import NewBooking
from service_api.domain.needs import Needs, StaffSupport, parse_needs
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS
from service_api.models import Booking, BookingRescue
from tests.helpers.clock import Clock
from tests.helpers.factories import citizen, create_booking
from tests.helpers.http import call, login
from tests.helpers.world import World, athens


def _admin(world: World) -> Actor:
    return Actor("staff", world.staff["admin"], "admin", None)


def _book(world: World, slug: str, start: datetime, needs: Needs, who: int = 1) -> Booking:
    return world.rt.bookings.create(
        NewBooking(world.service(slug), Mode.IN_PERSON, start, citizen(who), needs=needs), Actor.citizen()
    ).booking


def _clerk_of(world: World, booking: Booking) -> str:
    return next(name for name, staff_id in world.staff.items() if staff_id == booking.staff_id)


def _offered(world: World, booking_id: int) -> list[datetime]:
    with world.rt.store.read() as session:
        record = session.get(BookingRescue, booking_id)
        assert record is not None
        return [datetime.fromisoformat(s) for s in record.offered_starts]


def test_missed_you_offers_only_times_long_enough_for_extra_time(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    slug = "transfer-of-registration"  # 15 minutes; with 45 more it must end by 14:00
    catalogue_admin.update_service(
        world.rt.bookings,
        _admin(world),
        world.service(slug),
        {"extra_time_minutes": 45, "lead_time_minutes": 0},
    )
    booking = _book(world, slug, athens(2, 12), parse_needs(["extra_time"]))
    clock.now = athens(2, 12, 6)
    headers = login(client, _clerk_of(world, booking))
    call(client, "POST", f"/api/v1/bookings/{booking.reference}/missed-you", 200, headers=headers)
    offered = _offered(world, booking.id)
    # 13:30 is free for a plain 15 minutes, but the citizen needs an hour, which must end by 14:00 that
    # day: it is never offered (the next morning is).
    same_day = [s for s in offered if s.astimezone(ATHENS).day == 2]
    assert all(s + timedelta(minutes=60) <= athens(2, 14) for s in same_day)
    assert len(offered) == 3 and athens(2, 13, 30) not in offered


def test_an_offered_time_taken_at_the_only_interpreting_clerk_is_no_longer_offered(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    slug = "cohabitation-agreement"
    staff_admin.update_account(
        world.rt.bookings,
        _admin(world),
        world.staff["clerk_b"],
        {"supports": StaffSupport(languages=("Αραβικά",))},
    )
    arabic = parse_needs(["interpreter"], "αραβικά")
    booking = _book(world, slug, athens(3, 9), arabic)
    assert booking.staff_id == world.staff["clerk_b"]
    clock.now = athens(3, 9, 6)
    headers = login(client, _clerk_of(world, booking))
    call(client, "POST", f"/api/v1/bookings/{booking.reference}/missed-you", 200, headers=headers)
    offered = _offered(world, booking.id)
    # Another citizen who needs Arabic takes clerk B at the first offered time; clerks A and C are still
    # free then, but they cannot interpret, so the link must not offer that time any more.
    other = _book(world, slug, offered[0], arabic, who=2)
    assert other.staff_id == world.staff["clerk_b"]
    offer = no_show.open_offer(
        world.rt.bookings,
        world.rt.availability,
        reference=booking.reference,
        link_version=booking.link_version,
    )
    assert offered[0] not in offer.choices
    assert list(offer.choices) == offered[1:]


def test_after_taking_a_new_time_the_new_appointment_can_be_rescued_again(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    ).booking
    clock.now = athens(2, 9, 6)
    path = f"/api/v1/bookings/{booking.reference}/missed-you"
    call(client, "POST", path, 200, headers=login(client, _clerk_of(world, booking)))
    new_start = _offered(world, booking.id)[0]
    moved = no_show.take_offer(
        world.rt.bookings, reference=booking.reference, link_version=booking.link_version, start=new_start
    )
    headers = login(client, _clerk_of(world, moved))
    panel = call(client, "GET", f"/api/v1/bookings/{booking.reference}", 200, headers=headers)
    assert panel["rescue"]["missed_you_sent_at"] is None and panel["rescue"]["attendance"] is None
    # The citizen misses the new time too: the desk may send «we missed you» for it.
    clock.now = new_start + timedelta(minutes=6)
    answer = call(client, "POST", path, 200, headers=headers)
    assert answer["rescue"]["missed_you_sent_at"] is not None
    assert all(s > new_start for s in _offered(world, booking.id))


def test_a_supervisor_moving_it_to_another_clerk_and_time_also_starts_the_rescue_afresh(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    ).booking
    clock.now = athens(2, 9, 6)
    call(
        client,
        "POST",
        f"/api/v1/bookings/{booking.reference}/missed-you",
        200,
        headers=login(client, _clerk_of(world, booking)),
    )
    target = next(i for n, i in world.staff.items() if n.startswith("clerk_") and i != booking.staff_id)
    with world.rt.store.read() as session:
        municipality_id = session.get(Booking, booking.id).municipality_id  # type: ignore[union-attr]
    supervisor = Actor("staff", world.staff["supervisor"], "supervisor", municipality_id)
    world.rt.bookings.reassign(booking.reference, target, supervisor, new_start=athens(2, 11))
    with world.rt.store.read() as session:
        record = session.get(BookingRescue, booking.id)
        assert record is not None and record.missed_you_sent_at is None and record.offered_starts == []
