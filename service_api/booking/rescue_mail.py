"""The links of a queued «we missed you» e-mail (issue 18), worked out when the job runner sends it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from service_api.domain.rules import Status
from service_api.models import Booking, BookingRescue
from service_api.rescue_links import RescueLinks, choice_links


def missed_you_choices(
    session: Session, booking: Booking, payload: dict[str, Any], *, secret: str, public_url: str
) -> tuple[tuple[str, str], ...] | None:
    """The offered times with their signed links; None when the e-mail is stale (the booking was moved,
    cancelled or closed since it was queued): then nothing is sent."""
    record = session.get(BookingRescue, booking.id)
    if (
        record is None
        or booking.status != Status.CONFIRMED.value
        or payload.get("link_version") != booking.link_version
    ):
        return None
    return choice_links(
        RescueLinks(secret),
        reference=booking.reference,
        link_version=booking.link_version,
        starts=[datetime.fromisoformat(s) for s in record.offered_starts],
        language=booking.language,
        timezone=booking.citizen_timezone,
        public_url=public_url,
    )
