"""Availability: hand-picked cases, the Athens DST days, and a brute-force minute-by-minute oracle."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service_api.domain.availability import (
    Busy,
    Interval,
    ServiceRules,
    StaffCalendar,
    WorkingPeriod,
    free_slots,
    free_staff_at,
)
from service_api.domain.timeutil import ATHENS

WEEKDAYS = [WorkingPeriod(d, time(8), time(14)) for d in range(5)]
RULES = ServiceRules(duration_minutes=15, slot_interval_minutes=30)
MONDAY = date(2026, 12, 7)
EARLY = datetime(2026, 12, 1, tzinfo=UTC)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ATHENS).astimezone(UTC)


def test_a_free_clerk_offers_every_half_hour_of_the_working_day() -> None:
    slots = free_slots(
        RULES, [StaffCalendar(1, WEEKDAYS)], first_day=MONDAY, last_day=MONDAY, now=EARLY, zone=ATHENS
    )
    assert [s.start for s in slots] == [at(MONDAY, 8) + timedelta(minutes=30 * k) for k in range(12)]
    assert all(s.end - s.start == timedelta(minutes=15) for s in slots)


def test_capacity_counts_free_qualified_clerks() -> None:
    taken = [Busy(at(MONDAY, 9), at(MONDAY, 9, 15))]
    staff = [StaffCalendar(1, WEEKDAYS, busy=taken), StaffCalendar(2, WEEKDAYS)]
    slots = {
        s.start: s
        for s in free_slots(RULES, staff, first_day=MONDAY, last_day=MONDAY, now=EARLY, zone=ATHENS)
    }
    assert slots[at(MONDAY, 9)].staff_ids == (2,)
    assert slots[at(MONDAY, 10)].capacity == 2


def test_holidays_absences_lead_time_and_horizon_remove_slots() -> None:
    rules = ServiceRules(15, 30, lead_time_minutes=120, horizon_days=3)
    now = at(MONDAY, 9)
    staff = [StaffCalendar(1, WEEKDAYS, absences=[Interval(at(MONDAY, 12), at(MONDAY, 13))])]
    slots = free_slots(
        rules,
        staff,
        first_day=MONDAY,
        last_day=MONDAY + timedelta(days=4),
        now=now,
        zone=ATHENS,
        closed_days={MONDAY + timedelta(days=1)},
    )
    starts = [s.start for s in slots]
    assert min(starts) == at(MONDAY, 11)  # 09:00 + 2 h lead time
    assert at(MONDAY, 12) not in starts and at(MONDAY, 12, 30) not in starts and at(MONDAY, 13) in starts
    assert not any(s.astimezone(ATHENS).date() == MONDAY + timedelta(days=1) for s in starts)
    assert max(starts) < now + timedelta(days=3)


def test_buffers_keep_a_gap_but_may_overlap_each_other() -> None:
    rules = ServiceRules(15, 15, buffer_before_minutes=10, buffer_after_minutes=10)
    existing = [Busy(at(MONDAY, 10), at(MONDAY, 10, 15), buffer_before_minutes=0, buffer_after_minutes=5)]
    slots = free_slots(
        rules,
        [StaffCalendar(1, WEEKDAYS, busy=existing)],
        first_day=MONDAY,
        last_day=MONDAY,
        now=EARLY,
        zone=ATHENS,
    )
    starts = {s.start for s in slots}
    assert at(MONDAY, 9, 30) in starts  # ends 09:45, its 10-minute buffer ends 09:55
    assert at(MONDAY, 9, 45) not in starts  # its buffer would run into 10:00
    assert at(MONDAY, 10, 15) not in starts  # needs 10 minutes before: 10:05 is inside the booking
    assert at(MONDAY, 10, 30) in starts


def test_slot_times_stay_on_the_wall_clock_across_both_dst_changes() -> None:
    spring = date(2027, 3, 29)  # Monday after the last Sunday of March
    autumn = date(2026, 10, 26)  # Monday after the last Sunday of October
    for monday in (spring, autumn):
        before = monday - timedelta(days=3)
        slots = free_slots(
            RULES,
            [StaffCalendar(1, WEEKDAYS)],
            first_day=before,
            last_day=monday,
            now=at(monday, 0) - timedelta(days=10),
            zone=ATHENS,
        )
        by_day: dict[date, list[str]] = {}
        for s in slots:
            local = s.start.astimezone(ATHENS)
            by_day.setdefault(local.date(), []).append(local.strftime("%H:%M"))
        assert by_day[before] == by_day[monday]
        assert by_day[monday][0] == "08:00"
    assert at(spring, 8).utcoffset() == at(spring - timedelta(days=3), 8).utcoffset()  # both UTC
    assert at(spring, 8).hour == 5 and at(spring - timedelta(days=3), 8).hour == 6


def test_a_working_period_through_the_spring_gap_is_shortened_by_the_gap() -> None:
    sunday = date(2027, 3, 28)  # 03:00 → 04:00 in Athens
    plan = [WorkingPeriod(6, time(2), time(5))]
    slots = free_slots(
        ServiceRules(30, 30),
        [StaffCalendar(1, plan)],
        first_day=sunday,
        last_day=sunday,
        now=at(sunday, 0) - timedelta(days=1),
        zone=ATHENS,
    )
    assert len(slots) == 4  # two real hours, not three
    assert all(s.start.astimezone(ATHENS).hour in (2, 4) for s in slots)


def test_free_staff_at_agrees_with_the_grid() -> None:
    staff = [
        StaffCalendar(1, WEEKDAYS),
        StaffCalendar(2, WEEKDAYS, busy=[Busy(at(MONDAY, 9), at(MONDAY, 9, 15))]),
    ]
    assert free_staff_at(RULES, staff, start=at(MONDAY, 9), zone=ATHENS) == [1]
    assert free_staff_at(RULES, staff, start=at(MONDAY, 9, 10), zone=ATHENS) == []
    assert free_staff_at(RULES, staff, start=at(MONDAY, 13, 30), zone=ATHENS) == [1, 2]
    assert free_staff_at(RULES, staff, start=at(MONDAY, 14), zone=ATHENS) == []


# ----------------------------------------------------------------------------- oracle


def oracle(
    rules: ServiceRules, staff: list[StaffCalendar], first: date, last: date, now: datetime, closed: set[date]
) -> dict[datetime, tuple[int, ...]]:
    """Minute by minute: a start is free for a clerk when every minute it needs is working, not
    absent, and no minute of its padded time meets a booking's own minutes (nor its own minutes a
    booking's buffer)."""
    minute = timedelta(minutes=1)
    result: dict[datetime, list[int]] = {}
    lo = datetime.combine(first, time(0), tzinfo=ATHENS).astimezone(UTC)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ATHENS).astimezone(UTC)

    def working(cal: StaffCalendar, t: datetime) -> list[datetime]:
        """Starts (UTC) of the plan periods covering minute t."""
        local = t.astimezone(ATHENS)
        starts = []
        for p in cal.plan:
            if p.weekday != local.weekday():
                continue
            p_start = datetime.combine(local.date(), p.start, tzinfo=ATHENS).astimezone(UTC)
            p_end = datetime.combine(local.date(), p.end, tzinfo=ATHENS).astimezone(UTC)
            if p_start <= t < p_end:
                starts.append(p_start)
        return starts

    for cal in staff:
        core_minutes: set[datetime] = set()
        padded_minutes: set[datetime] = set()
        for b in cal.busy:
            t = b.start
            while t < b.end:
                core_minutes.add(t)
                t += minute
            t = b.start - timedelta(minutes=b.buffer_before_minutes)
            while t < b.end + timedelta(minutes=b.buffer_after_minutes):
                padded_minutes.add(t)
                t += minute
        t = lo
        while t < hi:
            ok = (
                t.astimezone(ATHENS).date() not in closed
                and t >= now + timedelta(minutes=rules.lead_time_minutes)
                and t < now + timedelta(days=rules.horizon_days)
            )
            if ok:
                period_starts = working(cal, t)
                ok = any(
                    (t - ps) % timedelta(minutes=rules.slot_interval_minutes) == timedelta(0)
                    and all(ps in working(cal, t + k * minute) for k in range(rules.duration_minutes))
                    for ps in period_starts
                )
            if ok:
                own = [t + k * minute for k in range(rules.duration_minutes)]
                padded = [
                    t + k * minute
                    for k in range(
                        -rules.buffer_before_minutes, rules.duration_minutes + rules.buffer_after_minutes
                    )
                ]
                ok = (
                    not any(any(a.start <= m < a.end for a in cal.absences) for m in own)
                    and not any(m in core_minutes for m in padded)
                    and not any(m in padded_minutes for m in own)
                )
            if ok:
                result.setdefault(t, []).append(cal.staff_id)
            t += minute
    return {k: tuple(sorted(v)) for k, v in result.items()}


DAYS = [date(2027, 3, 26) + timedelta(days=n) for n in range(4)]  # Fri..Mon around the spring DST change


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[ServiceRules, list[StaffCalendar], datetime, set[date]]:
    rules = ServiceRules(
        duration_minutes=draw(st.sampled_from([10, 15, 20, 30])),
        slot_interval_minutes=draw(st.sampled_from([10, 15, 30])),
        lead_time_minutes=draw(st.sampled_from([0, 60])),
        horizon_days=draw(st.integers(1, 4)),
        buffer_before_minutes=draw(st.sampled_from([0, 5, 10])),
        buffer_after_minutes=draw(st.sampled_from([0, 5, 10])),
    )
    staff = []
    for sid in range(1, draw(st.integers(1, 3)) + 1):
        plan = []
        for weekday in draw(st.sets(st.sampled_from([0, 4, 5, 6]), min_size=1)):
            start_h = draw(st.integers(1, 9))
            plan.append(
                WorkingPeriod(
                    weekday,
                    time(start_h, draw(st.sampled_from([0, 10]))),
                    time(start_h + draw(st.integers(1, 3)), 0),
                )
            )
        busy, absences = [], []
        for _ in range(draw(st.integers(0, 4))):
            day = draw(st.sampled_from(DAYS))
            b_start = at(day, draw(st.integers(1, 11)), 5 * draw(st.integers(0, 11)))
            busy.append(
                Busy(
                    b_start,
                    b_start + timedelta(minutes=draw(st.sampled_from([10, 15, 30]))),
                    draw(st.sampled_from([0, 5])),
                    draw(st.sampled_from([0, 5, 10])),
                )
            )
        if draw(st.booleans()):
            day = draw(st.sampled_from(DAYS))
            a_start = at(day, draw(st.integers(1, 10)))
            absences.append(
                Interval(a_start, a_start + timedelta(minutes=draw(st.sampled_from([30, 90, 600]))))
            )
        staff.append(StaffCalendar(sid, plan, absences, busy))
    now = at(DAYS[0], draw(st.integers(0, 12))) - timedelta(days=draw(st.integers(0, 1)))
    closed = draw(st.sets(st.sampled_from(DAYS), max_size=1))
    return rules, staff, now, closed


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_free_slots_match_the_minute_by_minute_oracle(
    scenario: tuple[ServiceRules, list[StaffCalendar], datetime, set[date]],
) -> None:
    rules, staff, now, closed = scenario
    got = {
        s.start: s.staff_ids
        for s in free_slots(
            rules, staff, first_day=DAYS[0], last_day=DAYS[-1], now=now, zone=ATHENS, closed_days=closed
        )
    }
    assert got == oracle(rules, staff, DAYS[0], DAYS[-1], now, closed)
    for start, ids in got.items():
        assert free_staff_at(rules, staff, start=start, zone=ATHENS, closed_days=closed, now=now) == list(ids)
