"""Front-desk rules: what differs when staff book for a caller or a walk-in instead of a citizen online.

A caller may have no e-mail address: then a phone is a must (the office has to reach them) and a
teleconference is refused (its link goes out by e-mail). A walk-in standing at the desk is booked
"now": the lead time a citizen online must keep is waived, and the slot in progress still counts
while most of it is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from service_api.domain.availability import ServiceRules, Slot, StaffCalendar, free_slots
from service_api.domain.rules import Mode


def contact_problems(*, email: str, phone: str, mode: str) -> dict[str, str]:
    """Per-field problems of a staff booking's contact details (empty when the citizen is reachable)."""
    problems: dict[str, str] = {}
    if email.strip():
        return problems
    if not phone.strip():
        problems["citizen.phone"] = "Required without an e-mail address: the office must reach the citizen."
    if mode == Mode.TELECONFERENCE.value:
        problems["citizen.email"] = "Required for a teleconference: its link is sent by e-mail."
    return problems


def walk_in_rules(rules: ServiceRules) -> ServiceRules:
    """A walk-in is at the desk already: no lead time (the horizon and buffers still hold)."""
    return replace(rules, lead_time_minutes=0)


def walk_in_window(rules: ServiceRules, now: datetime) -> tuple[datetime, datetime]:
    """The earliest and latest start that still count as "now" for a walk-in.

    The slot in progress counts while at least half of it is left; the latest is the next point on
    the service's grid, so "now" never means a wait longer than one slot interval.
    """
    earliest = now - timedelta(minutes=rules.duration_minutes // 2)
    latest = now + timedelta(minutes=max(rules.slot_interval_minutes, 1))
    return earliest, latest


def walk_in_slots(
    rules: ServiceRules,
    staff: Sequence[StaffCalendar],
    *,
    now: datetime,
    zone: ZoneInfo,
    closed_days: Iterable[date] = (),
) -> list[Slot]:
    """Free slots for a walk-in from the earliest "now" start to the end of today, earliest first."""
    earliest, _latest = walk_in_window(rules, now)
    today = now.astimezone(zone).date()
    return free_slots(
        walk_in_rules(rules),
        staff,
        first_day=today,
        last_day=today,
        now=earliest,
        zone=zone,
        closed_days=closed_days,
    )


def split_now(slots: Sequence[Slot], *, rules: ServiceRules, now: datetime) -> tuple[list[Slot], Slot | None]:
    """The slots that are "now" for a walk-in, and the first free one after them (None if none today)."""
    earliest, latest = walk_in_window(rules, now)
    current = [s for s in slots if earliest <= s.start <= latest]
    later = next((s for s in slots if s.start > latest), None)
    return current, later
