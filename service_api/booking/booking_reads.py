"""Booking reads for the staff lists, the manage pages and the change feed: one loading shape."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from service_api.domain import policy
from service_api.domain.errors import NotFound
from service_api.domain.policy import Actor
from service_api.domain.rules import Status
from service_api.models import Booking, BookingDocument, Service, Staff


def booking_query() -> Any:
    """``select(Booking)`` with everything a booking's serialisation reads loaded up front."""
    return select(Booking).options(
        selectinload(Booking.service).selectinload(Service.group),
        selectinload(Booking.staff),
        selectinload(Booking.documents),
        selectinload(Booking.identity),
    )


def booking_by_reference(session: Session, reference: str) -> Booking:
    """A booking by its reference, or NotFound: an anonymised one is gone for every reader."""
    booking = session.scalar(booking_query().where(Booking.reference == reference))
    if booking is None or booking.anonymised_at is not None:
        raise NotFound("No such booking.")
    return booking


def can_see(actor: Actor, booking: Booking) -> bool:
    """``policy.can_see_booking`` for a loaded booking."""
    return policy.can_see_booking(actor, municipality_id=booking.municipality_id, staff_id=booking.staff_id)


def document_states(session: Session, booking_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Checklist states of many bookings as plain tuples: building ORM objects for 50,000 rows is slow."""
    states: dict[int, dict[str, str]] = {bid: {} for bid in booking_ids}
    for chunk_start in range(0, len(booking_ids), 900):
        chunk = booking_ids[chunk_start : chunk_start + 900]
        rows = session.execute(
            select(BookingDocument.booking_id, BookingDocument.code, BookingDocument.state).where(
                BookingDocument.booking_id.in_(chunk)
            )
        )
        for booking_id, code, state in rows:
            states[booking_id][code] = state
    return states


def _in_range(
    query: Any,
    start: datetime,
    end: datetime,
    staff_ids: Sequence[int] | None,
    municipality_id: int | None,
    include_cancelled: bool,
) -> Any:
    """The bookings overlapping ``[start, end)`` that a list shows, in time order."""
    query = query.where(Booking.start_at < end, Booking.end_at > start, Booking.anonymised_at.is_(None))
    if staff_ids is not None:
        query = query.where(Booking.staff_id.in_(staff_ids))
    if municipality_id is not None:
        query = query.where(Booking.municipality_id == municipality_id)
    if not include_cancelled:
        query = query.where(Booking.status != Status.CANCELLED.value)
    return query.order_by(Booking.start_at, Booking.id)


def bookings_in_range(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    staff_ids: Sequence[int] | None = None,
    municipality_id: int | None = None,
    include_cancelled: bool = True,
) -> Sequence[Booking]:
    query = _in_range(booking_query(), start, end, staff_ids, municipality_id, include_cancelled)
    return session.scalars(query).all()


def bookings_with_states(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    staff_ids: Sequence[int] | None = None,
    municipality_id: int | None = None,
    include_cancelled: bool = True,
) -> list[tuple[Booking, dict[str, str]]]:
    """Bookings in a range with their checklist states, for list answers of thousands of rows."""
    query = select(Booking).options(
        selectinload(Booking.service).selectinload(Service.group),
        selectinload(Booking.staff),
        selectinload(Booking.identity),
    )
    query = _in_range(query, start, end, staff_ids, municipality_id, include_cancelled)
    rows = session.scalars(query).all()
    states = document_states(session, [b.id for b in rows])
    return [(b, states[b.id]) for b in rows]


def staff_of_municipality(session: Session, municipality_id: int | None) -> Sequence[Staff]:
    """Active staff, of one municipality or (``None``) of all."""
    query = select(Staff).where(Staff.active.is_(True)).order_by(Staff.display_name)
    if municipality_id is not None:
        query = query.where(Staff.municipality_id == municipality_id)
    return session.scalars(query).all()
