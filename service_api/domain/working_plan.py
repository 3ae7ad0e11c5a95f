"""A clerk's working plan: weekly periods (some only in odd or even ISO weeks), versions that take
effect from a date, and one-off changes of single days (extra hours, a closed day or some hours).

The availability search asks a plan for one local day at a time, thousands of times per answer, so
a plan sorts its versions and groups their periods by weekday once, when it is built: a day then
costs a bisection, a tuple lookup and two dictionary lookups.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

# The version every plan written before versions existed has: in force since always.
SINCE_ALWAYS = date(2000, 1, 1)


class WeekParity(StrEnum):
    """Which ISO weeks a period applies in (alternating plans, as ZMS offers)."""

    ALL = "all"
    ODD = "odd"
    EVEN = "even"


class PlanExceptionKind(StrEnum):
    EXTRA = "extra"  # one-off working hours on a day (a Saturday session)
    CLOSED = "closed"  # a clerk's day, or some of its hours, taken out of the plan


def in_week(weeks: str, day: date) -> bool:
    """Whether a period of ``weeks`` applies on ``day``: by the parity of its ISO week number."""
    if weeks == WeekParity.ALL:
        return True
    odd = day.isocalendar().week % 2 == 1
    return odd if weeks == WeekParity.ODD else not odd


@dataclass(frozen=True)
class WorkingPeriod:
    """One stretch of a weekly working plan in local wall-clock time (weekday 0 = Monday)."""

    weekday: int
    start: time
    end: time
    weeks: str = WeekParity.ALL


@dataclass(frozen=True)
class PlanVersion:
    """The weekly periods in force from ``effective_from`` until the next version takes over."""

    effective_from: date
    periods: tuple[WorkingPeriod, ...] = ()


@dataclass(frozen=True)
class PlanException:
    """A one-off change of one local day. A closure without times closes the whole day."""

    day: date
    kind: str
    start: time | None = None
    end: time | None = None


LocalStretch = tuple[time, time]


@dataclass(frozen=True)
class WorkingPlan:
    """Versions (any order) and one-off changes; ``local_periods`` answers for one day."""

    versions: tuple[PlanVersion, ...] = ()
    exceptions: tuple[PlanException, ...] = ()
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False, hash=False)
    _by_weekday: tuple[tuple[tuple[WorkingPeriod, ...], ...], ...] = field(
        init=False, repr=False, compare=False, hash=False
    )
    # Per version and weekday: the stretches of every week, and whether odd/even periods exist.
    _every_week: tuple[tuple[tuple[LocalStretch, ...], ...], ...] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _alternating: tuple[tuple[bool, ...], ...] = field(init=False, repr=False, compare=False, hash=False)
    _extra: dict[date, tuple[LocalStretch, ...]] = field(init=False, repr=False, compare=False, hash=False)
    _closed: dict[date, tuple[LocalStretch | None, ...]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.versions, key=lambda v: v.effective_from))
        object.__setattr__(self, "versions", ordered)
        object.__setattr__(self, "_starts", tuple(v.effective_from for v in ordered))
        object.__setattr__(
            self,
            "_by_weekday",
            tuple(
                tuple(
                    tuple(sorted((p for p in v.periods if p.weekday == d), key=lambda p: p.start))
                    for d in range(7)
                )
                for v in ordered
            ),
        )
        object.__setattr__(
            self,
            "_every_week",
            tuple(
                tuple(tuple((p.start, p.end) for p in day if p.weeks == WeekParity.ALL) for day in days)
                for days in self._by_weekday
            ),
        )
        object.__setattr__(
            self,
            "_alternating",
            tuple(
                tuple(any(p.weeks != WeekParity.ALL for p in day) for day in days)
                for days in self._by_weekday
            ),
        )
        extra: dict[date, list[LocalStretch]] = {}
        closed: dict[date, list[LocalStretch | None]] = {}
        for exception in self.exceptions:
            stretch = (
                (exception.start, exception.end)
                if exception.start is not None and exception.end is not None
                else None
            )
            if exception.kind == PlanExceptionKind.EXTRA and stretch is not None:
                extra.setdefault(exception.day, []).append(stretch)
            elif exception.kind == PlanExceptionKind.CLOSED:
                closed.setdefault(exception.day, []).append(stretch)
        object.__setattr__(self, "_extra", {d: tuple(sorted(s)) for d, s in extra.items()})
        object.__setattr__(self, "_closed", {d: tuple(s) for d, s in closed.items()})

    @classmethod
    def weekly(cls, periods: Iterable[WorkingPeriod], effective_from: date = SINCE_ALWAYS) -> WorkingPlan:
        """A plan of one version: the same week, every week, from ``effective_from``."""
        return cls((PlanVersion(effective_from, tuple(periods)),))

    def version_on(self, day: date) -> PlanVersion | None:
        """The version in force on ``day``; None before the first one."""
        k = bisect_right(self._starts, day)
        return self.versions[k - 1] if k else None

    def weekly_periods_on(self, day: date) -> list[WorkingPeriod]:
        """The weekly periods that apply on ``day`` (its version, weekday and week parity)."""
        k = bisect_right(self._starts, day)
        if not k:
            return []
        return [p for p in self._by_weekday[k - 1][day.weekday()] if in_week(p.weeks, day)]

    def local_periods(self, day: date) -> list[LocalStretch]:
        """The wall-clock stretches worked on ``day``: weekly periods plus extra hours, less closures."""
        k = bisect_right(self._starts, day)
        if k:
            weekday = day.weekday()
            if self._alternating[k - 1][weekday]:
                stretches = [
                    (p.start, p.end) for p in self._by_weekday[k - 1][weekday] if in_week(p.weeks, day)
                ]
            else:
                stretches = list(self._every_week[k - 1][weekday])
        else:
            stretches = []
        if not self._extra and not self._closed:
            return stretches
        extra = self._extra.get(day)
        if extra:
            stretches = sorted([*stretches, *extra])
        closed = self._closed.get(day)
        if closed:
            for closure in closed:
                if closure is None:
                    return []
                stretches = _without(stretches, closure)
        return stretches

    def later_versions(self, day: date) -> list[PlanVersion]:
        """Versions that take effect after ``day``."""
        return list(self.versions[bisect_right(self._starts, day) :])


def _without(stretches: list[LocalStretch], hole: LocalStretch) -> list[LocalStretch]:
    """``stretches`` with the hours of ``hole`` cut out."""
    cut_start, cut_end = hole
    kept: list[LocalStretch] = []
    for start, end in stretches:
        if end <= cut_start or start >= cut_end:
            kept.append((start, end))
            continue
        if start < cut_start:
            kept.append((start, cut_start))
        if end > cut_end:
            kept.append((cut_end, end))
    return kept


def overlapping_periods(periods: Iterable[WorkingPeriod]) -> list[tuple[int, int]]:
    """Index pairs of periods that share a weekday, a week and some minutes (odd and even never do)."""
    listed = list(periods)
    clashes = []
    for i, a in enumerate(listed):
        for j in range(i + 1, len(listed)):
            b = listed[j]
            if a.weekday != b.weekday or {a.weeks, b.weeks} == {WeekParity.ODD, WeekParity.EVEN}:
                continue
            if a.start < b.end and b.start < a.end:
                clashes.append((i, j))
    return clashes


def minutes_of(period: WorkingPeriod) -> int:
    return (period.end.hour * 60 + period.end.minute) - (period.start.hour * 60 + period.start.minute)


def too_short_periods(periods: Iterable[WorkingPeriod], durations: Iterable[int]) -> list[int]:
    """Indexes of periods shorter than every service the clerk serves: nobody could book them."""
    shortest = min(durations, default=None)
    if shortest is None:
        return []
    return [i for i, p in enumerate(periods) if minutes_of(p) < shortest]
