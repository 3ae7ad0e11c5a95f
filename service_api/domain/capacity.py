"""Demand-led capacity (issue 18): demand against supply per service and mode, and what to add.

Pure rules. The reader (``booking/capacity.py``) gathers per service and mode the demand (bookings
made lately, citizens waiting, searches that found nothing), the supply (hours of the qualified
clerks' plans ahead), the no-show rate and the lead time to the first free slot; ``suggest`` turns
a service under pressure into one concrete working-plan change: "add N hours on <weekday> for
<service>", naming a qualified clerk with room that weekday and the period, in Greek and English.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from service_api.domain.timeutil import local_to_utc
from service_api.domain.working_plan import PlanVersion, WorkingPeriod, WorkingPlan

# Demand is counted over the last four weeks, supply over the next four, no-shows over eight.
DEMAND_WEEKS = 4
SUPPLY_WEEKS = 4
NO_SHOW_WEEKS = 8
# When a service is under pressure: the first free slot further than this, this many waiting,
# or this many searches in four weeks that found nothing.
LEAD_DAYS_LIMIT = 10
WAITING_LIMIT = 5
MISSES_LIMIT = 10
MIN_HOURS = 2
MAX_HOURS = 4
# The office day suggested hours may use: at least 08:00-17:00 (the afternoon hours many offices keep
# on some days), wider when someone's plan already starts earlier or ends later.
DEFAULT_OPEN = time(8, 0)
DEFAULT_CLOSE = time(17, 0)
WORKDAYS = range(5)

MODE_WORDS = {
    "el": {"in_person": "δια ζώσης", "teleconference": "τηλεδιάσκεψης"},
    "en": {"in_person": "in-person", "teleconference": "teleconference"},
}
# "on Tuesday": Greek needs the accusative with its article.
ON_WEEKDAY = {
    "el": (
        "τη Δευτέρα",
        "την Τρίτη",
        "την Τετάρτη",
        "την Πέμπτη",
        "την Παρασκευή",
        "το Σάββατο",
        "την Κυριακή",
    ),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


@dataclass(frozen=True)
class Clerk:
    """A clerk qualified for the service in the mode, with the weekly periods in force from ``from_day``."""

    staff_id: int
    name: str
    periods: tuple[WorkingPeriod, ...]
    plan_stamp: str
    # Weekdays whose first day with the new hours the clerk is away (an approved absence): not them.
    away_weekdays: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Figures:
    """One service in one mode: demand, supply and how far the first free slot is."""

    service_id: int
    name_el: str
    name_en: str
    mode: str
    duration_minutes: int
    bookings: int  # made in the last DEMAND_WEEKS
    waiting: int  # on the waitlist now
    misses: int  # searches that found nothing in the last DEMAND_WEEKS
    supply_hours: float  # qualified clerks' planned hours over the next SUPPLY_WEEKS
    booked_hours: float  # of this service and mode over the same weeks
    no_show_rate: float | None  # over the last NO_SHOW_WEEKS; None while nothing had an outcome
    lead_days: int | None  # to the first free slot; None: nothing free up to the horizon
    clerks: tuple[Clerk, ...] = ()

    @property
    def demand_hours(self) -> float:
        """Hours asked for over four weeks: bookings made, those waiting, and (halved, as a citizen
        searches more than once) the searches that found nothing."""
        return round((self.bookings + self.waiting + self.misses / 2) * self.duration_minutes / 60, 2)


@dataclass(frozen=True)
class Suggestion:
    """One working-plan change: the clerk also works ``weekday`` ``start``–``end`` from ``effective_from``."""

    service_id: int
    mode: str
    staff_id: int
    staff_name: str
    weekday: int
    start: time
    end: time
    hours: int
    effective_from: date
    plan_stamp: str
    reasons: tuple[str, ...]
    text_el: str
    text_en: str


def plan_stamp(plan: WorkingPlan, day: date) -> str:
    """A short fingerprint of the versions that decide ``day`` and after: changes when any of them does."""
    first = plan.version_on(day)
    versions: list[PlanVersion] = ([first] if first is not None else []) + plan.later_versions(day)
    text = "|".join(
        f"{v.effective_from.isoformat()}:"
        + ",".join(
            f"{p.weekday}{p.start:%H%M}{p.end:%H%M}{p.weeks}"
            for p in sorted(v.periods, key=lambda p: (p.weekday, p.start, p.weeks))
        )
        for v in versions
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def planned_hours(
    plan: WorkingPlan,
    first: date,
    days: int,
    *,
    zone: ZoneInfo | None = None,
    away: Sequence[tuple[datetime, datetime]] = (),
    closed: Collection[date] = frozenset(),
) -> float:
    """Hours worked by ``plan`` over ``days`` local days from ``first`` (weekly periods and one-off
    days), less ``closed`` days (holidays) and the hours of ``away`` (absences and closed hours, in
    UTC, not overlapping one another; needs ``zone``)."""
    minutes = 0.0
    for k in range(days):
        day = first + timedelta(days=k)
        if day in closed:
            continue
        for start, end in plan.local_periods(day):
            minutes += _minutes(end) - _minutes(start)
            if away and zone is not None:
                begin, finish = local_to_utc(day, start, zone), local_to_utc(day, end, zone)
                for gone_from, gone_until in away:
                    overlap = (min(finish, gone_until) - max(begin, gone_from)).total_seconds() / 60
                    minutes -= max(0.0, overlap)
    return max(0.0, minutes) / 60


def reasons(f: Figures) -> tuple[str, ...]:
    """Why ``f`` needs more hours (empty: it does not): lead, waiting, misses."""
    found = []
    if f.lead_days is None or f.lead_days > LEAD_DAYS_LIMIT:
        found.append("lead")
    if f.waiting > WAITING_LIMIT:
        found.append("waiting")
    if f.misses >= MISSES_LIMIT:
        found.append("misses")
    if found and not f.clerks:
        return ()  # nobody is qualified: no plan change can help, only a qualification
    return tuple(found)


def hours_needed(f: Figures) -> int:
    """Weekly hours to add: enough to serve those waiting (and half the misses) within four weeks."""
    citizens = f.waiting + f.misses / 2
    hours = math.ceil(citizens * f.duration_minutes / 60 / DEMAND_WEEKS)
    return max(MIN_HOURS, min(MAX_HOURS, hours))


def office_hours(periods: Sequence[WorkingPeriod]) -> tuple[time, time]:
    """The office day: 08:00-17:00, or from the earliest start to the latest end of anyone's period."""
    return (
        min([DEFAULT_OPEN, *(p.start for p in periods)]),
        max([DEFAULT_CLOSE, *(p.end for p in periods)]),
    )


def room(clerk: Clerk, weekday: int, hours: int, office: tuple[time, time]) -> tuple[time, time] | None:
    """A period of ``hours`` on ``weekday`` when ``clerk`` is not working, within office hours.

    Right after their last period that day if it fits, else right before their first; a clerk who
    does not work that weekday at all starts at the office's opening.
    """
    opening, closing = _minutes(office[0]), _minutes(office[1])
    length = hours * 60
    that_day = sorted((p for p in clerk.periods if p.weekday == weekday), key=lambda p: p.start)
    if not that_day:
        candidates = [opening]
    else:
        candidates = [_minutes(that_day[-1].end), _minutes(that_day[0].start) - length]
    for start in candidates:
        end = start + length
        if start < opening or end > closing:
            continue
        if any(_minutes(p.start) < end and start < _minutes(p.end) for p in that_day):
            continue
        return _time(start), _time(end)
    return None


def away_weekdays(
    effective_from: date, zone: ZoneInfo, away: Sequence[tuple[datetime, datetime]]
) -> frozenset[int]:
    """Workdays whose first date from ``effective_from`` on falls (in part) in one of ``away``."""
    found = set()
    for k in range(7):
        day = effective_from + timedelta(days=k)
        begin, end = local_to_utc(day, time(0), zone), local_to_utc(day + timedelta(days=1), time(0), zone)
        if any(start < end and begin < finish for start, finish in away):
            found.add(day.weekday())
    return frozenset(found)


def weekday_supply(clerks: Sequence[Clerk], weekday: int) -> int:
    """Minutes a week the qualified clerks work on ``weekday``."""
    return sum(_minutes(p.end) - _minutes(p.start) for c in clerks for p in c.periods if p.weekday == weekday)


def suggest(
    f: Figures,
    *,
    office: tuple[time, time],
    effective_from: date,
    taken: Collection[tuple[int, int]] = frozenset(),
) -> Suggestion | None:
    """The one change that best relieves ``f``: its least-served workday, a clerk with room on it.

    Among clerks with room, one whose new hours extend a period that day comes first, then the one
    with the fewest weekly hours; ties go to the lower staff id so the answer is stable. ``taken``:
    (clerk, weekday) pairs another suggestion of the same week already uses.
    """
    why = reasons(f)
    if not why:
        return None
    hours = hours_needed(f)
    for weekday in sorted(WORKDAYS, key=lambda d: (weekday_supply(f.clerks, d), d)):
        options = []
        for clerk in f.clerks:
            if (clerk.staff_id, weekday) in taken or weekday in clerk.away_weekdays:
                continue
            period = room(clerk, weekday, hours, office)
            if period is None:
                continue
            extends = any(p.weekday == weekday for p in clerk.periods)
            weekly = sum(_minutes(p.end) - _minutes(p.start) for p in clerk.periods)
            options.append((not extends, weekly, clerk.staff_id, clerk, period))
        if options:
            _, _, _, clerk, (start, end) = min(options, key=lambda o: o[:3])
            return _suggestion(f, why, clerk, weekday, start, end, hours, effective_from)
    return None


def suggestions(
    figures: Sequence[Figures], *, office: tuple[time, time], effective_from: date
) -> list[Suggestion]:
    """One suggestion per service and mode under pressure, the most pressed first (and served first:
    no two suggestions of a week give the same clerk the same weekday)."""
    found: list[Suggestion] = []
    taken: set[tuple[int, int]] = set()
    for f in sorted(figures, key=lambda f: (-pressure(f), f.service_id, f.mode)):
        made = suggest(f, office=office, effective_from=effective_from, taken=taken)
        if made is not None:
            found.append(made)
            taken.add((made.staff_id, made.weekday))
    return found


def pressure(f: Figures) -> float:
    """How pressed a service and mode is, to rank them: days to the first free slot (a year when none),
    plus two per citizen waiting and one per two searches that found nothing."""
    lead = 365 if f.lead_days is None else f.lead_days
    return lead + 2 * f.waiting + f.misses / 2


def _suggestion(
    f: Figures,
    why: tuple[str, ...],
    clerk: Clerk,
    weekday: int,
    start: time,
    end: time,
    hours: int,
    effective_from: date,
) -> Suggestion:
    period = f"{start:%H:%M}–{end:%H:%M}"
    return Suggestion(
        service_id=f.service_id,
        mode=f.mode,
        staff_id=clerk.staff_id,
        staff_name=clerk.name,
        weekday=weekday,
        start=start,
        end=end,
        hours=hours,
        effective_from=effective_from,
        plan_stamp=clerk.plan_stamp,
        reasons=why,
        text_el=(
            f"Προσθέστε {hours} ώρες {MODE_WORDS['el'][f.mode]} {ON_WEEKDAY['el'][weekday]} για "
            f"«{f.name_el}» ({_because('el', f)}): {clerk.name}, {period}, "
            f"από {effective_from:%d/%m/%Y}."
        ),
        text_en=(
            f"Add {hours} {MODE_WORDS['en'][f.mode]} hours on {ON_WEEKDAY['en'][weekday]} for "
            f"{f.name_en} ({_because('en', f)}): {clerk.name}, {period}, from {effective_from.isoformat()}."
        ),
    )


def _because(language: str, f: Figures) -> str:
    """The figures behind a suggestion, as a supervisor reads them."""
    if language == "el":
        if f.lead_days is None:
            lead = "καμία ελεύθερη ώρα ως τον ορίζοντα κρατήσεων"
        elif f.lead_days == 0:
            lead = "υπάρχει ελεύθερη ώρα σήμερα"
        else:
            days = "ημέρα" if f.lead_days == 1 else "ημέρες"
            lead = f"η πρώτη ελεύθερη ώρα απέχει {f.lead_days} {days}"
        parts = [lead, f"{f.waiting} σε αναμονή"]
        if f.misses:
            parts.append(f"{f.misses} αναζητήσεις χωρίς αποτέλεσμα")
        return ", ".join(parts)
    if f.lead_days is None:
        lead = "no free slot up to the booking horizon"
    elif f.lead_days == 0:
        lead = "a slot is free today"
    else:
        lead = f"first free slot is {f.lead_days} day{'' if f.lead_days == 1 else 's'} away"
    parts = [lead, f"{f.waiting} waiting"]
    if f.misses:
        parts.append(f"{f.misses} searches found nothing")
    return ", ".join(parts)


def lead_days(first_free_day: date | None, today: date) -> int | None:
    """Days from ``today`` to the (local) day of the first free slot; None when nothing is free."""
    return None if first_free_day is None else max(0, (first_free_day - today).days)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)
