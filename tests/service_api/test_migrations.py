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


def test_sqlite_upgrade_to_the_access_log_keeps_every_row_that_points_at_staff(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """0013 rebuilds ``staff`` (its role check learns ``dpo``): with foreign keys on, SQLite would
    first delete its rows and cascade to sign-ins, or refuse over bookings. The migration keeps all."""
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    migrate.upgrade(url, "0011")
    engine = create_engine(url)
    now = "2026-12-01 06:00:00.000000"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO municipality (id, slug, name_el, name_en, timezone, contact_email, phone, "
                "address_el, address_en) VALUES (1, 'l', 'Λ', 'L', 'Europe/Athens', '', '', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO staff (id, municipality_id, username, display_name, email, role, password_hash, "
                "active, teams_link, graph_user_id, must_change_password, created_at) "
                f"VALUES (1, 1, 'maria', 'Μαρία', '', 'clerk', 'x', 1, '', '', 0, '{now}')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO staff_token (staff_id, token_hash, kind, family, expires_at, created_at) "
                f"VALUES (1, 'hash', 'refresh', 'f', '{now}', '{now}')"
            )
        )
    migrate.upgrade(url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM staff_token")).scalar() == 1
        conn.execute(text("UPDATE staff SET role = 'dpo' WHERE id = 1"))
    engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL URL")
def test_postgres_accepts_the_dpo_role(world: World) -> None:
    if not world.rt.store.is_postgres:
        pytest.skip("the SQLite check is the test above")
    with world.rt.store.write() as session:
        session.execute(text("UPDATE staff SET role = 'dpo' WHERE username = 'clerk_c'"))
    with pytest.raises(IntegrityError), world.rt.store.write() as session:
        session.execute(text("UPDATE staff SET role = 'officer' WHERE username = 'clerk_c'"))
