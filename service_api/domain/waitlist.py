"""The waitlist's rules: what a citizen may ask to wait for, which free time suits whom, and who comes first.

Pure: the job that makes offers (``booking/waitlist_offers.py``) reads the entries and the free slots,
and asks :func:`plan_offers` who gets which time. First come, first served: entries are taken in the
order they joined (``joined_at``, then ``id``), each gets at most one time, and a time is offered to
no more citizens than it has free clerks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from service_api.domain.errors import DomainError, RuleViolation


class PartOfDay(StrEnum):
    """When in the (municipality's local) day the citizen can come: before noon, from noon, or any time."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    ANY = "any"


class EntryStatus(StrEnum):
    """``waiting`` for a time; ``offered`` one (held for them); then closed: ``booked`` (by the offer or
    another way), ``left`` (the citizen asked), ``expired`` (an offer lapsed, or the dates passed)."""

    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    LEFT = "left"
    EXPIRED = "expired"


OPEN_STATUSES = (EntryStatus.WAITING, EntryStatus.OFFERED)
# Morning ends and afternoon begins at local noon.
NOON = time(12)


class AlreadyWaiting(DomainError):
    """The citizen already waits for this service in this mode."""

    code = "already_waiting"
    status = 409


def in_part_of_day(start: datetime, part: PartOfDay, zone: ZoneInfo) -> bool:
    """Whether a time starting at ``start`` (aware) falls in ``part`` of the local day in ``zone``."""
    if part == PartOfDay.ANY:
        return True
    before_noon = start.astimezone(zone).time() < NOON
    return before_noon if part == PartOfDay.MORNING else not before_noon


@dataclass(frozen=True)
class Wish:
    """What one waiting citizen asked for (of one service and mode)."""

    entry_id: int
    joined_at: datetime
    first: date
    last: date
    part: PartOfDay

    def suits(self, start: datetime, zone: ZoneInfo) -> bool:
        """A free time starting at ``start`` lies on one of the wished days, in the wished part of day."""
        return self.first <= start.astimezone(zone).date() <= self.last and in_part_of_day(
            start, self.part, zone
        )


@dataclass(frozen=True)
class FreeTime:
    start: datetime
    capacity: int  # how many clerks are free then


def fcfs(wishes: Iterable[Wish]) -> list[Wish]:
    """First come, first served: by when they joined, ties by id (the order they were written)."""
    return sorted(wishes, key=lambda w: (w.joined_at, w.entry_id))


def plan_offers(
    wishes: Iterable[Wish], free: Sequence[FreeTime], zone: ZoneInfo
) -> list[tuple[int, datetime]]:
    """Who is offered which time: each waiting citizen in turn takes the earliest free time that suits
    them and is not yet given out; a time goes to at most ``capacity`` citizens."""
    left = {f.start: f.capacity for f in free}
    starts = sorted(left)
    plan: list[tuple[int, datetime]] = []
    for wish in fcfs(wishes):
        for start in starts:
            if left[start] > 0 and wish.suits(start, zone):
                left[start] -= 1
                plan.append((wish.entry_id, start))
                break
    return plan


def check_wish(*, first: date, last: date, today: date, horizon_last: date, max_days: int) -> None:
    """Refuse a range that ends before it starts, lies in the past, is longer than ``max_days`` days
    or reaches past the service's booking horizon (no time there can ever be offered)."""
    if last < first:
        raise RuleViolation(
            "The last day of the range is before its first.", fields={"to": "Must not be before from."}
        )
    if first < today:
        raise RuleViolation("The range must not start in the past.", fields={"from": "Today or later."})
    if (last - first) + timedelta(days=1) > timedelta(days=max_days):
        raise RuleViolation(f"The range may span at most {max_days} days.", fields={"to": "Range too long."})
    if first > horizon_last:
        raise RuleViolation(
            f"This service takes bookings only up to {horizon_last.isoformat()}.",
            fields={"from": "Beyond the booking horizon."},
        )


def check_entry_count(open_entries: int, limit: int) -> None:
    if open_entries >= limit:
        raise RuleViolation(
            f"You may wait for at most {limit} services at a time; leave one of your waitlists first.",
            fields={"service_id": "Too many waitlist entries."},
        )
