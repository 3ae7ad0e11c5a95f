"""The one way a citizen's personal data leaves the API for a member of staff: serialised and logged.

Every route that answers staff with a booking's citizen details (the desk's panel and actions, week
lists, the board, the change feed, the statistics' drill-down and CSV, the calendar feed, a subject
access export) goes through here, and this records the read in the access log
(``booking/access_log.record``) before the answer leaves. A test holds every other module to it:
none serialises a booking ``for_staff`` or writes the log itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from service_api.api.serialize import booking_json
from service_api.booking import access_log
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import Actor
from service_api.models import Booking
from service_api.runtime import runtime


def recorded(actor: Actor, bookings: Iterable[Booking], channel: AccessChannel) -> None:
    """Log that ``actor`` reads these bookings' personal data in a form of the caller's own (iCalendar,
    CSV); one INSERT however many."""
    access_log.record(runtime().bookings, actor, bookings, channel)


def bookings_json(
    actor: Actor,
    bookings: Sequence[Booking],
    channel: AccessChannel,
    *,
    document_states: Sequence[dict[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """Bookings as staff see them (``document_states`` per booking when read apart), logged."""
    states: Sequence[dict[str, str] | None] = document_states or [None] * len(bookings)
    answer = [
        booking_json(b, for_staff=True, document_states=s) for b, s in zip(bookings, states, strict=True)
    ]
    recorded(actor, bookings, channel)
    return answer


def booking_json_for(
    actor: Actor, booking: Booking, channel: AccessChannel = AccessChannel.PANEL
) -> dict[str, Any]:
    """One booking as staff see it, logged (the desk's panel by default)."""
    return bookings_json(actor, [booking], channel)[0]
