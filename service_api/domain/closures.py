"""When a municipality is closed beyond the national holidays: local feasts and one-off closures.

A closure is one of three forms: every year on a date (Saint Achillios, 15 May), every year a number
of days from Orthodox Easter (a feast that moves with Easter), or once on a date (an election day).
Each closes the whole day or, with ``start`` and ``end``, some hours of it in the municipality's
local time. The engine treats closed hours as an absence of every clerk, so nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from service_api.domain.availability import Interval, StaffCalendar
from service_api.domain.timeutil import local_to_utc

# Orthodox Easter falls between 4 April and 8 May (Gregorian) until 2099; a feast within this many
# days of it stays in the same season, and a wider offset is almost surely a typing mistake.
MAX_EASTER_OFFSET = 120


class ClosureKind(StrEnum):
    """How a closure repeats."""

    ONCE = "once"
    ANNUAL = "annual"
    EASTER = "easter"


@dataclass(frozen=True)
class ClosureRule:
    """One stored closure, as the calendar needs it (names and ids stay with the row)."""

    kind: ClosureKind
    month: int | None = None
    day: int | None = None
    year: int | None = None
    easter_offset: int | None = None
    start: time | None = None
    end: time | None = None

    @property
    def whole_day(self) -> bool:
        return self.start is None

    def dates(self, first: date, last: date) -> list[date]:
        """The local days this closure falls on between ``first`` and ``last`` inclusive."""
        found = []
        for year in range(first.year, last.year + 1):
            day = self._in_year(year)
            if day is not None and first <= day <= last:
                found.append(day)
        return found

    def _in_year(self, year: int) -> date | None:
        if self.kind == ClosureKind.EASTER:
            return orthodox_easter(year) + timedelta(days=self.easter_offset or 0)
        if self.kind == ClosureKind.ONCE and self.year != year:
            return None
        assert self.month is not None and self.day is not None
        try:
            return date(year, self.month, self.day)
        except ValueError:  # 29 February in a common year
            return None


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday (Gregorian date): Meeus's Julian computation plus the calendar gap."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = date(year, month, day + 1)
    return julian + timedelta(days=year // 100 - year // 400 - 2)


def closed_whole_days(rules: Iterable[ClosureRule], first: date, last: date) -> set[date]:
    """Days a whole-day closure falls on (national holidays are added by the caller)."""
    return {day for rule in rules if rule.whole_day for day in rule.dates(first, last)}


def closed_hours(rules: Iterable[ClosureRule], first: date, last: date, zone: ZoneInfo) -> list[Interval]:
    """The UTC stretches that closures of some hours take out of ``first``..``last``."""
    hours = []
    for rule in rules:
        if rule.start is None or rule.end is None:
            continue
        for day in rule.dates(first, last):
            hours.append(Interval(local_to_utc(day, rule.start, zone), local_to_utc(day, rule.end, zone)))
    return sorted(hours, key=lambda i: i.start_s)


def with_closed_hours(calendar: StaffCalendar, hours: Sequence[Interval]) -> StaffCalendar:
    """The clerk's calendar with the closed hours as absences: nobody is free while the office is shut."""
    if not hours:
        return calendar
    return StaffCalendar(calendar.staff_id, calendar.plan, [*calendar.absences, *hours], calendar.busy)


def closure_problems(
    *,
    kind: ClosureKind,
    on: date | None,
    month: int | None,
    day: int | None,
    easter_offset: int | None,
    start: time | None,
    end: time | None,
) -> dict[str, str]:
    """What is wrong with a closure as asked for, field by field (empty: it may be stored)."""
    problems: dict[str, str] = {}
    if kind == ClosureKind.ONCE and on is None:
        problems["date"] = "A one-off closure needs its date (YYYY-MM-DD)."
    if kind == ClosureKind.ANNUAL:
        if month is None or day is None:
            problems["month" if month is None else "day"] = "A yearly closure needs its month and day."
        else:
            try:
                date(2024, month, day)  # a leap year: 29 February is a valid yearly date
            except ValueError:
                problems["day"] = f"There is no day {day} in month {month}."
    if kind == ClosureKind.EASTER and (easter_offset is None or abs(easter_offset) > MAX_EASTER_OFFSET):
        problems["easter_offset"] = (
            f"Days from Orthodox Easter, between -{MAX_EASTER_OFFSET} and {MAX_EASTER_OFFSET} "
            "(e.g. 1 for Easter Monday, -48 for Clean Monday)."
        )
    if (start is None) != (end is None):
        problems["start" if start is None else "end"] = (
            "Give both start and end, or neither for the whole day."
        )
    elif start is not None and end is not None and end <= start:
        problems["end"] = "Must be after start."
    return problems
