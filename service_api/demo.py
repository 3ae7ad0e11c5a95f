"""Demo data: the catalogue, demo staff with working plans, and a few hundred bookings (deterministic)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import time, timedelta

from sqlalchemy import func, select

from service_api.booking import catalogue_admin, staff_admin, staffing
from service_api.booking.availability_cache import AvailabilityCache
from service_api.booking.journal import Actor
from service_api.booking.service import BookingService, CitizenDetails, NewBooking
from service_api.catalogue import DEFAULT_CATALOGUE, install_catalogue, read_catalogue
from service_api.domain.errors import DomainError
from service_api.domain.needs import NO_NEEDS, Needs, parse_needs, parse_support
from service_api.domain.policy import Role, needs_municipality
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS
from service_api.models import Booking, Municipality, Service, Staff

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - demo accounts only; production refuses demo settings


@dataclass(frozen=True)
class DemoStaff:
    username: str
    name: str
    role: Role
    municipality: str
    groups: tuple[str, ...] = ()
    teleconference: bool = True
    # Issue 18: what the clerk offers beyond the usual, so the demo can book an interpreter.
    sign_language: bool = False
    languages: tuple[str, ...] = ()


DEMO_STAFF = (
    DemoStaff(
        "maria.papadopoulou",
        "Μαρία Παπαδοπούλου",
        Role.CLERK,
        "larissa",
        ("registry",),
        languages=("Αγγλικά", "English", "Αλβανικά"),
    ),
    DemoStaff(
        "giorgos.nikolaou",
        "Γιώργος Νικολάου",
        Role.CLERK,
        "larissa",
        ("registry", "revenues"),
        sign_language=True,
    ),
    DemoStaff("eleni.georgiou", "Ελένη Γεωργίου", Role.CLERK, "larissa", ("revenues",)),
    DemoStaff(
        "kostas.dimitriou", "Κώστας Δημητρίου", Role.CLERK, "larissa", ("revenues",), teleconference=False
    ),
    DemoStaff("sofia.ioannou", "Σοφία Ιωάννου", Role.CLERK, "larissa", ("revenues",)),
    DemoStaff("anna.supervisor", "Άννα Καραγιάννη", Role.SUPERVISOR, "larissa"),
    DemoStaff("nikos.metamorfosi", "Νίκος Αλεξίου", Role.CLERK, "metamorfosi", ("*",)),
    DemoStaff("dimitra.evosmos", "Δήμητρα Βασιλείου", Role.CLERK, "kordelio-evosmos", ("*",)),
    DemoStaff("admin", "Διαχειριστής", Role.ADMIN, "larissa"),
    DemoStaff("eirini.dpo", "Ειρήνη Σταθοπούλου", Role.DPO, "larissa"),  # the data-protection officer
)

# (first name, is a woman's name): the surname then takes the matching form («Σοφία Παπαδοπούλου»).
FIRST_NAMES = [
    ("Ιωάννης", False),
    ("Μαρία", True),
    ("Κωνσταντίνος", False),
    ("Ελένη", True),
    ("Δημήτριος", False),
    ("Αικατερίνη", True),
    ("Νικόλαος", False),
    ("Βασιλική", True),
    ("Γεώργιος", False),
    ("Σοφία", True),
    ("Παναγιώτης", False),
    ("Αγγελική", True),
    ("Χρήστος", False),
    ("Δέσποινα", True),
    ("Αθανάσιος", False),
    ("Ευαγγελία", True),
]
# (a man's surname, a woman's): Greek surnames agree with the person.
LAST_NAMES = [
    ("Παπαδόπουλος", "Παπαδοπούλου"),
    ("Γεωργίου", "Γεωργίου"),
    ("Οικονόμου", "Οικονόμου"),
    ("Μακρής", "Μακρή"),
    ("Αντωνίου", "Αντωνίου"),
    ("Καραγιάννης", "Καραγιάννη"),
    ("Βλάχος", "Βλάχου"),
    ("Ζαφειρίου", "Ζαφειρίου"),
    ("Τσολάκης", "Τσολάκη"),
    ("Λαμπράκης", "Λαμπράκη"),
    ("Σταματίου", "Σταματίου"),
    ("Χατζής", "Χατζή"),
    ("Ρήγας", "Ρήγα"),
    ("Μπαλτάς", "Μπαλτά"),
]
# Mon–Fri 08:00–14:00 with Thursday afternoons for the working public, as many KEP-style offices do.
PLAN = [(d, time(8, 0), time(14, 0)) for d in range(5)] + [(3, time(17, 0), time(19, 0))]


def load_default_catalogue(service: BookingService) -> dict[str, int]:
    """The catalogue file, on a database that has none yet.

    Once there is one, the office runs it in «Διαχείριση»: loading the file again would undo those
    changes (its closures replace theirs), so ``make run`` on an existing database leaves it alone.
    """
    with service.store.read() as session:
        if session.scalar(select(func.count()).select_from(Municipality)):
            return {}
    spec = read_catalogue(DEFAULT_CATALOGUE)
    counts = install_catalogue(service, spec=spec).counts
    show_joint_appointments(service)
    return counts


# Issue 18: the partner of a cohabitation agreement may be named as co-applicant. Optional in the
# demo, so its ready-made bookings stay valid; an office that needs both partners ticks «υποχρεωτικοί».
JOINT_SERVICE_SLUGS = ("cohabitation-agreement",)


def show_joint_appointments(service: BookingService) -> None:
    """The demo's cohabitation agreement takes one co-applicant, through the admin's own write."""
    with service.store.read() as session:
        ids = session.scalars(select(Service.id).where(Service.slug.in_(JOINT_SERVICE_SLUGS))).all()
    for service_id in ids:
        catalogue_admin.update_service(service, Actor.system(), service_id, {"co_applicants": 1})


def ensure_staff(service: BookingService) -> list[tuple[str, str]]:
    """Create the demo accounts that are missing, with their qualifications and plans; (user, role) of all."""
    with service.store.read() as session:
        munis = {m.slug: m.id for m in session.scalars(select(Municipality))}
        services = session.scalars(select(Service)).all()
        by_group: dict[tuple[int, str], list[int]] = {}
        for s in services:
            by_group.setdefault((s.municipality_id, s.group.slug), []).append(s.id)
            by_group.setdefault((s.municipality_id, "*"), []).append(s.id)
        in_person_only = {s.id for s in services if s.modes == ["in_person"]}
        existing = set(session.scalars(select(Staff.username)))
    created = []
    for person in DEMO_STAFF:
        created.append((person.username, person.role.value))
        if person.username in existing:
            continue  # what the office changed since (plans, qualifications, password) stays
        mid = munis[person.municipality]
        quals: list[tuple[int, bool, bool]] = []
        for group in person.groups:
            for sid in by_group.get((mid, group), []):
                quals.append((sid, True, person.teleconference and sid not in in_person_only))
        staff_id = staffing.create_staff(
            service,
            username=person.username,
            display_name=person.name,
            role=person.role,
            password=DEMO_PASSWORD,
            municipality_id=mid if needs_municipality(person.role) else None,
            email=f"{person.username}@demo.dimos.localhost",
            services=quals,
            plan=PLAN if person.role == Role.CLERK else [],
            teams_link=f"https://teams.microsoft.com/l/meetup-join/demo-{person.username}",
        )
        if person.sign_language or person.languages:
            support = parse_support(person.sign_language, person.languages)
            staff_admin.update_account(service, Actor.system(), staff_id, {"supports": support})
    return created


def demo_needs(n: int) -> Needs:
    """Issue 18: some demo citizens ask for a ramp or a companion (needs every clerk meets, so the
    demo's slots stay as they were); by position, so the random names stay the same."""
    codes = [c for c, every in (("wheelchair", 9), ("assistant", 13)) if n % every == 4]
    return parse_needs(codes) if codes else NO_NEEDS


def make_bookings(service: BookingService, *, count: int = 300, seed: int = 2026, weeks: int = 4) -> int:
    """Book ``count`` appointments over the next ``weeks`` through the real booking path."""
    rng = random.Random(seed)
    now = service.clock()
    today = now.astimezone(ATHENS).date()
    made = 0
    with service.store.read() as session:
        if session.scalar(select(func.count()).select_from(Booking).where(Booking.source == "demo")):
            return 0
        offers = [
            (s, mode) for s in session.scalars(select(Service).order_by(Service.id)) for mode in s.modes
        ]
        slot_pool: list[tuple[int, str, object]] = []
        for svc, mode in offers:
            slots = AvailabilityCache().slots(
                session, svc, mode, today, today + timedelta(weeks=weeks), now=now
            )
            slot_pool += [(svc.id, mode, slot.start) for slot in slots]
    rng.shuffle(slot_pool)
    for service_id, mode, start in slot_pool:
        if made >= count:
            break
        (first, woman), (his, hers) = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        last = hers if woman else his
        citizen = CitizenDetails(
            name=f"{first} {last}",
            email=f"citizen{made:04d}@example.org",
            phone=f"+30694{rng.randrange(10**7):07d}",
            language="el" if rng.random() < 0.85 else "en",
        )
        try:
            service.create(
                NewBooking(
                    service_id,
                    Mode(mode),
                    start,  # type: ignore[arg-type]
                    citizen,
                    source="demo",
                    needs=demo_needs(made),
                ),
                Actor.system(),
            )
        except DomainError:
            continue  # the slot went to an earlier demo booking of another service
        made += 1
    return made
