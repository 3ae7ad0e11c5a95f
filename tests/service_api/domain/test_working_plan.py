"""Working plans as the availability search reads them: versions, alternating weeks, one-off days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from service_api.domain.availability import (
    ServiceRules,
    StaffCalendar,
    clerk_free_starts,
    outside_working_time,
    working_windows,
)
from service_api.domain.timeutil import ATHENS
from service_api.domain.working_plan import (
    PlanException,
    PlanVersion,
    WeekParity,
    WorkingPeriod,
    WorkingPlan,
    overlapping_periods,
    too_short_periods,
)

MON_TO_FRI = tuple(WorkingPeriod(d, time(8), time(14)) for d in range(5))
MON_TO_WED = tuple(WorkingPeriod(d, time(9), time(13)) for d in range(3))


def hours(plan: WorkingPlan, day: date) -> list[tuple[str, str]]:
    return [(f"{s:%H:%M}", f"{e:%H:%M}") for s, e in plan.local_periods(day)]


def test_a_new_version_changes_nothing_before_its_date() -> None:
    """From 1 February Maria works Mon–Wed: January stays as it was."""
    plan = WorkingPlan((PlanVersion(date(2027, 2, 1), MON_TO_WED), PlanVersion(date(2000, 1, 1), MON_TO_FRI)))
    assert hours(plan, date(2027, 1, 28)) == [("08:00", "14:00")]  # a Thursday in January
    assert hours(plan, date(2027, 2, 4)) == []  # a Thursday in February
    assert hours(plan, date(2027, 2, 3)) == [("09:00", "13:00")]  # a Wednesday in February
    assert hours(WorkingPlan((PlanVersion(date(2027, 2, 1), MON_TO_WED),)), date(2027, 1, 27)) == []


def test_alternating_weeks_follow_the_iso_week_number() -> None:
    plan = WorkingPlan.weekly(
        [
            WorkingPeriod(2, time(8), time(14), WeekParity.ODD),
            WorkingPeriod(2, time(15), time(19), WeekParity.EVEN),
        ]
    )
    assert hours(plan, date(2026, 12, 2)) == [("08:00", "14:00")]  # ISO week 49
    assert hours(plan, date(2026, 12, 9)) == [("15:00", "19:00")]  # ISO week 50


def test_breaks_extra_hours_and_closures_shape_one_day() -> None:
    plan = WorkingPlan(
        (
            PlanVersion(
                date(2000, 1, 1), (WorkingPeriod(0, time(8), time(11)), WorkingPeriod(0, time(12), time(15)))
            ),
        ),
        (
            PlanException(date(2026, 12, 5), "extra", time(9), time(13)),  # a Saturday session
            PlanException(date(2026, 12, 7), "closed", time(10), time(13)),  # Monday: some hours off
            PlanException(date(2026, 12, 14), "closed"),  # Monday: the whole day off
        ),
    )
    assert hours(plan, date(2026, 11, 30)) == [("08:00", "11:00"), ("12:00", "15:00")]
    assert hours(plan, date(2026, 12, 5)) == [("09:00", "13:00")]
    assert hours(plan, date(2026, 12, 7)) == [("08:00", "10:00"), ("13:00", "15:00")]
    assert hours(plan, date(2026, 12, 14)) == []


def test_the_search_offers_a_saturday_session_and_nothing_on_a_closed_day() -> None:
    rules = ServiceRules(duration_minutes=30, slot_interval_minutes=30)
    plan = WorkingPlan(
        (PlanVersion(date(2000, 1, 1), MON_TO_FRI),),
        (
            PlanException(date(2026, 12, 5), "extra", time(10), time(11)),
            PlanException(date(2026, 12, 4), "closed"),
        ),
    )
    starts = clerk_free_starts(
        rules,
        StaffCalendar(1, plan),
        first_day=date(2026, 12, 3),
        last_day=date(2026, 12, 5),
        now=datetime(2026, 12, 1, tzinfo=UTC),
        zone=ATHENS,
    )
    assert set(starts) == {date(2026, 12, 3), date(2026, 12, 5)}
    assert [datetime.fromtimestamp(s, ATHENS).strftime("%H:%M") for s in starts[date(2026, 12, 5)]] == [
        "10:00",
        "10:30",
    ]


def test_a_plain_list_of_periods_still_works_every_week() -> None:
    windows = working_windows(list(MON_TO_FRI), date(2026, 12, 2), ATHENS)
    assert windows == [(datetime(2026, 12, 2, 6, tzinfo=UTC), datetime(2026, 12, 2, 12, tzinfo=UTC))]


def test_overlapping_periods_are_found_but_odd_and_even_weeks_never_overlap() -> None:
    periods = [
        WorkingPeriod(0, time(8), time(12)),
        WorkingPeriod(0, time(11), time(14)),
        WorkingPeriod(1, time(8), time(12), WeekParity.ODD),
        WorkingPeriod(1, time(8), time(12), WeekParity.EVEN),
        WorkingPeriod(1, time(11), time(13)),
        WorkingPeriod(2, time(8), time(12)),
        WorkingPeriod(2, time(12), time(14)),  # touching is not overlapping
    ]
    assert overlapping_periods(periods) == [(0, 1), (2, 4), (3, 4)]


def test_a_period_shorter_than_every_service_is_flagged() -> None:
    periods = [WorkingPeriod(0, time(8), time(8, 20)), WorkingPeriod(0, time(9), time(9, 30))]
    assert too_short_periods(periods, [30, 45]) == [0]
    assert too_short_periods(periods, []) == []


def test_bookings_outside_a_new_plan_are_named() -> None:
    plan = WorkingPlan.weekly(MON_TO_WED)
    wednesday_10 = datetime(2026, 12, 2, 8, tzinfo=UTC)
    wednesday_13 = datetime(2026, 12, 2, 11, tzinfo=UTC)  # 13:00 Athens: the period has ended
    thursday = datetime(2026, 12, 3, 8, tzinfo=UTC)
    spans = [
        (wednesday_10, wednesday_10.replace(minute=15)),
        (wednesday_13, wednesday_13.replace(minute=15)),
        (thursday, thursday.replace(minute=15)),
    ]
    assert outside_working_time(plan, spans, ATHENS) == [1, 2]
