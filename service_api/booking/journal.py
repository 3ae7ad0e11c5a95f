"""Side records every write leaves in its own transaction: audit log, change log, outbox."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Column, String, Table, insert
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from service_api.db import COMMIT_HOOK
from service_api.domain.kinds import ChangeEntity, ChangeOp, OutboxKind, OutboxStatus
from service_api.domain.policy import Actor
from service_api.models import AuditLog, Booking, ChangeLog, Outbox

__all__ = [
    "Actor",
    "audit",
    "booking_changed",
    "catalogue_changed",
    "enqueue",
    "enqueue_for",
    "postgres_insert_select",
    "postgres_type",
    "record_change",
]

# Any constant works; it names the lock that puts change-log sequence numbers in commit order.
CHANGE_LOG_LOCK = 7_432_001
NOTIFY_CHANNEL = "dimos_changes"


# Side rows are written with plain INSERTs, not through the ORM's unit of work: nothing reads them back
# in the same transaction, and every booking write pays for them.
_INSERT_AUDIT = insert(cast(Table, AuditLog.__table__))
_INSERT_CHANGE = insert(cast(Table, ChangeLog.__table__))
_INSERT_OUTBOX = insert(cast(Table, Outbox.__table__))
_POSTGRESQL = postgresql.dialect()


def postgres_type(column: Column[Any]) -> str:
    """How PostgreSQL spells ``column``'s type, for the casts of hand-written statements.

    Taken from the table metadata, so a column changed in ``models.py`` changes the casts with it.
    The length of a string is left out: an explicit cast to ``VARCHAR(n)`` would cut a long value
    silently, where the insert itself refuses it.
    """
    type_: TypeEngine[Any] = column.type
    if isinstance(type_, String) and type_.length is not None:
        type_ = type(type_)()
    return type_.compile(dialect=_POSTGRESQL)


def postgres_insert_select(table: Table, *, values: Mapping[str, str], source: str) -> str:
    """``INSERT INTO table (...) SELECT ... FROM source`` with each SQL expression of ``values`` cast to
    its column's type (an unknown column name fails at import, not at the first booking)."""
    columns = ", ".join(values)
    selected = ", ".join(f"CAST({sql} AS {postgres_type(table.c[name])})" for name, sql in values.items())
    return f"INSERT INTO {table.name} ({columns}) SELECT {selected} FROM {source}"


_CHANGE_LOG = cast(Table, ChangeLog.__table__)
# Sent with its COMMIT in one round trip (see ``_write_changes``), so the lock that orders the change
# log is held for the server's insert and commit only, never while the writing thread waits its turn
# for Python's GIL between the two. psycopg's own placeholders: it runs on the driver connection.
_INSERT_CHANGE_SERIALISED = postgres_insert_select(
    _CHANGE_LOG,
    values={c.name: f"%({c.name})s" for c in _CHANGE_LOG.columns if c.name != "seq"},
    source="(SELECT pg_advisory_xact_lock(%(k)s::bigint), pg_notify(%(channel)s::text, '')) AS serialised",
)
_PENDING_CHANGES = "dimos_change_rows"


def audit(session: Session, actor: Actor, action: str, booking: Booking | None, **details: Any) -> None:
    """An audit row; ``booking_id=`` in ``details`` names the booking when there is no object at hand."""
    booking_id = booking.id if booking is not None else details.pop("booking_id", None)
    session.execute(
        _INSERT_AUDIT,
        {
            "at": datetime.now(UTC),
            "actor_kind": actor.kind,
            "actor_id": actor.id,
            "action": action,
            "booking_id": booking_id,
            "details": details,
        },
    )


def record_change(
    session: Session,
    *,
    entity: ChangeEntity,
    entity_id: int,
    op: ChangeOp,
    municipality_id: int | None,
    staff_id: int | None,
    previous_staff_id: int | None = None,
) -> None:
    """Append to the change log, so that sequence order is commit order.

    The row is written when the transaction commits (``Store.write`` runs ``_write_changes``), so it
    always comes last, whatever the writer does after calling this.
    """
    rows = session.info.setdefault(_PENDING_CHANGES, [])
    rows.append(
        {
            "at": datetime.now(UTC),
            "entity": entity,
            "entity_id": entity_id,
            "op": op,
            "municipality_id": municipality_id,
            "staff_id": staff_id,
            "previous_staff_id": previous_staff_id,
        }
    )
    session.info[COMMIT_HOOK] = _write_changes


def _write_changes(session: Session) -> None:
    """Write the transaction's change-log rows, then commit.

    On PostgreSQL a transaction-scoped advisory lock is taken by the insert itself and held to
    commit, so a reader can never see seq N+1 while N is still uncommitted; the NOTIFY wakes the
    long-polls of every service process. The rows and the COMMIT go in one pipeline: the lock is
    held only while the server inserts and commits. SQLite's single writer gives the same order
    for free.
    """
    session.flush()  # whatever the ORM still holds goes first: the lock must come last
    rows = session.info.pop(_PENDING_CHANGES, [])
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(_INSERT_CHANGE, rows)
        return
    driver = session.connection().connection.driver_connection
    assert driver is not None
    dbapi = session.get_bind().dialect.dbapi
    assert dbapi is not None
    try:
        with driver.pipeline():
            for row in rows:
                driver.execute(
                    _INSERT_CHANGE_SERIALISED, row | {"k": CHANGE_LOG_LOCK, "channel": NOTIFY_CHANNEL}
                )
            driver.commit()
    except dbapi.Error as exc:
        if driver.broken:
            # Lost connection: the pool must not hand it out again, and rolling back is moot.
            session.connection().invalidate(exc)
        # As SQLAlchemy would have raised it, so callers tell a deadlock from a refusal as usual.
        raise DBAPIError.instance(_INSERT_CHANGE_SERIALISED, rows, exc, dbapi.Error) from exc


def catalogue_changed(session: Session) -> None:
    """Services, documents, durations, modes or holidays changed: every process recomputes availability."""
    record_change(
        session,
        entity=ChangeEntity.CATALOGUE,
        entity_id=0,
        op=ChangeOp.UPDATED,
        municipality_id=None,
        staff_id=None,
    )


def booking_changed(
    session: Session, booking: Booking, op: ChangeOp, previous_staff_id: int | None = None
) -> None:
    """``op``: created, cancelled, updated (time or clerk may have changed) or annotated (neither did:
    confirmation, checklist, identity, check-in, outcome, notes, meeting link)."""
    record_change(
        session,
        entity=ChangeEntity.BOOKING,
        entity_id=booking.id,
        op=op,
        municipality_id=booking.municipality_id,
        staff_id=booking.staff_id,
        previous_staff_id=previous_staff_id,
    )


# ``session.info`` key of the service's clock, set by ``transaction.guarded_write``.
CLOCK = "dimos_clock"


def service_now(session: Session) -> datetime:
    """Now by the clock of the service that opened this write; the wall clock outside one."""
    clock = session.info.get(CLOCK)
    return clock() if callable(clock) else datetime.now(UTC)


def enqueue(
    session: Session,
    kind: OutboxKind,
    booking: Booking | None,
    *,
    due: datetime | None = None,
    **payload: Any,
) -> None:
    """``enqueue_for`` a booking; an e-mail to a citizen without an address, or an SMS to one who did
    not opt in, is no work and is left out."""
    if kind.is_email and booking is not None and not booking.citizen_email:
        return
    if kind.is_sms and booking is not None and not (booking.sms_opt_in and booking.citizen_mobile):
        return
    enqueue_for(session, kind, booking.id if booking else None, due=due, **payload)


def enqueue_for(
    session: Session, kind: OutboxKind, booking_id: int | None, *, due: datetime | None = None, **payload: Any
) -> None:
    """An outbox row for the job runner: an e-mail or a meeting operation, done after commit.

    Due at once by the service's clock, which the job runner also reads: with the wall clock, a
    service whose clock differs (tests, a replayed day) would never find its work due.
    """
    now = service_now(session)
    session.execute(
        _INSERT_OUTBOX,
        {
            "kind": kind,
            "booking_id": booking_id,
            "payload": payload,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "next_attempt_at": due if due is not None else now,
            "last_error": "",
            "created_at": now,
        },
    )
