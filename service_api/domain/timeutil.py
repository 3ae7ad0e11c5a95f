"""Time-zone maths: everything is stored in UTC, shown in a municipality's or a citizen's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ATHENS = ZoneInfo("Europe/Athens")


def utcnow() -> datetime:
    return datetime.now(UTC)


def from_epoch(seconds: int) -> datetime:
    """Whole seconds since the epoch (as availability searches and the calendar reads count) as UTC."""
    return datetime.fromtimestamp(seconds, UTC)


def ensure_utc(moment: datetime) -> datetime:
    """Naive datetimes coming back from SQLite are UTC by our storage rule."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local_to_utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a local day, as UTC.

    A time skipped by the spring DST jump is read with ``fold=0`` and so moves forward by the gap,
    which is what a clerk's working plan means on that day.
    """
    local = datetime.combine(day, wall, tzinfo=zone)
    # Round-trip to normalise times that do not exist locally (spring forward).
    return local.astimezone(UTC)


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC start and end of a local calendar day (23 or 25 hours long on DST days)."""
    return local_to_utc(day, time(0), zone), local_to_utc(day + timedelta(days=1), time(0), zone)


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def zone_or_none(name: str) -> ZoneInfo | None:
    """A ZoneInfo for an IANA name a client sent, or None when it is not a real zone."""
    if not name or name not in _zone_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


_ZONES: frozenset[str] | None = None


def _zone_names() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def utc_offset_label(zone: ZoneInfo, at: datetime) -> str:
    """``UTC+02:00``-style label of a zone at a moment, as shown beside the slots."""
    offset = at.astimezone(zone).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def is_repeated_wall_time(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether the wall-clock time of ``moment`` in ``zone`` happens twice that night.

    When summer time ends (Athens: 04:00 EEST back to 03:00 EET) 03:00–03:59 is lived twice; a time
    written without its offset then names two instants, and readers take the first.
    """
    local = moment.astimezone(zone)
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def wall_clock(moment: datetime, zone: ZoneInfo) -> str:
    """``09:00``, or ``03:00 (UTC+02:00)`` when that wall time happens twice, so the two can be told apart."""
    local = moment.astimezone(zone)
    if is_repeated_wall_time(moment, zone):
        return f"{local:%H:%M} ({utc_offset_label(zone, moment)})"
    return f"{local:%H:%M}"
