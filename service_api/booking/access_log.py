"""The access log (issue 17): who of the staff read which booking's personal data, when, and how.

``record`` is the one function that writes it, called for every answer that carries a citizen's
details to a member of staff (``api/staff_reads.py``) before the answer leaves: a list of hundreds of
bookings is one INSERT, whose size does not grow with the list. ``entries`` is what the
data-protection officer reads; ``purge`` drops what is older than the kept period. Nothing updates an
entry, and the database's triggers (migration 0013) refuse to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, select, text
from sqlalchemy.orm import Session

from service_api.booking.service import BookingService
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import Actor, ActorKind
from service_api.models import AccessLog, AccessLogPurge, Booking, Staff
from service_api.orm import UTCDateTime

PAGE_SIZE, MAX_PAGE_SIZE = 100, 500

# One statement for any number of bookings: the ids travel as one array (PostgreSQL) or one JSON text
# (SQLite), so a week of hundreds is neither hundreds of statements nor hundreds of parameters.
_COLUMNS = "INSERT INTO access_log (at, staff_id, booking_id, channel)"
_INSERT = {
    "postgresql": text(
        f"{_COLUMNS} SELECT CAST(:at AS TIMESTAMP WITH TIME ZONE), CAST(:staff_id AS INTEGER), ids.id, "
        "CAST(:channel AS VARCHAR) FROM unnest(CAST(:ids AS INTEGER[])) AS ids(id)"
    ),
    "sqlite": text(
        f"{_COLUMNS} SELECT :at, :staff_id, CAST(value AS INTEGER), :channel FROM json_each(:ids)"
    ),
}
_INSERT = {
    name: statement.bindparams(bindparam("at", type_=UTCDateTime())) for name, statement in _INSERT.items()
}


def record(service: BookingService, actor: Actor, bookings: Iterable[Booking], channel: AccessChannel) -> int:
    """Log that ``actor`` read these bookings' personal data; returns how many entries were written.

    Only staff reads are logged (the system's jobs and the citizen reading their own are not), and
    only of bookings that still hold personal data (an anonymised one has none to read). Its own short
    write transaction: if the log cannot be written, the read fails and nothing leaves unrecorded.
    """
    if actor.kind != ActorKind.STAFF or actor.id is None:
        return 0
    ids = sorted({b.id for b in bookings if b.anonymised_at is None})
    if not ids:
        return 0
    store = service.store
    with store.write() as session:
        session.execute(
            _INSERT[store.dialect],
            {
                "at": service.clock(),
                "staff_id": actor.id,
                "channel": channel.value,
                "ids": ids if store.is_postgres else json.dumps(ids),
            },
        )
    return len(ids)


@dataclass(frozen=True)
class AccessEntry:
    """One entry as the dpo reads it: the booking by its reference, never the citizen's details."""

    id: int
    at: datetime
    channel: str
    staff_id: int
    staff_name: str
    staff_username: str
    reference: str
    municipality_id: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "channel": self.channel,
            "staff": {"id": self.staff_id, "name": self.staff_name, "username": self.staff_username},
            "reference": self.reference,
            "municipality_id": self.municipality_id,
        }


@dataclass(frozen=True)
class AccessPage:
    """Newest first; ``next_cursor`` asks for the entries after the last one (None: that was all)."""

    entries: list[AccessEntry]
    next_cursor: int | None


def entries(
    session: Session,
    *,
    bookings: ColumnElement[bool] | None = None,
    staff_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> AccessPage:
    """Entries of the bookings ``bookings`` selects (a reference, a citizen, a municipality), of one
    member of staff, in ``[since, until)``; a page of ``limit`` older than the entry ``before``."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    query = (
        select(AccessLog, Booking.reference, Booking.municipality_id, Staff.display_name, Staff.username)
        .join(Booking, Booking.id == AccessLog.booking_id)
        .join(Staff, Staff.id == AccessLog.staff_id)
        .order_by(AccessLog.id.desc())
        .limit(limit + 1)
    )
    if bookings is not None:
        query = query.where(bookings)
    if staff_id is not None:
        query = query.where(AccessLog.staff_id == staff_id)
    if since is not None:
        query = query.where(AccessLog.at >= since)
    if until is not None:
        query = query.where(AccessLog.at < until)
    if before is not None:
        query = query.where(AccessLog.id < before)
    rows = session.execute(query).all()
    found = [
        AccessEntry(row.id, row.at, row.channel, row.staff_id, name, username, reference, municipality_id)
        for row, reference, municipality_id, name, username in rows[:limit]
    ]
    return AccessPage(found, found[-1].id if len(rows) > limit else None)


def purge(service: BookingService, *, before: datetime) -> int:
    """Drop the entries older than ``before`` (the kept period has passed); returns how many.

    The triggers let these DELETEs through because the cutoff is written first, in this same
    transaction, and removed before it commits: no other transaction ever sees it.
    """
    with service.store.write() as session:
        session.add(AccessLogPurge(before=before))
        session.flush()
        result = session.execute(delete(AccessLog).where(AccessLog.at < before))
        session.execute(delete(AccessLogPurge).where(AccessLogPurge.before == before))
        return int(getattr(result, "rowcount", 0) or 0)
