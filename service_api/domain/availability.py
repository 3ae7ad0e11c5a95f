"""Free slots of a service: working plans, absences, holidays, bookings, lead time, horizon, buffers.

Times inside are whole seconds since the epoch (UTC) so that a 60-day, 20-clerk search stays in
milliseconds; the edges take and give aware datetimes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from service_api.domain.timeutil import days_between, from_epoch, local_to_utc
from service_api.domain.working_plan import WorkingPeriod as WorkingPeriod
from service_api.domain.working_plan import WorkingPlan, in_week

# A clerk's plan as the search takes it: a full ``WorkingPlan`` (versions, alternating weeks, one-off
# days), or a bare list of weekly periods (tests, benchmarks, plans made in code).
Plan = WorkingPlan | Sequence[WorkingPeriod]


@dataclass(frozen=True)
class ServiceRules:
    """What a service asks of a slot. Durations are in minutes, as the catalogue writes them."""

    duration_minutes: int
    slot_interval_minutes: int
    lead_time_minutes: int = 0
    horizon_days: int = 60
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0


def _ts(moment: datetime) -> int:
    return int(moment.timestamp())


class Interval:
    """A stretch of time (an absence), kept in whole seconds since the epoch as the search uses it.

    A cold availability answer reads thousands of these; keeping seconds spares making a datetime
    for every edge and converting it back. The datetimes are derived when asked for.
    """

    __slots__ = ("start_s", "end_s")

    def __init__(self, start: datetime, end: datetime) -> None:
        self.start_s = _ts(start)
        self.end_s = _ts(end)

    @classmethod
    def from_seconds(cls, start_s: int, end_s: int) -> Interval:
        interval = cls.__new__(cls)
        interval.start_s, interval.end_s = start_s, end_s
        return interval

    @property
    def start(self) -> datetime:
        return from_epoch(self.start_s)

    @property
    def end(self) -> datetime:
        return from_epoch(self.end_s)

    def _key(self) -> tuple[int, ...]:
        return (self.start_s, self.end_s)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interval) and type(other) is type(self) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.start.isoformat()}, {self.end.isoformat()})"


class Busy(Interval):
    """An existing booking (held or active) of a clerk, with the buffers of its own service."""

    __slots__ = ("before_s", "after_s")

    def __init__(
        self, start: datetime, end: datetime, buffer_before_minutes: int = 0, buffer_after_minutes: int = 0
    ) -> None:
        super().__init__(start, end)
        self.before_s = buffer_before_minutes * 60
        self.after_s = buffer_after_minutes * 60

    @classmethod
    def from_row(
        cls, start_s: int, end_s: int, buffer_before_minutes: int, buffer_after_minutes: int
    ) -> Busy:
        """From seconds since the epoch, as the calendar reads have the database compute them."""
        busy = cls.__new__(cls)
        busy.start_s, busy.end_s = start_s, end_s
        busy.before_s, busy.after_s = buffer_before_minutes * 60, buffer_after_minutes * 60
        return busy

    @property
    def buffer_before_minutes(self) -> int:
        return self.before_s // 60

    @property
    def buffer_after_minutes(self) -> int:
        return self.after_s // 60

    def _key(self) -> tuple[int, ...]:
        return (self.start_s, self.end_s, self.before_s, self.after_s)

    def __repr__(self) -> str:
        return (
            f"Busy({self.start.isoformat()}, {self.end.isoformat()}, "
            f"{self.buffer_before_minutes}, {self.buffer_after_minutes})"
        )


@dataclass
class StaffCalendar:
    """Everything about one qualified clerk that decides whether they are free."""

    staff_id: int
    plan: Plan
    absences: Sequence[Interval] = ()
    busy: Sequence[Busy] = ()


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    staff_ids: tuple[int, ...] = field(default=())

    @property
    def capacity(self) -> int:
        return len(self.staff_ids)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def conflicts_with_booking(
    start: int, end: int, before: int, after: int, b_start: int, b_end: int, b_before: int, b_after: int
) -> bool:
    """Buffers may overlap other buffers but never another booking's own time (all in seconds)."""
    return overlaps(start - before, end + after, b_start, b_end) or overlaps(
        start, end, b_start - b_before, b_end + b_after
    )


class ClerkIndex:
    """A clerk's bookings and absences sorted for bisecting; built once per search, or kept and
    grown with ``place`` while a plan hands out bookings one by one."""

    def __init__(self, calendar: StaffCalendar) -> None:
        busy = sorted((b.start_s, b.end_s, b.before_s, b.after_s) for b in calendar.busy)
        self.busy = busy
        self.starts = [b[0] for b in busy]
        # How far back a booking that starts before a candidate can still reach into it.
        self.reach = max((b[1] - b[0] + b[3] for b in busy), default=0)
        self.max_before = max((b[2] for b in busy), default=0)
        absences = sorted((a.start_s, a.end_s) for a in calendar.absences)
        self.absences = absences
        self.absence_starts = [a[0] for a in absences]
        self.absence_reach = max((a[1] - a[0] for a in absences), default=0)

    def place(self, start: int, end: int, before: int, after: int) -> None:
        """Count a booking just given to this clerk (times in seconds) in later checks."""
        position = bisect_left(self.busy, (start, end, before, after))
        self.busy.insert(position, (start, end, before, after))
        self.starts.insert(position, start)
        self.reach = max(self.reach, end - start + after)
        self.max_before = max(self.max_before, before)

    def is_free(self, start: int, end: int, before: int, after: int) -> bool:
        if self.absences:
            k = bisect_left(self.absence_starts, end)
            while k > 0:
                k -= 1
                a_start, a_end = self.absences[k]
                if a_start + self.absence_reach <= start:
                    break
                if overlaps(start, end, a_start, a_end):
                    return False
        if not self.busy:
            return True
        k = bisect_left(self.starts, end + max(after, self.max_before))
        lowest = start - before - self.reach
        while k > 0:
            k -= 1
            b_start, b_end, b_before, b_after = self.busy[k]
            if b_start < lowest:
                break
            if conflicts_with_booking(start, end, before, after, b_start, b_end, b_before, b_after):
                return False
        return True


def working_windows(plan: Plan, day: date, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The UTC stretches a plan covers on one local day (DST-aware)."""
    if isinstance(plan, WorkingPlan):
        stretches = plan.local_periods(day)
    else:
        weekday = day.weekday()
        stretches = [(p.start, p.end) for p in plan if p.weekday == weekday and in_week(p.weeks, day)]
    if not stretches:
        return []
    windows = [
        (local_to_utc(day, start, zone), local_to_utc(day, end, zone))
        for start, end in stretches
        if end > start
    ]
    if len(windows) > 1:
        windows.sort()
    return windows


def outside_working_time(plan: Plan, spans: Iterable[tuple[datetime, datetime]], zone: ZoneInfo) -> list[int]:
    """Indexes of ``spans`` (bookings) that no working window of ``plan`` holds whole on their local day."""
    outside = []
    for i, (start, end) in enumerate(spans):
        windows = working_windows(plan, start.astimezone(zone).date(), zone)
        if not any(w_start <= start and end <= w_end for w_start, w_end in windows):
            outside.append(i)
    return outside


def free_slots(
    rules: ServiceRules,
    staff: Sequence[StaffCalendar],
    *,
    first_day: date,
    last_day: date,
    now: datetime,
    zone: ZoneInfo,
    closed_days: Iterable[date] = (),
) -> list[Slot]:
    """Slots bookable for a service between two local days inclusive, each with the free clerks.

    A slot starts on the grid of ``slot_interval`` counted from the start of a working period,
    lies wholly inside it, starts no sooner than the lead time and before the horizon, falls on no
    holiday or absence, and keeps the service's buffers clear of every existing booking.
    """
    closed = frozenset(closed_days)
    per_clerk = [
        (
            calendar.staff_id,
            clerk_free_starts(
                rules,
                calendar,
                first_day=first_day,
                last_day=last_day,
                now=now,
                zone=zone,
                closed_days=closed,
            ),
        )
        for calendar in staff
    ]
    return slots_from_starts(
        ((sid, starts) for sid, by_day in per_clerk for starts in by_day.values()), rules.duration_minutes
    )


def clerk_free_starts(
    rules: ServiceRules,
    calendar: StaffCalendar,
    *,
    first_day: date,
    last_day: date,
    now: datetime,
    zone: ZoneInfo,
    closed_days: Iterable[date] = (),
) -> dict[date, list[int]]:
    """One clerk's free slot starts per local day, ascending, in seconds since the epoch.

    The availability cache keeps these per clerk and day, so one booking recomputes one clerk-day;
    ``slots_from_starts`` turns any set of them into slots. Days with nothing free are left out.
    """
    closed = closed_days if isinstance(closed_days, (set, frozenset)) else set(closed_days)
    duration = rules.duration_minutes * 60
    step = max(rules.slot_interval_minutes, 1) * 60
    before = rules.buffer_before_minutes * 60
    after = rules.buffer_after_minutes * 60
    earliest = _ts(now) + rules.lead_time_minutes * 60
    horizon_end = _ts(now) + rules.horizon_days * 86400
    index = ClerkIndex(calendar)
    is_free = index.is_free
    by_day: dict[date, list[int]] = {}
    for day in days_between(first_day, last_day):
        if day in closed:
            continue
        windows = working_windows(calendar.plan, day, zone)
        starts: list[int] = []
        for window_start, window_end in windows:
            cursor = _ts(window_start)
            last_start = min(_ts(window_end) - duration, horizon_end - 1)
            if cursor < earliest:
                # Jump straight to the first grid point after the lead time.
                cursor += -(-(earliest - cursor) // step) * step
            while cursor <= last_start:
                if is_free(cursor, cursor + duration, before, after):
                    starts.append(cursor)
                cursor += step
        if starts:
            # Two periods of one day that overlap must not offer (or count) a start twice.
            by_day[day] = starts if len(windows) == 1 else sorted(set(starts))
    return by_day


def slots_from_starts(clerk_starts: Iterable[tuple[int, Iterable[int]]], duration_minutes: int) -> list[Slot]:
    """Free starts of clerks (seconds, per clerk) as slots: one per start, with every clerk free then."""
    by_start: dict[int, list[int]] = {}
    for staff_id, starts in clerk_starts:
        for start in starts:
            clerks = by_start.get(start)
            if clerks is None:
                by_start[start] = [staff_id]
            else:
                clerks.append(staff_id)
    duration = duration_minutes * 60
    return [
        Slot(from_epoch(start), from_epoch(start + duration), tuple(sorted(ids)))
        for start, ids in sorted(by_start.items())
    ]


def free_staff_at(
    rules: ServiceRules,
    staff: Sequence[StaffCalendar],
    *,
    start: datetime,
    zone: ZoneInfo,
    closed_days: Iterable[date] = (),
    now: datetime | None = None,
) -> list[int]:
    """Clerks who could take this exact start: the check the booking path repeats under its lock."""
    local_day = start.astimezone(zone).date()
    if local_day in set(closed_days):
        return []
    duration = rules.duration_minutes * 60
    s = _ts(start)
    if now is not None:
        if s < _ts(now) + rules.lead_time_minutes * 60:
            return []
        if s >= _ts(now) + rules.horizon_days * 86400:
            return []
    before = rules.buffer_before_minutes * 60
    after = rules.buffer_after_minutes * 60
    step = max(rules.slot_interval_minutes, 1) * 60
    # Clerks mostly share a few weekly plans: each plan's windows that day are worked out once.
    on_grid_by_plan: dict[WorkingPlan | tuple[WorkingPeriod, ...], bool] = {}
    free = []
    for calendar in staff:
        plan = calendar.plan if isinstance(calendar.plan, WorkingPlan) else tuple(calendar.plan)
        on_grid = on_grid_by_plan.get(plan)
        if on_grid is None:
            on_grid = on_grid_by_plan[plan] = any(
                _ts(ws) <= s and s + duration <= _ts(we) and (s - _ts(ws)) % step == 0
                for ws, we in working_windows(plan, local_day, zone)
            )
        if on_grid and _clear_at(calendar, s, s + duration, before, after):
            free.append(calendar.staff_id)
    return free


def _clear_at(calendar: StaffCalendar, start: int, end: int, before: int, after: int) -> bool:
    """No absence over ``[start, end)`` and no booking in the way of it or its buffers.

    ``ClerkIndex.is_free`` answers the same with bisection, which pays off over many candidate
    starts; for one start a straight pass over the few nearby bookings is cheaper.
    """
    for absence in calendar.absences:
        if overlaps(start, end, absence.start_s, absence.end_s):
            return False
    for b in calendar.busy:
        if conflicts_with_booking(start, end, before, after, b.start_s, b.end_s, b.before_s, b.after_s):
            return False
    return True


class SlotProblem(StrEnum):
    """Why a start time that no clerk could take was never on offer at all (rather than taken)."""

    PASSED = "passed"
    TOO_SOON = "too_soon"
    BEYOND_HORIZON = "beyond_horizon"
    OFF_GRID = "off_grid"


def why_not_offered(
    rules: ServiceRules,
    plans: Iterable[Plan],
    *,
    start: datetime,
    zone: ZoneInfo,
    now: datetime,
) -> SlotProblem | None:
    """The reason ``start`` is not a time this service offers, or None if it is one (so it was taken)."""
    s, current = _ts(start), _ts(now)
    if s <= current:
        return SlotProblem.PASSED
    if s < current + rules.lead_time_minutes * 60:
        return SlotProblem.TOO_SOON
    if s >= current + rules.horizon_days * 86400:
        return SlotProblem.BEYOND_HORIZON
    duration = rules.duration_minutes * 60
    step = max(rules.slot_interval_minutes, 1) * 60
    local_day = start.astimezone(zone).date()
    on_grid = any(
        _ts(ws) <= s and s + duration <= _ts(we) and (s - _ts(ws)) % step == 0
        for plan in plans
        for ws, we in working_windows(plan, local_day, zone)
    )
    return None if on_grid else SlotProblem.OFF_GRID
