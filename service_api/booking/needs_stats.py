"""Needs served (issue 18): completed bookings per accessibility need, for the supervisors' figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.domain.needs import served_counts
from service_api.domain.rules import Status
from service_api.domain.timeutil import ATHENS, local_day_bounds
from service_api.models import Booking


def served(session: Session, *, municipality_id: int | None, first: date, last: date) -> dict[str, int]:
    """Completed bookings per need over Athens days ``first``..``last`` (every need named, 0 if none).

    ``municipality_id`` is the scope ``stats.figures`` already settled for the actor (None: all).
    """
    start, _ = local_day_bounds(first, ATHENS)
    _, end = local_day_bounds(last, ATHENS)
    query = select(Booking.needs).where(
        Booking.status == Status.COMPLETED.value, Booking.start_at >= start, Booking.start_at < end
    )
    if municipality_id is not None:
        query = query.where(Booking.municipality_id == municipality_id)
    return served_counts(session.scalars(query))
