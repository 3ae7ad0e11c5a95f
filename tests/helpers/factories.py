"""Keyword-only factories of citizens and bookings, through the booking service as a citizen would."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from service_api.booking.service import BookingService, CitizenDetails, CreateResult, NewBooking
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode


def citizen(n: int = 1, **overrides: Any) -> CitizenDetails:
    values: dict[str, Any] = {
        "name": f"Πολίτης {n}",
        "email": f"citizen{n}@example.org",
        "phone": "+306941234567",
    }
    values.update(overrides)
    return CitizenDetails(**values)


def create_booking(
    service: BookingService,
    *,
    service_id: int,
    start: datetime,
    mode: Mode = Mode.IN_PERSON,
    who: int = 1,
    hold: bool = False,
    idempotency_key: str | None = None,
    **citizen_overrides: Any,
) -> CreateResult:
    return service.create(
        NewBooking(service_id, mode, start, citizen(who, **citizen_overrides)),
        Actor.citizen(),
        hold=hold,
        idempotency_key=idempotency_key,
    )


def booking_body(
    service_id: int, start: datetime, *, mode: str = "in_person", n: int = 1, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "service_id": service_id,
        "mode": mode,
        "start": start.isoformat(),
        "citizen": {"name": f"Πολίτης {n}", "email": f"citizen{n}@example.org", "phone": "6941234567"},
    }
    body.update(extra)
    return body
