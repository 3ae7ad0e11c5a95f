"""The one guarded booking path: assignment, refusals, holds, reschedule, cancel, reassign, journal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from service_api.booking.journal import Actor
from service_api.catalogue import DEFAULT_CATALOGUE, install_catalogue, read_catalogue
from service_api.domain.errors import (
    CitizenLimitReached,
    Forbidden,
    IdempotencyMismatch,
    RuleViolation,
    SlotUnavailable,
    TimeNotOffered,
)
from service_api.domain.rules import Mode
from service_api.models import AuditLog, Booking, ChangeLog, Outbox
from tests.helpers.clock import Clock
from tests.helpers.factories import citizen, create_booking
from tests.helpers.world import World, athens


def supervisor(world: World) -> Actor:
    return Actor("staff", world.staff["supervisor"], "supervisor", 1)


def test_new_bookings_go_to_the_least_loaded_free_clerk(world: World) -> None:
    service_id = world.service("cohabitation-agreement")
    first = create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=1).booking
    second = create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 10), who=2).booking
    third = create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 11), who=3).booking
    assert len({first.staff_id, second.staff_id, third.staff_id}) == 3
    assert first.status == "confirmed" and first.reference


def test_a_slot_is_refused_once_every_qualified_clerk_is_taken(world: World) -> None:
    service_id = world.service("cohabitation-agreement")
    for n in range(3):  # three clerks serve in person
        create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=n)
    with pytest.raises(SlotUnavailable):
        create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=9)


def test_teleconference_only_goes_to_clerks_qualified_for_it(world: World) -> None:
    service_id = world.service("cohabitation-agreement")
    made = [
        create_booking(
            world.rt.bookings, service_id=service_id, start=athens(2, 9), mode=Mode.TELECONFERENCE, who=n
        ).booking.staff_id
        for n in range(2)
    ]
    assert world.staff["clerk_c"] not in made
    with pytest.raises(SlotUnavailable):
        create_booking(
            world.rt.bookings, service_id=service_id, start=athens(2, 9), mode=Mode.TELECONFERENCE, who=5
        )


def test_off_grid_weekend_holiday_and_too_soon_times_are_refused(world: World) -> None:
    service_id = world.service("transfer-of-registration")
    for start, refusal, problem in (
        (athens(2, 9, 10), TimeNotOffered, "off_grid"),
        (athens(5, 9), TimeNotOffered, "off_grid"),  # a Saturday: nobody works
        (athens(25, 9), SlotUnavailable, ""),  # Christmas: the municipality is closed
        (athens(1, 8, 30), TimeNotOffered, "too_soon"),
    ):
        with pytest.raises(refusal) as refused:
            create_booking(world.rt.bookings, service_id=service_id, start=start)
        assert getattr(refused.value, "problem", "") == problem


def test_buffer_after_keeps_the_clerk_free_before_the_next_booking(world: World) -> None:
    # The cohabitation agreement has 5 minutes of buffer after each 15-minute appointment.
    rt = world.rt
    agreement = world.service("cohabitation-agreement")
    transfer = world.service("transfer-of-registration")
    only_clerk_a = world.staff["clerk_a"]
    for other in ("clerk_b", "clerk_c"):
        from service_api.booking import staffing

        staffing.add_absence(
            rt.bookings, Actor.system(), staff_id=world.staff[other], start=athens(2, 0), end=athens(3, 0)
        )
    booking = create_booking(rt.bookings, service_id=agreement, start=athens(2, 9), who=1).booking
    assert booking.staff_id == only_clerk_a
    # 09:15 is free of the appointment itself but inside its buffer.
    from service_api.booking import catalogue_reads

    with rt.store.read() as session:
        svc = catalogue_reads.service_by_id(session, transfer)
        slots = rt.availability.slots(
            session, svc, "in_person", athens(2, 0).date(), athens(2, 0).date(), now=rt.bookings.clock()
        )
    starts = {s.start for s in slots}
    assert athens(9 - 7, 9, 30) in starts
    assert athens(2, 9) not in starts


def test_the_per_citizen_limit_counts_upcoming_bookings_of_the_service(world: World) -> None:
    service_id = world.service("transfer-of-registration")
    create_booking(world.rt.bookings, service_id=service_id, start=athens(2, 9), who=7)
    create_booking(world.rt.bookings, service_id=service_id, start=athens(3, 9), who=7)
    with pytest.raises(CitizenLimitReached):
        create_booking(
            world.rt.bookings, service_id=service_id, start=athens(4, 9), who=7, email="CITIZEN7@example.org "
        )


def test_a_hold_blocks_the_slot_until_it_expires(world: World, clock: object) -> None:
    rt = world.rt
    service_id = world.service("cohabitation-agreement")
    held = [
        create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=n, hold=True).booking
        for n in range(3)
    ]
    assert all(b.status == "held" for b in held)
    with pytest.raises(SlotUnavailable):
        create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=8)
    rt.bookings.clock.advance(minutes=11)  # type: ignore[attr-defined]
    fresh = create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=8).booking
    assert fresh.status == "confirmed"
    with pytest.raises(SlotUnavailable):
        rt.bookings.confirm(held[0].reference, Actor.citizen())


def test_confirming_a_live_hold_makes_it_a_booking_with_the_final_details(world: World) -> None:
    rt = world.rt
    held = create_booking(
        rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(2, 9), hold=True
    ).booking
    confirmed = rt.bookings.confirm(held.reference, Actor.citizen(), citizen(2, name="Νέο Όνομα"))
    assert confirmed.status == "confirmed" and confirmed.citizen_name == "Νέο Όνομα"


def test_reschedule_keeps_the_reference_and_invalidates_old_links(world: World) -> None:
    rt = world.rt
    booking = create_booking(
        rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 9)
    ).booking
    moved = rt.bookings.reschedule(booking.reference, athens(3, 10, 30), Actor.citizen())
    assert moved.reference == booking.reference
    assert moved.start_at == athens(3, 10, 30)
    assert moved.link_version == booking.link_version + 1
    assert moved.sequence == booking.sequence + 1


def test_reschedule_to_a_taken_time_changes_nothing(world: World) -> None:
    rt = world.rt
    service_id = world.service("transfer-of-registration")
    for n in range(3):
        create_booking(rt.bookings, service_id=service_id, start=athens(3, 9), who=n)
    mine = create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=5).booking
    with pytest.raises(SlotUnavailable):
        rt.bookings.reschedule(mine.reference, athens(3, 9), Actor.citizen())
    with rt.store.read() as session:
        assert session.scalar(select(Booking.start_at).where(Booking.id == mine.id)) == athens(2, 9)


def test_cancel_frees_the_slot_and_is_harmless_twice(world: World) -> None:
    rt = world.rt
    service_id = world.service("cohabitation-agreement")
    made = [
        create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=n).booking
        for n in range(3)
    ]
    rt.bookings.cancel(made[0].reference, Actor.citizen())
    assert rt.bookings.cancel(made[0].reference, Actor.citizen()).status == "cancelled"
    assert (
        create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=9).booking.staff_id
        == made[0].staff_id
    )


def test_reassign_checks_qualification_and_freedom_and_is_supervisor_only(world: World) -> None:
    rt = world.rt
    service_id = world.service("cohabitation-agreement")
    tele = create_booking(
        rt.bookings, service_id=service_id, start=athens(2, 9), mode=Mode.TELECONFERENCE, who=1
    ).booking
    other = world.staff["clerk_b"] if tele.staff_id == world.staff["clerk_a"] else world.staff["clerk_a"]
    with pytest.raises(RuleViolation, match="not qualified"):
        rt.bookings.reassign(tele.reference, world.staff["clerk_c"], supervisor(world))
    with pytest.raises(Forbidden):
        rt.bookings.reassign(tele.reference, other, Actor("staff", tele.staff_id, "clerk", 1))
    blocker = create_booking(
        rt.bookings, service_id=service_id, start=athens(2, 9), mode=Mode.TELECONFERENCE, who=2
    ).booking
    assert blocker.staff_id == other
    with pytest.raises(SlotUnavailable):
        rt.bookings.reassign(tele.reference, other, supervisor(world))
    assert rt.bookings.reassignment_candidates(tele.reference) == []
    rt.bookings.cancel(blocker.reference, Actor.citizen())
    assert rt.bookings.reassignment_candidates(tele.reference) == [other]
    moved = rt.bookings.reassign(tele.reference, other, supervisor(world), reason="absence")
    assert moved.staff_id == other


def test_idempotency_key_returns_the_same_booking_and_refuses_another_body(world: World) -> None:
    rt = world.rt
    service_id = world.service("cohabitation-agreement")
    first = create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), idempotency_key="k-123456")
    again = create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), idempotency_key="k-123456")
    assert again.replayed and again.booking.reference == first.booking.reference
    with pytest.raises(IdempotencyMismatch):
        create_booking(rt.bookings, service_id=service_id, start=athens(2, 10), idempotency_key="k-123456")
    with rt.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == 1


def test_every_write_leaves_audit_change_and_outbox_rows(world: World) -> None:
    rt = world.rt
    booking = create_booking(
        rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(2, 9),
        mode=Mode.TELECONFERENCE,
    ).booking
    rt.bookings.reschedule(booking.reference, athens(2, 10), Actor.citizen())
    rt.bookings.cancel(booking.reference, Actor.citizen())
    with rt.store.read() as session:
        actions = list(
            session.scalars(
                select(AuditLog.action).where(AuditLog.booking_id == booking.id).order_by(AuditLog.id)
            )
        )
        ops = list(
            session.scalars(
                select(ChangeLog.op)
                .where(ChangeLog.entity == "booking", ChangeLog.entity_id == booking.id)
                .order_by(ChangeLog.seq)
            )
        )
        jobs = list(
            session.scalars(select(Outbox.kind).where(Outbox.booking_id == booking.id).order_by(Outbox.id))
        )
    assert actions == ["created", "rescheduled", "cancelled"]
    assert ops == ["created", "updated", "cancelled"]
    assert jobs == [
        "meeting.create",
        "email.confirmation",
        "meeting.update",
        "email.rescheduled",
        "meeting.cancel",
        "email.cancelled",
    ]


def test_completion_needs_identity_verification_but_no_show_does_not(world: World, clock: Clock) -> None:
    from service_api.domain.rules import Outcome

    rt = world.rt
    service_id = world.service("transfer-of-registration")
    a = create_booking(rt.bookings, service_id=service_id, start=athens(2, 9), who=1).booking
    b = create_booking(rt.bookings, service_id=service_id, start=athens(2, 10), who=2).booking
    clerk_a = Actor("staff", a.staff_id, "clerk", 1)
    with pytest.raises(RuleViolation, match="identity"):
        rt.clerk_actions.record_outcome(reference=a.reference, outcome=Outcome.COMPLETED, actor=clerk_a)
    rt.clerk_actions.verify_identity(
        reference=a.reference, actor=clerk_a, document_type="identity_card", name_matches=True
    )
    assert (
        rt.clerk_actions.record_outcome(
            reference=a.reference, outcome=Outcome.COMPLETED, actor=clerk_a, confirm_missing_documents=True
        ).status
        == "completed"
    )
    clerk_b = Actor("staff", b.staff_id, "clerk", 1)
    clock.now = athens(2, 10, 20)  # a no-show once the start has passed
    assert (
        rt.clerk_actions.record_outcome(reference=b.reference, outcome=Outcome.NO_SHOW, actor=clerk_b).status
        == "no_show"
    )


def test_a_long_booking_still_blocks_its_clerk_hours_after_it_started(world: World) -> None:
    """Reads around a slot look back as far as the longest service: a six-hour booking is seen."""
    spec = read_catalogue(DEFAULT_CATALOGUE)
    larissa = next(m for m in spec.municipalities if m.slug == "larissa")
    transfer = next(s for g in larissa.groups for s in g.services if s.slug == "transfer-of-registration")
    transfer.duration_minutes = 360
    install_catalogue(world.rt.bookings, spec=spec)
    for n in range(3):  # every in-person clerk from 08:00 to 14:00
        create_booking(
            world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 8), who=n
        )
    with pytest.raises(SlotUnavailable):
        create_booking(
            world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(2, 13), who=7
        )


def test_a_hold_made_before_its_service_was_withdrawn_can_still_be_confirmed(world: World) -> None:
    """Withdrawing a service stops new bookings; the citizen who already holds a time keeps it."""
    from service_api.booking import journal
    from service_api.domain.errors import NotFound
    from service_api.models import Service

    rt, sid = world.rt, world.service("cohabitation-agreement")
    held = create_booking(rt.bookings, service_id=sid, start=athens(2, 9), hold=True).booking
    with rt.store.write() as session:
        service = session.get(Service, sid)
        assert service is not None
        service.active = False
        journal.catalogue_changed(session)
    with pytest.raises(NotFound):
        create_booking(rt.bookings, service_id=sid, start=athens(2, 10), who=2)
    confirmed = rt.bookings.confirm(held.reference, Actor.citizen(), citizen(1, name="Νέο Όνομα"))
    assert confirmed.status == "confirmed" and confirmed.citizen_name == "Νέο Όνομα"
