"""The demo shows a working office in «Διαχείριση», and running it again keeps what the office changed."""

from __future__ import annotations

from sqlalchemy import func, select

from service_api.booking import catalogue_admin
from service_api.demo import FIRST_NAMES, LAST_NAMES, ensure_staff, load_default_catalogue, make_bookings
from service_api.demo_office import make_office_examples
from service_api.domain.policy import Actor
from service_api.models import Absence, Booking, Holiday, PlanException, Service, Staff, WorkingPlanVersion
from service_api.runtime import Runtime


def _versions(rt: Runtime, username: str) -> list[str]:
    with rt.store.read() as session:
        staff_id = session.scalar(select(Staff.id).where(Staff.username == username))
        rows = session.scalars(
            select(WorkingPlanVersion.effective_from)
            .where(WorkingPlanVersion.staff_id == staff_id)
            .order_by(WorkingPlanVersion.effective_from)
        )
        return [d.isoformat() for d in rows]


def test_the_demo_office_has_every_kind_of_administration_and_a_second_run_keeps_changes(
    rt: Runtime,
) -> None:
    load_default_catalogue(rt.bookings)
    ensure_staff(rt.bookings)
    assert make_office_examples(rt.bookings) is True
    with rt.store.read() as session:
        statuses = sorted((a.kind, a.status) for a in session.scalars(select(Absence)))
        assert statuses == [("leave", "approved"), ("training", "requested")]
        assert session.scalar(select(func.count()).select_from(PlanException)) == 1
        closure = session.scalar(select(Holiday).where(Holiday.name_en == "Staff training"))
        assert closure is not None and closure.start is not None
        admin = session.scalar(select(Staff).where(Staff.username == "admin"))
        assert admin is not None
        closure_id, actor = closure.id, Actor.staff(admin.id, admin.role)
    assert len(_versions(rt, "sofia.ioannou")) == 2  # part-time from next month
    assert len(_versions(rt, "giorgos.nikolaou")) == 2
    # The office removes the closure; `make run` again must neither bring it back nor reset plans.
    catalogue_admin.remove_closure(rt.bookings, actor, closure_id)
    load_default_catalogue(rt.bookings)
    ensure_staff(rt.bookings)
    assert make_office_examples(rt.bookings) is False
    with rt.store.read() as session:
        assert session.scalar(select(Holiday).where(Holiday.name_en == "Staff training")) is None
        assert session.scalar(select(func.count()).select_from(Absence)) == 2
        saint = session.scalar(select(Holiday).where(Holiday.name_en.like("%Achillios%")))
        assert saint is not None  # the catalogue's own closures are there from the first load
    assert len(_versions(rt, "sofia.ioannou")) == 2


def test_demo_citizens_surnames_agree_with_their_first_names(rt: Runtime) -> None:
    """«Σοφία Παπαδόπουλος» read wrong to every Greek clerk: a woman's name takes the feminine surname."""
    load_default_catalogue(rt.bookings)
    ensure_staff(rt.bookings)
    assert make_bookings(rt.bookings, count=60, weeks=2) > 30
    women = {first for first, woman in FIRST_NAMES if woman}
    his_forms = {his for his, hers in LAST_NAMES if his != hers}
    hers_forms = {hers for his, hers in LAST_NAMES if his != hers}
    with rt.store.read() as session:
        names = [b.citizen_name for b in session.scalars(select(Booking))]
    pairs = [name.split(" ", 1) for name in names]
    assert any(first in women for first, _ in pairs) and any(first not in women for first, _ in pairs)
    for first, last in pairs:
        assert last not in (his_forms if first in women else hers_forms), f"{first} {last}"


def test_the_demo_cohabitation_agreement_asks_for_the_partner_as_co_applicant(rt: Runtime) -> None:
    """The web form shows the co-applicant fields there; optional, so the ready-made bookings stay valid."""
    load_default_catalogue(rt.bookings)
    with rt.store.read() as session:
        joint = session.scalars(select(Service).where(Service.co_applicants > 0)).all()
    assert {s.slug for s in joint} == {"cohabitation-agreement"}
    assert all(s.co_applicants == 1 and not s.co_applicants_required for s in joint)
    ensure_staff(rt.bookings)
    assert make_bookings(rt.bookings, count=40, weeks=2) == 40


def test_the_demo_offers_an_interpreter_and_sign_language_for_the_registry(rt: Runtime) -> None:
    """A citizen trying the demo can book an interpreter (English) or sign language: some clerk offers it."""
    from datetime import timedelta

    from service_api.domain.needs import parse_needs

    load_default_catalogue(rt.bookings)
    ensure_staff(rt.bookings)
    with rt.store.read() as session:
        service = session.scalars(select(Service).where(Service.slug == "cohabitation-agreement")).one()
        today = rt.bookings.clock().date()
        for needs in (parse_needs(["interpreter"], "english"), parse_needs(["sign_language"])):
            slots = rt.availability.slots(
                session,
                service,
                "in_person",
                today,
                today + timedelta(days=14),
                now=rt.bookings.clock(),
                needs=needs,
            )
            assert slots, needs
