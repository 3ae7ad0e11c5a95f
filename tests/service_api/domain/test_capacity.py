"""Demand-led capacity: when a service needs hours, how many, on which weekday, from which clerk."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from service_api.domain.capacity import (
    Clerk,
    Figures,
    away_weekdays,
    hours_needed,
    lead_days,
    office_hours,
    plan_stamp,
    planned_hours,
    reasons,
    room,
    suggest,
    suggestions,
)
from service_api.domain.timeutil import ATHENS
from service_api.domain.working_plan import PlanException, PlanVersion, WeekParity, WorkingPeriod, WorkingPlan

OFFICE = (time(8), time(15))
monday_9 = datetime(2026, 12, 7, 7, tzinfo=UTC)
MONDAY = date(2026, 12, 7)
FULL_WEEK = tuple(WorkingPeriod(d, time(8), time(14)) for d in range(5))
NO_TUESDAY = tuple(WorkingPeriod(d, time(8), time(14)) for d in range(5) if d != 1)


def clerk(staff_id: int, periods: tuple[WorkingPeriod, ...], name: str = "") -> Clerk:
    return Clerk(staff_id, name or f"Clerk {staff_id}", periods, f"stamp{staff_id}")


def figures(**changes: object) -> Figures:
    base = Figures(
        service_id=7,
        name_el="Μεταδημότευση",
        name_en="Change of municipality",
        mode="teleconference",
        duration_minutes=30,
        bookings=20,
        waiting=14,
        misses=0,
        supply_hours=60.0,
        booked_hours=55.0,
        no_show_rate=0.1,
        lead_days=19,
        clerks=(clerk(1, FULL_WEEK, "Μαρία Π."),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_service_with_a_near_free_slot_and_no_queue_needs_nothing() -> None:
    assert reasons(figures(lead_days=3, waiting=2, misses=1)) == ()
    assert suggest(figures(lead_days=3, waiting=2, misses=1), office=OFFICE, effective_from=MONDAY) is None


def test_each_kind_of_pressure_is_a_reason() -> None:
    assert reasons(figures(lead_days=11, waiting=0)) == ("lead",)
    assert reasons(figures(lead_days=None, waiting=0)) == ("lead",)
    assert reasons(figures(lead_days=2, waiting=6)) == ("waiting",)
    assert reasons(figures(lead_days=2, waiting=0, misses=10)) == ("misses",)


def test_nobody_qualified_means_no_plan_change_can_help() -> None:
    assert suggest(figures(clerks=()), office=OFFICE, effective_from=MONDAY) is None


def test_the_issue_example_reads_in_greek_and_english_with_the_figures() -> None:
    """14 waiting for a 30-minute service: 2 hours a week more, right after Maria's morning."""
    s = suggest(figures(), office=(time(8), time(17)), effective_from=MONDAY)
    assert s is not None
    assert (s.staff_id, s.weekday, s.start, s.end, s.hours) == (1, 0, time(14), time(16), 2)
    assert s.text_el.startswith("Προσθέστε 2 ώρες τηλεδιάσκεψης")
    assert "«Μεταδημότευση»" in s.text_el
    assert "η πρώτη ελεύθερη ώρα απέχει 19 ημέρες, 14 σε αναμονή" in s.text_el
    assert s.text_en.startswith("Add 2 teleconference hours on ")
    assert "first free slot is 19 days away, 14 waiting" in s.text_en
    assert "Μαρία Π." in s.text_el and s.plan_stamp == "stamp1"


def test_a_workday_the_clerk_does_not_work_is_offered_from_opening_time() -> None:
    """Nobody works Tuesday: the least-served workday gets the hours, from the office's opening."""
    s = suggest(figures(clerks=(clerk(1, NO_TUESDAY),)), office=OFFICE, effective_from=MONDAY)
    assert s is not None
    assert (s.weekday, s.start, s.end) == (1, time(8), time(10))
    assert "την Τρίτη" in s.text_el and "on Tuesday" in s.text_en


def test_hours_extend_an_existing_period_when_the_office_day_allows() -> None:
    """Full 08–14 weeks, office until 17:00: three hours right after the last period."""
    s = suggest(figures(waiting=20), office=(time(8), time(17)), effective_from=MONDAY)
    assert s is not None
    assert (s.start, s.end, s.hours) == (time(14), time(17), 3)


def test_a_clerk_with_no_room_is_passed_over_for_one_with_room() -> None:
    busy = clerk(1, tuple(WorkingPeriod(d, time(8), time(15)) for d in range(5)))
    free = clerk(2, tuple(WorkingPeriod(d, time(10), time(14)) for d in range(5)))
    s = suggest(figures(clerks=(busy, free)), office=OFFICE, effective_from=MONDAY)
    assert s is not None and s.staff_id == 2
    assert (s.start, s.end) == (time(8), time(10))  # before 10:00: after 14:00 would pass closing


def test_nobody_with_room_anywhere_gives_no_suggestion() -> None:
    busy = clerk(1, tuple(WorkingPeriod(d, time(8), time(15)) for d in range(5)))
    assert suggest(figures(clerks=(busy,)), office=OFFICE, effective_from=MONDAY) is None


def test_room_never_overlaps_alternating_periods_of_that_weekday() -> None:
    odd_afternoon = (
        WorkingPeriod(0, time(8), time(12)),
        WorkingPeriod(0, time(13), time(15), WeekParity.ODD),
    )
    assert room(clerk(1, odd_afternoon), 0, 2, (time(8), time(17))) == (time(15), time(17))
    assert room(clerk(1, odd_afternoon), 0, 2, OFFICE) is None


def test_hours_needed_grow_with_the_queue_within_bounds() -> None:
    assert hours_needed(figures(waiting=0, misses=0)) == 2
    assert hours_needed(figures(waiting=20, duration_minutes=30)) == 3
    assert hours_needed(figures(waiting=200)) == 4


def test_the_most_pressed_service_comes_first() -> None:
    calm = figures(service_id=1, lead_days=12, waiting=0)
    pressed = figures(service_id=2, lead_days=None, waiting=9)
    listed = suggestions([calm, pressed], office=(time(8), time(17)), effective_from=MONDAY)
    assert [s.service_id for s in listed] == [2, 1]
    assert "no free slot up to the booking horizon" in listed[0].text_en


def test_two_suggestions_of_a_week_never_give_one_clerk_the_same_day() -> None:
    """Both services are served by the same clerk: the second gets the next workday, so both apply."""
    first = figures(service_id=1, waiting=9)
    second = figures(service_id=2, waiting=6)
    a, b = suggestions([second, first], office=(time(8), time(17)), effective_from=MONDAY)
    assert (a.service_id, a.weekday) == (1, 0)
    assert (b.service_id, b.weekday, b.staff_id) == (2, 1, 1)


def test_a_clerk_away_on_the_first_such_day_is_passed_over() -> None:
    away_monday = Clerk(1, "Away", FULL_WEEK, "s1", away_weekdays(MONDAY, ATHENS, [(monday_9, monday_9)]))
    here = clerk(2, FULL_WEEK)
    s = suggest(figures(clerks=(away_monday, here)), office=(time(8), time(17)), effective_from=MONDAY)
    assert s is not None and (s.staff_id, s.weekday) == (2, 0)


def test_away_weekdays_are_the_days_an_absence_touches_in_the_first_week() -> None:
    """Away from Tuesday noon to Thursday 08:00 (Athens): Tuesday, Wednesday and Thursday."""
    away = [(datetime(2026, 12, 8, 10, tzinfo=UTC), datetime(2026, 12, 10, 6, 0, 1, tzinfo=UTC))]
    assert away_weekdays(MONDAY, ATHENS, away) == {1, 2, 3}
    assert away_weekdays(MONDAY, ATHENS, []) == frozenset()


def test_office_hours_are_at_least_eight_to_five_and_span_everyone() -> None:
    assert office_hours([WorkingPeriod(0, time(9), time(13)), WorkingPeriod(3, time(7, 30), time(11))]) == (
        time(7, 30),
        time(17),
    )
    assert office_hours([WorkingPeriod(2, time(12), time(20))]) == (time(8), time(20))
    assert office_hours([]) == (time(8), time(17))


def test_planned_hours_count_weekly_periods_and_one_off_days() -> None:
    plan = WorkingPlan(
        (PlanVersion(date(2000, 1, 1), FULL_WEEK),),
        (PlanException(MONDAY, "closed"), PlanException(date(2026, 12, 12), "extra", time(9), time(12))),
    )
    assert planned_hours(plan, MONDAY, 7) == 4 * 6 + 3


def test_planned_hours_leave_out_the_hours_away() -> None:
    """Away from Tuesday 12:00 to Wednesday 10:00 (Athens): 2 + 2 of the week's 30 hours are lost."""
    plan = WorkingPlan.weekly(FULL_WEEK)
    away = [(datetime(2026, 12, 8, 10, tzinfo=UTC), datetime(2026, 12, 9, 8, tzinfo=UTC))]
    assert planned_hours(plan, MONDAY, 7, zone=ATHENS, away=away) == 30 - 4
    away_for_good = [(away[0][0], away[0][0] + timedelta(days=30))]
    assert planned_hours(plan, MONDAY, 7, zone=ATHENS, away=away_for_good) == 6 + 4  # Monday, Tuesday 8-12
    assert planned_hours(plan, MONDAY, 7, closed={MONDAY, MONDAY + timedelta(days=4)}) == 18


def test_the_plan_stamp_changes_with_the_plan_ahead_but_not_with_history() -> None:
    old = PlanVersion(date(2025, 1, 1), NO_TUESDAY)
    now = PlanVersion(date(2026, 1, 1), FULL_WEEK)
    plan = WorkingPlan((old, now))
    same_future = WorkingPlan((PlanVersion(date(2025, 1, 1), FULL_WEEK), now))
    assert plan_stamp(plan, MONDAY) == plan_stamp(same_future, MONDAY)
    later = WorkingPlan((old, now, PlanVersion(date(2027, 1, 1), NO_TUESDAY)))
    assert plan_stamp(plan, MONDAY) != plan_stamp(later, MONDAY)
    changed = WorkingPlan((old, PlanVersion(date(2026, 1, 1), NO_TUESDAY)))
    assert plan_stamp(plan, MONDAY) != plan_stamp(changed, MONDAY)


def test_demand_hours_count_bookings_waiting_and_half_the_misses() -> None:
    assert figures(bookings=20, waiting=14, misses=12, duration_minutes=30).demand_hours == 20.0


def test_the_lead_time_reads_naturally_for_today_and_one_day() -> None:
    today = suggest(figures(lead_days=0), office=(time(8), time(17)), effective_from=MONDAY)
    tomorrow = suggest(figures(lead_days=1), office=(time(8), time(17)), effective_from=MONDAY)
    assert today is not None and tomorrow is not None
    assert "υπάρχει ελεύθερη ώρα σήμερα" in today.text_el and "a slot is free today" in today.text_en
    assert "απέχει 1 ημέρα," in tomorrow.text_el and "1 day away" in tomorrow.text_en


def test_lead_days_count_from_today() -> None:
    assert lead_days(None, MONDAY) is None
    assert lead_days(date(2026, 12, 26), MONDAY) == 19


periods = st.lists(
    st.builds(
        lambda d, s, n: WorkingPeriod(d, time(s), time(min(s + n, 23))),
        st.integers(0, 4),
        st.integers(6, 20),
        st.integers(1, 4),
    ),
    max_size=8,
).map(tuple)


@given(periods, st.integers(0, 4), st.integers(1, 4), st.integers(6, 12), st.integers(13, 22))
def test_room_is_always_free_within_office_hours_and_as_long_as_asked(
    mine: tuple[WorkingPeriod, ...], weekday: int, hours: int, opening: int, closing: int
) -> None:
    found = room(clerk(1, mine), weekday, hours, (time(opening), time(closing)))
    if found is None:
        return
    start, end = found
    assert time(opening) <= start and end <= time(closing)
    assert (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) == hours * 60
    assert all(not (p.start < end and start < p.end) for p in mine if p.weekday == weekday)


@given(st.lists(periods, min_size=1, max_size=4), st.integers(0, 30), st.integers(0, 40))
def test_a_suggestion_names_a_qualified_clerk_and_a_workday(
    plans: list[tuple[WorkingPeriod, ...]], waiting: int, misses: int
) -> None:
    clerks = tuple(clerk(i + 1, p) for i, p in enumerate(plans))
    s = suggest(figures(clerks=clerks, waiting=waiting, misses=misses), office=OFFICE, effective_from=MONDAY)
    if s is None:
        return
    assert s.staff_id in {c.staff_id for c in clerks}
    assert 0 <= s.weekday <= 4 and 2 <= s.hours <= 4
    assert f"{s.start:%H:%M}–{s.end:%H:%M}" in s.text_el
