"""Local closures: Orthodox Easter dates, yearly and one-off days, and closed hours as everyone's absence."""

from __future__ import annotations

from datetime import date, time

import pytest

from service_api.domain.availability import ServiceRules, StaffCalendar, WorkingPeriod, free_slots
from service_api.domain.closures import (
    ClosureKind,
    ClosureRule,
    closed_hours,
    closed_whole_days,
    orthodox_easter,
    with_closed_hours,
)
from service_api.domain.timeutil import ATHENS, local_to_utc


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 5, 5)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 12)),
        (2027, date(2027, 5, 2)),
    ],
)
def test_orthodox_easter_falls_on_the_greek_church_s_sunday(year: int, easter: date) -> None:
    assert orthodox_easter(year) == easter


def test_each_form_of_closure_falls_on_its_days() -> None:
    rules = [
        ClosureRule(ClosureKind.ANNUAL, month=5, day=15),  # Saint Achillios, every year
        ClosureRule(ClosureKind.EASTER, easter_offset=-48),  # Clean Monday moves with Easter
        ClosureRule(ClosureKind.ONCE, month=6, day=7, year=2026),  # an election day, once
        ClosureRule(ClosureKind.ANNUAL, month=2, day=29),  # only in leap years
    ]
    assert closed_whole_days(rules, date(2026, 1, 1), date(2027, 12, 31)) == {
        date(2026, 5, 15),
        date(2027, 5, 15),
        date(2026, 2, 23),
        date(2027, 3, 15),
        date(2026, 6, 7),
    }


def test_closed_hours_take_only_those_hours_from_every_clerk() -> None:
    day = date(2026, 12, 2)
    rule = ClosureRule(ClosureKind.ONCE, month=12, day=2, year=2026, start=time(10), end=time(12))
    assert closed_whole_days([rule], day, day) == set()
    hours = closed_hours([rule], day, day, ATHENS)
    plan = [WorkingPeriod(2, time(8), time(14))]
    calendars = [with_closed_hours(StaffCalendar(sid, plan), hours) for sid in (1, 2)]
    found = free_slots(
        ServiceRules(30, 30),
        calendars,
        first_day=day,
        last_day=day,
        now=local_to_utc(day, time(0), ATHENS),
        zone=ATHENS,
    )
    local = [s.start.astimezone(ATHENS).strftime("%H:%M") for s in found]
    assert local == ["08:00", "08:30", "09:00", "09:30", "12:00", "12:30", "13:00", "13:30"]
    assert all(s.capacity == 2 for s in found)
