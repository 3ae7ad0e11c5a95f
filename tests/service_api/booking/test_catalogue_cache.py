"""The booking path keeps catalogue facts per process: a change made anywhere must reach the next booking.

Each change below is made through a second runtime on the same database, as another service process
(or the CLI) would make it; the first runtime has already cached the facts by booking once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import calendars, staffing
from service_api.booking.journal import record_change
from service_api.catalogue import DEFAULT_CATALOGUE, HolidaySpec, install_catalogue, read_catalogue
from service_api.domain.errors import NotFound, RuleViolation, SlotUnavailable
from service_api.domain.working_plan import WorkingPlan
from service_api.models import Municipality, Service
from service_api.runtime import Runtime
from tests.helpers.factories import create_booking
from tests.helpers.world import PASSWORD, WEEKDAYS_8_TO_14, World, athens


def larissa_id(world: World) -> int:
    with world.rt.store.read() as session:
        return int(session.scalar(select(Municipality.id).where(Municipality.slug == "larissa")))


@pytest.fixture
def elsewhere(world: World) -> Iterator[Runtime]:
    other = Runtime.build(world.rt.config)
    yield other
    other.waiter.close()
    other.store.dispose()


def test_a_clerk_qualified_elsewhere_takes_the_next_booking(world: World, elsewhere: Runtime) -> None:
    service_id = world.service("cohabitation-agreement")
    for n in range(3):  # the three clerks qualified in person
        create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=n)
    with pytest.raises(SlotUnavailable):
        create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=7)

    newcomer = staffing.create_staff(
        elsewhere.bookings,
        username="clerk_d",
        display_name="Clerk D",
        role="clerk",
        password=PASSWORD,
        municipality_id=larissa_id(world),
        services=[(service_id, True, False)],
        plan=WEEKDAYS_8_TO_14,
    )

    booked = create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=8).booking
    assert booked.staff_id == newcomer


def test_a_new_holiday_and_duration_reach_the_next_booking(world: World, elsewhere: Runtime) -> None:
    service_id = world.service("transfer-of-registration")
    first = create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=1).booking
    assert (first.end_at - first.start_at).total_seconds() == 15 * 60

    spec = read_catalogue(DEFAULT_CATALOGUE)
    larissa = next(m for m in spec.municipalities if m.slug == "larissa")
    larissa.holidays.append(HolidaySpec(month=12, day=3, name_el="Δοκιμή", name_en="Test day"))
    transfer = next(s for g in larissa.groups for s in g.services if s.slug == "transfer-of-registration")
    transfer.duration_minutes = 30
    install_catalogue(elsewhere.bookings, spec=spec)

    with pytest.raises(SlotUnavailable, match="closed"):
        create_booking(world.rt.bookings, service_id=service_id, start=athens(3, 9), who=2)
    second = create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 10), who=3).booking
    assert (second.end_at - second.start_at).total_seconds() == 30 * 60


def test_a_service_taken_off_the_catalogue_is_refused(world: World, elsewhere: Runtime) -> None:
    service_id = world.service("transfer-of-registration")
    create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=1)

    def switch_off(session: Session) -> None:
        service = session.get(Service, service_id)
        assert service is not None
        service.active = False
        record_change(
            session, entity="catalogue", entity_id=0, op="updated", municipality_id=None, staff_id=None
        )

    with elsewhere.bookings.transaction() as session:
        switch_off(session)
    with pytest.raises(NotFound):
        create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 10), who=2)


def test_the_plan_is_read_again_under_the_lock_when_staff_changed(world: World) -> None:
    """A writer that waited for a clerk's lock behind a staff change must not use the plan it had."""
    clerk = world.staff["clerk_a"]
    with world.rt.store.write() as session:
        stamp = world.rt.bookings.catalogue.read_stamp(session)
        same, _ = calendars.clerk_calendar(
            session, clerk, athens(2, 9), athens(2, 10), now=athens(1, 8), plan=[], stamp=stamp
        )
        stale, _ = calendars.clerk_calendar(
            session, clerk, athens(2, 9), athens(2, 10), now=athens(1, 8), plan=[], stamp=stamp - 1
        )
    assert same.plan == []  # the stamp has not moved: the plan given is current
    # it moved: Monday to Friday, 08:00-14:00, as stored
    assert isinstance(stale.plan, WorkingPlan) and len(stale.plan.versions[-1].periods) == 5


def test_a_service_stored_beyond_the_duration_cap_is_refused(world: World, elsewhere: Runtime) -> None:
    """Reads around a slot look back 8 hours at most; a longer service edited in by hand must not book."""
    service_id = world.service("transfer-of-registration")

    def stretch(session: Session) -> None:
        service = session.get(Service, service_id)
        assert service is not None
        service.duration_minutes = 600
        record_change(
            session, entity="catalogue", entity_id=0, op="updated", municipality_id=None, staff_id=None
        )

    with elsewhere.bookings.transaction() as session:
        stretch(session)
    with pytest.raises(RuleViolation, match="longer than bookings allow"):
        create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=1)
