"""Migrations are tested artefacts: upgrade, check against the models, downgrade, and the DB-level guard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from service_api import migrate
from service_api.db import normalise_url
from service_api.models import Base, Booking
from tests.helpers.databases import PG_URL
from tests.helpers.world import World


def test_sqlite_upgrade_downgrade_upgrade_and_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate.upgrade(url)
    migrate.check(url)
    migrate.downgrade(url, "base")
    assert set(inspect(create_engine(url)).get_table_names()) == {"alembic_version"}
    migrate.upgrade(url)
    assert {t.name for t in Base.metadata.sorted_tables} <= set(inspect(create_engine(url)).get_table_names())


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL URL")
def test_postgres_head_matches_the_models(pg_migrated: str) -> None:
    migrate.check(pg_migrated)


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL URL")
def test_postgres_refuses_overlapping_active_bookings_even_without_the_service(world: World) -> None:
    """The exclusion constraint is the last guard if some future code forgets the booking service."""
    if not world.rt.store.is_postgres:
        pytest.skip("SQLite relies on BEGIN IMMEDIATE in the booking service")
    engine = create_engine(normalise_url(PG_URL))
    start = datetime(2026, 12, 2, 8, tzinfo=UTC)
    base = dict(
        municipality_id=1,
        service_id=world.service("cohabitation-agreement"),
        staff_id=world.staff["clerk_a"],
        mode="in_person",
        status="confirmed",
        end_at=start + timedelta(minutes=15),
    )
    with engine.begin() as conn:
        conn.execute(Booking.__table__.insert(), [dict(base, reference="AAAA-AAAA", start_at=start)])
    with pytest.raises(IntegrityError, match="booking_no_overlap"), engine.begin() as conn:
        conn.execute(
            Booking.__table__.insert(),
            [
                dict(
                    base,
                    reference="BBBB-BBBB",
                    start_at=start + timedelta(minutes=10),
                    end_at=start + timedelta(minutes=25),
                )
            ],
        )
    with engine.begin() as conn:  # a cancelled booking does not hold the time
        conn.execute(
            Booking.__table__.insert(),
            [dict(base, reference="CCCC-CCCC", start_at=start, status="cancelled")],
        )
        assert conn.execute(text("SELECT count(*) FROM booking")).scalar() == 2
    engine.dispose()
