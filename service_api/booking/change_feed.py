"""The change feed the desktops follow: what changed after a cursor, as each reader may see it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service_api.booking.booking_reads import booking_query, can_see
from service_api.domain.kinds import ChangeEntity, FeedOp
from service_api.domain.policy import Actor, change_feed_scope
from service_api.domain.rules import Status
from service_api.models import Booking, ChangeLog


def latest_cursor(session: Session) -> int:
    """The newest change-log sequence number (0 before any change)."""
    return int(session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0))) or 0)


@dataclass(frozen=True)
class FeedItem:
    seq: int
    entity: str
    entity_id: int
    op: str
    reference: str | None
    booking: Booking | None  # current state when the reader may still see it
    version: int | None = None  # of a removed booking, so a client can tell older copies from newer


def changes_since(session: Session, actor: Actor, since: int, limit: int = 500) -> tuple[list[FeedItem], int]:
    """Changes after ``since`` that concern ``actor``, newest state of each booking, and the new cursor.

    A booking the reader can no longer see (cancelled, moved to another clerk) comes back with
    ``booking=None`` so the client drops it: a tombstone.
    """
    # Read the global end first: every seq up to it has committed (the change log is in commit
    # order), and the query below runs later, so it sees all of them that concern the reader.
    global_end = latest_cursor(session)
    query = select(ChangeLog).where(ChangeLog.seq > since).order_by(ChangeLog.seq).limit(limit)
    scope = change_feed_scope(actor)
    if scope.staff_id is not None:
        query = query.where(
            or_(ChangeLog.staff_id == scope.staff_id, ChangeLog.previous_staff_id == scope.staff_id)
        )
    if scope.by_municipality:
        # Their municipality's rows, and the catalogue's (written without one), so an open
        # «Διαχείριση» follows another desk's changes to services and closures.
        query = query.where(
            or_(
                ChangeLog.municipality_id == scope.municipality_id,
                ChangeLog.entity == ChangeEntity.CATALOGUE.value,
            )
        )
    rows = session.scalars(query).all()
    if len(rows) == limit:
        cursor = rows[-1].seq
    else:
        # Nothing more of ours: skip past others' changes so the next poll does not re-scan them.
        cursor = max(rows[-1].seq if rows else since, global_end)
    if not rows:
        return [], cursor
    latest_per_entity: dict[tuple[str, int], ChangeLog] = {}
    for row in rows:
        latest_per_entity[(row.entity, row.entity_id)] = row
    booking_ids = [eid for (entity, eid) in latest_per_entity if entity == ChangeEntity.BOOKING]
    bookings = {b.id: b for b in session.scalars(booking_query().where(Booking.id.in_(booking_ids)))}
    items: list[FeedItem] = []
    for (entity, entity_id), row in sorted(latest_per_entity.items(), key=lambda kv: kv[1].seq):
        if entity == ChangeEntity.BOOKING:
            booking = bookings.get(entity_id)
            reference = booking.reference if booking is not None else None
            if booking is None or booking.anonymised_at is not None or not can_see(actor, booking):
                version = booking.version if booking is not None else None
                items.append(FeedItem(row.seq, entity, entity_id, FeedOp.REMOVED, reference, None, version))
            elif booking.status == Status.CANCELLED:
                items.append(FeedItem(row.seq, entity, entity_id, FeedOp.CANCELLED, reference, booking))
            else:
                items.append(FeedItem(row.seq, entity, entity_id, FeedOp.UPSERT, reference, booking))
        else:
            items.append(FeedItem(row.seq, entity, entity_id, row.op, None, None))
    return items, cursor
