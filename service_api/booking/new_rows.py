"""Writing a new booking with its documents checklist, audit row, outbox rows and idempotency key.

Every booking pays for these rows, so they are plain statements built once rather than the ORM's
unit of work. On PostgreSQL they are one statement: data-modifying CTEs that all hang off the
booking's INSERT, with every cast taken from the table metadata (``journal.postgres_type``), so a
column changed in ``models.py`` changes the statement with it. SQLite runs them one after the other
in its single-writer transaction. The change log is left to ``journal.record_change``, which must
come last in the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import JSON, Table, bindparam, insert, text, update
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.booking.journal import Actor
from service_api.domain.kinds import DocumentState, OutboxKind, OutboxStatus
from service_api.models import AuditLog, Booking, BookingDocument, IdempotencyKey, Outbox

_BOOKING = cast(Table, Booking.__table__)
_COLUMNS = [c.name for c in _BOOKING.columns if c.name != "id"]
# Sent as JSON text on PostgreSQL, cast back by the statement.
_JSON_COLUMNS = {c.name for c in _BOOKING.columns if isinstance(c.type, JSON)}
_DOCUMENT = cast(Table, BookingDocument.__table__)
_AUDIT = cast(Table, AuditLog.__table__)
_OUTBOX = cast(Table, Outbox.__table__)


@dataclass(frozen=True)
class SideRows:
    """What comes with a new booking besides its own row."""

    document_codes: Sequence[str]
    actor: Actor
    action: str  # 'created' or 'held'
    outbox_kinds: Sequence[OutboxKind]
    idempotency_key: str | None


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@lru_cache(maxsize=2)
def _postgres_statement(with_key: bool) -> Any:
    """The booking's INSERT and every side row's in one statement; every cast comes from the metadata."""
    values = ", ".join(
        f"CAST(:{c} AS {journal.postgres_type(_BOOKING.c[c])})" if c in _JSON_COLUMNS else f":{c}"
        for c in _COLUMNS
    )
    codes = f"unnest(CAST(:codes AS {journal.postgres_type(_DOCUMENT.c.code)}[])) AS code"
    documents = journal.postgres_insert_select(
        _DOCUMENT,
        values={
            "booking_id": "b.id",
            "code": "code",
            "state": _quoted(DocumentState.PENDING),
            "updated_at": ":created_at",
        },
        source=f"b, {codes}",
    )
    audit = journal.postgres_insert_select(
        _AUDIT,
        values={
            "at": ":written_at",
            "actor_kind": ":actor_kind",
            "actor_id": ":actor_id",
            "action": ":action",
            "booking_id": "b.id",
            "details": ":audit_details",
        },
        source="b",
    )
    kind_type = journal.postgres_type(_OUTBOX.c.kind)
    kinds = f"unnest(CAST(:outbox_kinds AS {kind_type}[])) WITH ORDINALITY AS o(kind, n)"
    outbox = journal.postgres_insert_select(
        _OUTBOX,
        values={
            "kind": "kind",
            "booking_id": "b.id",
            "payload": _quoted("{}"),
            "status": _quoted(OutboxStatus.PENDING),
            "attempts": "0",
            "next_attempt_at": ":written_at",
            "last_error": "''",
            "created_at": ":written_at",
        },
        source=f"b, {kinds} ORDER BY n",
    )
    key_cte = (
        ", k AS (UPDATE idempotency_key SET booking_id = b.id FROM b WHERE idempotency_key.key = :idem_key)"
        if with_key
        else ""
    )
    sql = (
        f"WITH b AS (INSERT INTO booking ({', '.join(_COLUMNS)}) VALUES ({values}) RETURNING id), "
        f"d AS ({documents}), a AS ({audit}), o AS ({outbox}){key_cte} "
        "SELECT id FROM b"
    )
    return text(sql)


def insert_booking(session: Session, values: dict[str, Any], side: SideRows) -> int:
    """Insert the booking row described by ``values`` (every column but id) and its side rows."""
    if session.get_bind().dialect.name == "postgresql":
        params = {c: json.dumps(values[c]) if c in _JSON_COLUMNS else values[c] for c in _COLUMNS}
        params |= {
            "codes": list(side.document_codes),
            "actor_kind": side.actor.kind,
            "actor_id": side.actor.id,
            "action": side.action,
            "audit_details": json.dumps({"staff_id": values["staff_id"]}),
            "outbox_kinds": list(side.outbox_kinds),
            # As journal.enqueue: the service's clock, which the job runner reads to find due work.
            "written_at": journal.service_now(session),
        }
        if side.idempotency_key is not None:
            params["idem_key"] = side.idempotency_key
        return int(
            session.connection()
            .execute(_postgres_statement(side.idempotency_key is not None), params)
            .scalar_one()
        )
    booking_id = int(session.execute(_INSERT_BOOKING, values).scalar_one())
    if side.document_codes:
        session.execute(
            _INSERT_DOCUMENT,
            [
                {
                    "booking_id": booking_id,
                    "code": code,
                    "state": DocumentState.PENDING,
                    "updated_at": values["created_at"],
                }
                for code in side.document_codes
            ],
        )
    if side.idempotency_key is not None:
        session.execute(_SET_KEY_BOOKING, {"idem_key": side.idempotency_key, "new_booking_id": booking_id})
    journal.audit(session, side.actor, side.action, None, booking_id=booking_id, staff_id=values["staff_id"])
    for kind in side.outbox_kinds:
        journal.enqueue_for(session, kind, booking_id)
    return booking_id


_INSERT_BOOKING = insert(_BOOKING).returning(_BOOKING.c.id)
_INSERT_DOCUMENT = insert(_DOCUMENT)
_SET_KEY_BOOKING = (
    update(cast(Table, IdempotencyKey.__table__))
    .where(cast(Table, IdempotencyKey.__table__).c.key == bindparam("idem_key"))
    .values(booking_id=bindparam("new_booking_id"))
)


def written_booking(
    booking_id: int, values: dict[str, Any], document_codes: Sequence[str], service: Any
) -> Booking:
    """The booking just written, as an object outside any session, for the reply.

    ``service`` is the detached service of the catalogue cache; nothing attaches this object to a
    session, so the shared service never is either.
    """
    booking = Booking(id=booking_id, **values)
    booking.service = service
    booking.documents = [
        BookingDocument(
            booking_id=booking_id,
            code=code,
            state=DocumentState.PENDING.value,
            updated_by=None,
            updated_at=values["created_at"],
        )
        for code in document_codes
    ]
    return booking


def booking_values(**values: Any) -> dict[str, Any]:
    """Every column of a new booking: the given ones and the defaults of the rest."""
    defaults: dict[str, Any] = {
        "outcome": None,
        "outcome_note": "",
        "notes": "",
        "meeting_url": "",
        "meeting_external_id": "",
        "cancel_reason": "",
        "checked_in_at": None,
        "version": 1,
        "link_version": 1,
        "sequence": 0,
        "anonymised_at": None,
        # Issue 18: no connection check yet.
        "preflight_checked_at": None,
        "preflight_browser": None,
        "preflight_camera": None,
        "preflight_microphone": None,
        "needs": {},  # issue 18: no accessibility needs unless the booking path says
    }
    row = defaults | values
    missing = set(_COLUMNS) - set(row)
    if missing:
        raise ValueError(f"new booking without {sorted(missing)}")
    return row
