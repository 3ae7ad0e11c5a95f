"""The public blocks of a write transaction: database refusals are told apart by constraint, not by text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert
from sqlalchemy.exc import IntegrityError, OperationalError

from service_api.booking import journal, transaction
from service_api.domain.errors import SlotUnavailable
from service_api.models import AuditLog, Booking, IdempotencyKey
from tests.helpers.world import World

START = datetime(2026, 12, 2, 8, tzinfo=UTC)


def _row(world: World, reference: str, start: datetime = START) -> dict[str, Any]:
    return dict(
        reference=reference,
        municipality_id=1,
        service_id=world.service("cohabitation-agreement"),
        staff_id=world.staff["clerk_a"],
        mode="in_person",
        status="confirmed",
        start_at=start,
        end_at=start + timedelta(minutes=15),
    )


def test_a_duplicate_reference_is_named_by_its_unique_constraint(world: World) -> None:
    with world.rt.bookings.transaction() as session:
        session.execute(insert(Booking), [_row(world, "AAAA-AAAA")])
    with pytest.raises(IntegrityError) as refused, world.rt.bookings.transaction() as session:
        session.execute(insert(Booking), [_row(world, "AAAA-AAAA", START + timedelta(days=1))])
    assert transaction.refused_constraint(refused.value) == "uq_booking_reference"


def test_a_duplicate_idempotency_key_is_named_by_its_primary_key(world: World) -> None:
    with world.rt.bookings.transaction() as session:
        session.add(IdempotencyKey(key="k-1", request_hash="h"))
    with pytest.raises(IntegrityError) as refused, world.rt.bookings.transaction() as session:
        session.add(IdempotencyKey(key="k-1", request_hash="h"))
    assert transaction.refused_constraint(refused.value) == "pk_idempotency_key"


def test_the_overlap_constraint_surfaces_as_a_taken_slot(world: World) -> None:
    """PostgreSQL's exclusion constraint is the last guard; the write path turns it into SlotUnavailable."""
    if not world.rt.store.is_postgres:
        pytest.skip("SQLite has no overlap constraint: BEGIN IMMEDIATE serialises every write")
    with world.rt.bookings.transaction() as session:
        session.execute(insert(Booking), [_row(world, "AAAA-AAAA")])
    with pytest.raises(SlotUnavailable, match="just taken"), world.rt.bookings.transaction() as session:
        session.execute(insert(Booking), [_row(world, "BBBB-BBBB", START + timedelta(minutes=10))])


def test_other_refusals_are_not_mistaken_for_a_taken_slot(world: World) -> None:
    with pytest.raises(IntegrityError), world.rt.bookings.transaction() as session:
        session.execute(insert(Booking), [_row(world, "AAAA-AAAA") | {"end_at": START}])


class _DriverRefusal(Exception):
    """Stands in for a driver error: psycopg's carry their SQLSTATE."""

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def test_a_deadlock_is_told_by_its_sqlstate_and_surfaces_as_a_busy_slot(world: World) -> None:
    with pytest.raises(SlotUnavailable, match="right now"), world.rt.bookings.transaction():
        raise OperationalError("UPDATE staff", {}, _DriverRefusal("deadlock detected", "40P01"))


def test_the_word_deadlock_in_another_error_is_not_taken_for_one(world: World) -> None:
    with pytest.raises(OperationalError), world.rt.bookings.transaction():
        raise OperationalError("UPDATE staff", {}, _DriverRefusal("table deadlock_notes is locked", None))


def test_the_postgres_casts_come_from_the_table_metadata() -> None:
    """The single-statement insert of a booking types its side rows as models.py declares them."""
    audit = cast(Table, AuditLog.__table__)
    assert journal.postgres_type(audit.c.details) == "JSON"
    assert journal.postgres_type(audit.c.at) == "TIMESTAMP WITH TIME ZONE"
    # No length: an explicit cast would cut an over-long value instead of refusing it.
    assert journal.postgres_type(audit.c.action) == "VARCHAR"
    sql = journal.postgres_insert_select(audit, values={"details": ":d", "booking_id": "b.id"}, source="b")
    assert sql == (
        "INSERT INTO audit_log (details, booking_id) SELECT CAST(:d AS JSON), CAST(b.id AS INTEGER) FROM b"
    )
    with pytest.raises(KeyError):
        journal.postgres_insert_select(audit, values={"no_such_column": "1"}, source="b")
