"""The catalogue file: the seed manual's 13 Larissa services, other municipalities, and closing days."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from service_api.booking import calendars
from service_api.catalogue import DEFAULT_CATALOGUE, install_catalogue, read_catalogue
from service_api.models import Service
from tests.helpers.world import World

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_f9f5e3ec28628ded.txt"


def test_larissa_has_the_two_groups_and_thirteen_services_of_the_manual() -> None:
    spec = read_catalogue(DEFAULT_CATALOGUE)
    larissa = next(m for m in spec.municipalities if m.slug == "larissa")
    assert [g.name_el for g in larissa.groups] == [
        "Ληξιαρχείο - Δημοτολόγιο",
        "Οικονομικές Υπηρεσίες - Έσοδα",
    ]
    services = [s for g in larissa.groups for s in g.services]
    assert len(services) == 13
    assert all(s.duration_minutes == 15 and len(s.required_documents) >= 3 for s in services)
    if SEED.exists():  # the manual lists each service as "- α. Αίτηση ..."
        listed = [
            re.sub(r"\s+", " ", m).strip() for m in re.findall(r"^- [α-ω]+\. (.+)$", SEED.read_text(), re.M)
        ]
        assert len(listed) >= 12
        names = {s.name_el for s in services}
        for name in listed:
            assert name in names or any(name.startswith(n.split(" (")[0]) for n in names), name
    assert len(spec.municipalities) >= 2


def test_loading_twice_updates_in_place(world: World) -> None:
    spec = read_catalogue(DEFAULT_CATALOGUE)
    install_catalogue(world.rt.bookings, spec=spec)
    with world.rt.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == sum(
            len(g.services) for m in spec.municipalities for g in m.groups
        )


def test_a_broken_catalogue_is_refused_with_the_place_of_the_error(tmp_path: Path) -> None:
    broken = tmp_path / "c.yaml"
    broken.write_text(
        DEFAULT_CATALOGUE.read_text(encoding="utf-8").replace(
            "duration_minutes: 15", "duration_minutes: -1", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="duration_minutes"):
        read_catalogue(broken)


def test_closing_days_include_orthodox_easter_whit_monday_and_saint_achillios(world: World) -> None:
    with world.rt.store.read() as session:
        closed = calendars.closed_days(session, 1, date(2027, 1, 1), date(2027, 12, 31))
    assert date(2027, 5, 3) in closed  # Orthodox Easter Monday 2027
    assert date(2027, 6, 21) in closed  # Whit Monday (Αγίου Πνεύματος) 2027
    assert date(2027, 5, 15) in closed  # Saint Achillios, Larissa's own
    assert date(2027, 3, 25) in closed and date(2027, 8, 15) in closed
    assert date(2027, 5, 14) not in closed
