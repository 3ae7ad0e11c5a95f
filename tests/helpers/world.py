"""The test world: the Larissa catalogue with a small, known staff, and wall-clock times in Athens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from service_api.booking import staffing
from service_api.catalogue import DEFAULT_CATALOGUE, install_catalogue, read_catalogue
from service_api.models import Service
from service_api.runtime import Runtime

PASSWORD = "correct-horse-battery"
WEEKDAYS_8_TO_14 = [(d, time(8), time(14)) for d in range(5)]


@dataclass
class World:
    """The Larissa catalogue with a small, known staff."""

    rt: Runtime
    services: dict[str, int]
    staff: dict[str, int]

    def service(self, slug: str) -> int:
        return self.services[slug]


def build_world(rt: Runtime) -> World:
    """Load the Larissa catalogue and create the known staff (three clerks, two supervisors, an admin)."""
    spec = read_catalogue(DEFAULT_CATALOGUE)
    install_catalogue(rt.bookings, spec=spec)
    with rt.store.read() as session:
        from sqlalchemy import select

        from service_api.models import Municipality

        larissa = session.scalar(select(Municipality).where(Municipality.slug == "larissa"))
        assert larissa is not None
        services = {
            s.slug: s.id
            for s in session.scalars(select(Service).where(Service.municipality_id == larissa.id))
        }
        metamorfosi = session.scalar(select(Municipality).where(Municipality.slug == "metamorfosi"))
        assert metamorfosi is not None
    registry = [services["cohabitation-agreement"], services["transfer-of-registration"]]
    staff = {
        "clerk_a": staffing.create_staff(
            rt.bookings,
            username="clerk_a",
            display_name="Clerk A",
            role="clerk",
            password=PASSWORD,
            municipality_id=larissa.id,
            email="a@dimos.test",
            services=[(s, True, True) for s in registry],
            plan=WEEKDAYS_8_TO_14,
            teams_link="https://teams.example/a",
        ),
        "clerk_b": staffing.create_staff(
            rt.bookings,
            username="clerk_b",
            display_name="Clerk B",
            role="clerk",
            password=PASSWORD,
            municipality_id=larissa.id,
            email="b@dimos.test",
            services=[(s, True, True) for s in registry],
            plan=WEEKDAYS_8_TO_14,
            teams_link="https://teams.example/b",
        ),
        "clerk_c": staffing.create_staff(
            rt.bookings,
            username="clerk_c",
            display_name="Clerk C (in person only)",
            role="clerk",
            password=PASSWORD,
            municipality_id=larissa.id,
            services=[(s, True, False) for s in registry],
            plan=WEEKDAYS_8_TO_14,
        ),
        "supervisor": staffing.create_staff(
            rt.bookings,
            username="supervisor",
            display_name="Supervisor",
            role="supervisor",
            password=PASSWORD,
            municipality_id=larissa.id,
        ),
        "other_supervisor": staffing.create_staff(
            rt.bookings,
            username="other_supervisor",
            display_name="Metamorfosi Supervisor",
            role="supervisor",
            password=PASSWORD,
            municipality_id=metamorfosi.id,
        ),
        "admin": staffing.create_staff(
            rt.bookings,
            username="admin",
            display_name="Admin",
            role="admin",
            password=PASSWORD,
            municipality_id=None,
        ),
    }
    return World(rt, services, staff)


def athens(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    """A wall-clock time in Athens in December 2026 (UTC+2) as an aware datetime."""
    from service_api.domain.timeutil import ATHENS

    return datetime(year, month, day, hour, minute, tzinfo=ATHENS)


# Greek public holidays on fixed dates around the turn of the year (the suite runs in December).
FIXED_HOLIDAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1), (1, 6)}


def real_day(hour: int) -> datetime:
    """A weekday two or more days after the real today (the servers run on the real clock, so a fixed
    day would fall inside the lead time, or in the past, on the day the suite runs)."""
    from datetime import UTC, date, timedelta

    day: date = (datetime.now(UTC) + timedelta(days=2)).date()
    while day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS:
        day += timedelta(days=1)
    return athens(day.day, hour, month=day.month, year=day.year)
