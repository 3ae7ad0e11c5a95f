"""The waitlist's part in every booking write: a citizen who books a service leaves its waitlist.

Kept apart from ``booking/waitlist.py`` (which calls the booking service) so that the booking service
can call it inside its own transaction without an import cycle.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.domain.policy import Actor
from service_api.domain.waitlist import OPEN_STATUSES, EntryStatus
from service_api.models import WaitlistEntry

_OPEN = [s.value for s in OPEN_STATUSES]


def close_values(status: EntryStatus, now: datetime) -> dict[str, object]:
    """What a closing entry becomes: its outcome, and no more personal data than the key."""
    return {"status": status.value, "citizen_email": "", "citizen_name": "", "updated_at": now}


def leave_on_booking(
    session: Session, *, citizen_key: str, service_id: int, booking_id: int, now: datetime
) -> list[int]:
    """The citizen's open entries of this service close as booked (in the booking's transaction), and so
    does the entry this booking was the offer of. Returns the entries closed."""
    closed = (
        session.execute(
            update(WaitlistEntry)
            .where(
                WaitlistEntry.status.in_(_OPEN),
                or_(
                    (WaitlistEntry.citizen_key == citizen_key) & (WaitlistEntry.service_id == service_id),
                    WaitlistEntry.offer_booking_id == booking_id,
                ),
            )
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
