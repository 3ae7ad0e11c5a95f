"""Covering an absent clerk: spread their bookings fairly over qualified colleagues who are free.

The planner keeps each booking at its time and in its mode and only changes the clerk. Bookings
are taken in time order (the most constrained first among those that overlap one another), each
goes to the least-loaded free qualified colleague (ties to the lowest id, so a plan is repeatable),
and every placement updates that colleague's load and calendar so nobody is placed twice at once.
What cannot be placed is listed with the reason. Times inside are whole seconds since the epoch,
as in :mod:`service_api.domain.availability`; the edges take and give aware datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from service_api.domain.availability import ClerkIndex, ServiceRules, StaffCalendar, working_windows

NO_QUALIFIED_COLLEAGUE = "no qualified colleague"
ALL_QUALIFIED_BUSY = "all qualified colleagues busy"


@dataclass(frozen=True)
class BookingToMove:
    """One booking of the absent clerk. ``version`` and ``from_staff_id`` only pass through to the plan."""

    reference: str
    service_id: int
    mode: str
    start: datetime
    end: datetime
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    version: int = 0
    from_staff_id: int | None = None


@dataclass
class CoverCandidate:
    """A colleague who might take bookings: their calendar, what they serve, how busy they already are."""

    calendar: StaffCalendar
    qualified: frozenset[tuple[int, str]]  # (service_id, mode)
    load: int = 0

    @property
    def staff_id(self) -> int:
        return self.calendar.staff_id


@dataclass(frozen=True)
class CoverAssignment:
    reference: str
    version: int
    from_staff_id: int | None
    to_staff_id: int
    service_id: int
    mode: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Unplaced:
    reference: str
    version: int
    from_staff_id: int | None
    service_id: int
    mode: str
    start: datetime
    reason: str


@dataclass(frozen=True)
class CoverPlan:
    assignments: tuple[CoverAssignment, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    loads: Mapping[int, int] = field(default_factory=dict)  # each candidate's load after the plan

    def targets(self) -> dict[str, int]:
        return {a.reference: a.to_staff_id for a in self.assignments}


def _ts(moment: datetime) -> int:
    return int(moment.timestamp())


class _Diary(ClerkIndex):
    """One colleague's bookings and absences (the availability index) plus their working windows."""

    def __init__(self, calendar: StaffCalendar, zone: ZoneInfo) -> None:
        super().__init__(calendar)
        self.calendar = calendar
        self.zone = zone
        self._windows: dict[date, list[tuple[int, int]]] = {}

    def windows(self, day: date) -> list[tuple[int, int]]:
        found = self._windows.get(day)
        if found is None:
            found = [(_ts(s), _ts(e)) for s, e in working_windows(self.calendar.plan, day, self.zone)]
            self._windows[day] = found
        return found

    def is_free_on(self, day: date, start: int, end: int, before: int, after: int, step: int) -> bool:
        """Working then (on the service's grid), not absent, and clear of every booking and its buffers."""
        if not any(
            ws <= start and end <= we and (step <= 0 or (start - ws) % step == 0)
            for ws, we in self.windows(day)
        ):
            return False
        return self.is_free(start, end, before, after)


@dataclass
class _Item:
    booking: BookingToMove
    start: int
    end: int
    before: int
    after: int
    step: int
    day: date
    qualified: list[int]


def plan_cover(
    bookings_to_move: Iterable[BookingToMove],
    candidates: Sequence[CoverCandidate],
    *,
    zone: ZoneInfo,
    closed_days: Iterable[date] = (),
    rules: Mapping[int, ServiceRules] | None = None,
) -> CoverPlan:
    """Propose a colleague for each booking, at the same time and in the same mode.

    ``rules`` (by service id), when given, adds what the booking path checks under its lock: the
    slot must lie on the colleague's grid of ``slot_interval`` and keep the service's buffers. On a
    closing day nobody is free. The absent clerk is never a candidate for their own bookings.
    """
    rules = rules or {}
    closed = set(closed_days)
    diaries = {c.staff_id: _Diary(c.calendar, zone) for c in candidates}
    load = {c.staff_id: c.load for c in candidates}
    serving: dict[tuple[int, str], list[int]] = {}
    for candidate in sorted(candidates, key=lambda c: c.staff_id):
        for key in candidate.qualified:
            serving.setdefault(key, []).append(candidate.staff_id)

    items: list[_Item] = []
    for booking in bookings_to_move:
        rule = rules.get(booking.service_id)
        start = _ts(booking.start)
        end = start + rule.duration_minutes * 60 if rule is not None else _ts(booking.end)
        before = (rule.buffer_before_minutes if rule else booking.buffer_before_minutes) * 60
        after = (rule.buffer_after_minutes if rule else booking.buffer_after_minutes) * 60
        qualified = [
            s for s in serving.get((booking.service_id, booking.mode), ()) if s != booking.from_staff_id
        ]
        items.append(
            _Item(
                booking,
                start,
                end,
                before,
                after,
                rule.slot_interval_minutes * 60 if rule is not None else 0,
                booking.start.astimezone(zone).date(),
                qualified,
            )
        )

    assignments: list[CoverAssignment] = []
    unplaced: list[Unplaced] = []
    for item in _in_order(items):
        booking = item.booking
        reason = ""
        if not item.qualified:
            reason = NO_QUALIFIED_COLLEAGUE
        else:
            free = (
                []
                if item.day in closed
                else [
                    s
                    for s in item.qualified
                    if diaries[s].is_free_on(
                        item.day, item.start, item.end, item.before, item.after, item.step
                    )
                ]
            )
            if not free:
                reason = ALL_QUALIFIED_BUSY
            else:
                chosen = min(free, key=lambda s: (load[s], s))
                diaries[chosen].place(item.start, item.end, item.before, item.after)
                load[chosen] += 1
                assignments.append(
                    CoverAssignment(
                        reference=booking.reference,
                        version=booking.version,
                        from_staff_id=booking.from_staff_id,
                        to_staff_id=chosen,
                        service_id=booking.service_id,
                        mode=booking.mode,
                        start=booking.start.astimezone(UTC),
                        end=booking.end.astimezone(UTC),
                    )
                )
        if reason:
            unplaced.append(
                Unplaced(
                    reference=booking.reference,
                    version=booking.version,
                    from_staff_id=booking.from_staff_id,
                    service_id=booking.service_id,
                    mode=booking.mode,
                    start=booking.start.astimezone(UTC),
                    reason=reason,
                )
            )
    assignments.sort(key=lambda a: (a.start, a.reference))
    unplaced.sort(key=lambda u: (u.start, u.reference))
    return CoverPlan(tuple(assignments), tuple(unplaced), dict(load))


def _in_order(items: list[_Item]) -> list[_Item]:
    """Time order; within a run of bookings that overlap (buffers included), the most constrained first.

    One absent clerk's bookings never overlap, so this is plain time order for them; bookings of
    several clerks at once (a team away) would otherwise let an in-person booking take the only
    colleague who could have served a teleconference beside it.
    """
    ordered = sorted(items, key=lambda i: (i.start, i.booking.reference))
    result: list[_Item] = []
    run: list[_Item] = []
    run_end = 0
    for item in ordered:
        if run and item.start - item.before >= run_end:
            result.extend(sorted(run, key=_constraint))
            run = []
        run_end = max(run_end, item.end + item.after) if run else item.end + item.after
        run.append(item)
    result.extend(sorted(run, key=_constraint))
    return result


def _constraint(item: _Item) -> tuple[int, int, str]:
    return len(item.qualified), item.start, item.booking.reference


def spread(plan: Sequence[CoverAssignment] | CoverPlan) -> dict[int, int]:
    """How many bookings the plan gives each colleague (for summaries and tests)."""
    assignments = plan.assignments if isinstance(plan, CoverPlan) else plan
    counts: dict[int, int] = {}
    for a in assignments:
        counts[a.to_staff_id] = counts.get(a.to_staff_id, 0) + 1
    return counts
