"""Side records every write leaves in its own transaction: audit log, change log, outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from service_api.models import AuditLog, Booking, ChangeLog, Outbox

# Any constant works; it names the lock that puts change-log sequence numbers in commit order.
CHANGE_LOG_LOCK = 7_432_001
NOTIFY_CHANNEL = "dimos_changes"


@dataclass(frozen=True)
class Actor:
    """Who asked for a write: a citizen (by manage token or form), a staff member, or the system."""

    kind: str
    id: int | None = None
    role: str | None = None
    municipality_id: int | None = None

    @classmethod
    def citizen(cls) -> Actor:
        return cls("citizen")

    @classmethod
    def system(cls) -> Actor:
        return cls("system")


def audit(session: Session, actor: Actor, action: str, booking: Booking | None, **details: Any) -> None:
    session.add(
        AuditLog(
            actor_kind=actor.kind,
            actor_id=actor.id,
            action=action,
            booking_id=booking.id if booking is not None else None,
            details=details,
        )
    )


def record_change(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    op: str,
    municipality_id: int | None,
    staff_id: int | None,
    previous_staff_id: int | None = None,
) -> None:
    """Append to the change log so that sequence order is commit order.

    On PostgreSQL a transaction-scoped advisory lock is taken just before the insert and held to
    commit, so a reader can never see seq N+1 while N is still uncommitted; the NOTIFY wakes the
    long-polls of every service process. SQLite's single writer gives the same order for free.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:k), pg_notify(:channel, '')"),
            {"k": CHANGE_LOG_LOCK, "channel": NOTIFY_CHANNEL},
        )
    session.add(
        ChangeLog(
            entity=entity,
            entity_id=entity_id,
            op=op,
            municipality_id=municipality_id,
            staff_id=staff_id,
            previous_staff_id=previous_staff_id,
        )
    )


def booking_changed(
    session: Session, booking: Booking, op: str, previous_staff_id: int | None = None
) -> None:
    record_change(
        session,
        entity="booking",
        entity_id=booking.id,
        op=op,
        municipality_id=booking.municipality_id,
        staff_id=booking.staff_id,
        previous_staff_id=previous_staff_id,
    )


def enqueue(
    session: Session, kind: str, booking: Booking | None, *, due: datetime | None = None, **payload: Any
) -> None:
    row = Outbox(kind=kind, booking_id=booking.id if booking else None, payload=payload)
    if due is not None:
        row.next_attempt_at = due
    session.add(row)
