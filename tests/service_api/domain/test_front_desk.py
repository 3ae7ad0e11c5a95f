"""The front desk's rules: reachable callers, and what "now" means for a walk-in."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from service_api.domain import front_desk
from service_api.domain.availability import ServiceRules, StaffCalendar, WorkingPeriod
from service_api.domain.timeutil import ATHENS

RULES = ServiceRules(duration_minutes=20, slot_interval_minutes=20, lead_time_minutes=120)
PLAN = [WorkingPeriod(weekday=1, start=time(8), end=time(14))]  # Tuesdays


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 1, hour, minute, tzinfo=ATHENS)


def test_a_caller_without_an_email_must_leave_a_phone_and_cannot_have_a_teleconference() -> None:
    assert front_desk.contact_problems(email="a@b.gr", phone="", mode="teleconference") == {}
    assert front_desk.contact_problems(email="", phone="+306941234567", mode="in_person") == {}
    assert set(front_desk.contact_problems(email="", phone=" ", mode="in_person")) == {"citizen.phone"}
    assert set(front_desk.contact_problems(email="", phone="+306941234567", mode="teleconference")) == {
        "citizen.email"
    }


def test_now_is_the_slot_in_progress_while_half_is_left_else_the_next_grid_point() -> None:
    calendars = [StaffCalendar(1, PLAN)]
    for now, expected in (
        (_at(10, 5), _at(10)),  # five minutes in: most of it is left
        (_at(10, 11), _at(10, 20)),  # past the half: the next start, nine minutes away
        (_at(9, 59), _at(10)),  # the 09:40 slot is nearly over: the one about to start
    ):
        slots = front_desk.walk_in_slots(RULES, calendars, now=now.astimezone(UTC), zone=ATHENS)
        current, later = front_desk.split_now(slots, rules=RULES, now=now)
        assert current[0].start == expected, now
        assert later is not None and later.start > now + timedelta(minutes=RULES.slot_interval_minutes)


def test_a_walk_in_ignores_the_lead_time_but_nothing_after_closing_is_now() -> None:
    calendars = [StaffCalendar(1, PLAN)]
    now = _at(13, 50)
    slots = front_desk.walk_in_slots(RULES, calendars, now=now, zone=ATHENS)
    current, later = front_desk.split_now(slots, rules=RULES, now=now)
    assert [s.start for s in current] == [_at(13, 40)] and later is None
    assert front_desk.split_now(
        front_desk.walk_in_slots(RULES, calendars, now=_at(14, 1), zone=ATHENS), rules=RULES, now=_at(14, 1)
    ) == ([], None)
