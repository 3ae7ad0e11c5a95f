"""How an event's DTSTART and DTEND are written: in the municipality's zone, or in UTC when ambiguous."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from service_api.domain.timeutil import is_repeated_wall_time


def event_times(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """``start`` and ``end`` in ``zone`` (``TZID=``), or both in UTC (``…Z``) if either's wall time repeats.

    RFC 5545 reads a local time that happens twice as its first occurrence, so an appointment in the
    second 03:00 of the night summer time ends would show an hour early; UTC names the instant. Every
    other time keeps the zone, so calendars show and edit the event in the municipality's time. Both
    move together because DTEND is written in the same form as DTSTART.
    """
    if is_repeated_wall_time(start, zone) or is_repeated_wall_time(end, zone):
        return start.astimezone(UTC), end.astimezone(UTC)
    return start.astimezone(zone), end.astimezone(zone)
