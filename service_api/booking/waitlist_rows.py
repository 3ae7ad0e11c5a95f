"""The waitlist's part in every booking write: a citizen who books a service leaves its waitlist.

Kept apart from ``booking/waitlist.py`` (which calls the booking service) so that the booking service
can call it inside its own transaction without an import cycle.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.domain.kinds import WAITLIST_RELEASED, ChangeEntity, ChangeOp
from service_api.domain.policy import Actor
from service_api.domain.rules import Status
from service_api.domain.waitlist import OPEN_STATUSES, EntryStatus
from service_api.models import Booking, WaitlistEntry

_OPEN = [s.value for s in OPEN_STATUSES]


def close_values(status: EntryStatus, now: datetime) -> dict[str, object]:
    """What a closing entry becomes: its outcome, and no more personal data than the key."""
    return {
        "status": status.value,
        "citizen_email": "",
        "citizen_name": "",
        "citizen_afm_hash": None,
        "updated_at": now,
    }


def leave_on_booking(
    session: Session, *, citizen_key: str, service_id: int, booking_id: int, now: datetime
) -> list[int]:
    """The citizen's open entries of this service close as booked (in the booking's transaction), and so
    does the entry this booking was the offer of. A time still held for them by another offer is given
    back at once, for the next citizen. Returns the entries closed.

    The offer's hold is locked before the entries, as a confirmation locks its booking first: two
    writers never wait for each other in a circle.
    """
    theirs = or_(
        (WaitlistEntry.citizen_key == citizen_key) & (WaitlistEntry.service_id == service_id),
        WaitlistEntry.offer_booking_id == booking_id,
    )
    other_offers = (
        select(WaitlistEntry.offer_booking_id)
        .where(WaitlistEntry.status == EntryStatus.OFFERED.value, theirs)
        .where(WaitlistEntry.offer_booking_id != booking_id)
    )
    _release_holds(session, other_offers, now)
    closed = (
        session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.status.in_(_OPEN), theirs)
            .values(close_values(EntryStatus.BOOKED, now))
            .returning(WaitlistEntry.id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )
    for entry_id in closed:
        journal.audit(session, Actor.system(), "waitlist_booked", None, booking_id=booking_id, entry=entry_id)
    return list(closed)


def _release_holds(session: Session, booking_ids: Select[int | None], now: datetime) -> None:
    """Cancel those offers' holds that are still held, with their audit and change-log rows."""
    released = session.execute(
        update(Booking)
        .where(Booking.id.in_(booking_ids), Booking.status == Status.HELD.value)
        .values(
            status=Status.CANCELLED.value,
            cancel_reason=WAITLIST_RELEASED,
            version=Booking.version + 1,
            updated_at=now,
        )
        .returning(Booking.id, Booking.municipality_id, Booking.staff_id)
        .execution_options(synchronize_session=False)
    ).all()
    for released_id, municipality_id, staff_id in released:
        journal.audit(session, Actor.system(), WAITLIST_RELEASED, None, booking_id=released_id)
        journal.record_change(
            session,
            entity=ChangeEntity.BOOKING,
            entity_id=released_id,
            op=ChangeOp.CANCELLED,
            municipality_id=municipality_id,
            staff_id=staff_id,
        )
