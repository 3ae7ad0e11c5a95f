"""Figures for supervisors: per week or month, per service and per clerk, over a range of local days.

Counted by the local day of an appointment's start (the municipality's zone):

- ``bookings``: appointments that were kept on the books (confirmed, checked in, completed, no-show);
  live holds and lapsed holds are not bookings;
- ``booked_minutes``: the time those appointments occupy;
- ``completed`` / ``no_show``: served and missed appointments; ``no_show_rate`` = no-shows ÷
  (completed + no-shows), empty while nothing has an outcome;
- ``documents_missing``: appointments closed with the outcome "documents missing";
- ``cancelled``: cancellations by citizens or staff (lapsed holds left out);
- ``available_minutes``: planned working time of a clerk minus absences and closing days
  (national and municipal holidays); ``utilisation`` = booked ÷ available minutes.

One GROUP BY query does the counting on either database; the periods become a CASE over UTC
bounds computed here, so daylight-saving changes and both dialects are handled the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, extract, func, literal, or_, select
from sqlalchemy.orm import Session

from service_api.booking import calendars
from service_api.booking.booking_reads import booking_query
from service_api.domain import policy
from service_api.domain.availability import working_windows
from service_api.domain.errors import NotFound, RuleViolation
from service_api.domain.kinds import HOLD_EXPIRED, AbsenceStatus
from service_api.domain.policy import Actor
from service_api.domain.rules import Outcome, Status
from service_api.domain.timeutil import ATHENS, days_between, local_day_bounds
from service_api.models import Absence, Booking, Municipality, Service, Staff

PeriodKind = Literal["week", "month"]
MAX_STATS_DAYS = 366
KEPT = (Status.CONFIRMED, Status.CHECKED_IN, Status.COMPLETED, Status.NO_SHOW)
CSV_COLUMNS = (
    "period",
    "period_from",
    "period_to",
    "staff_id",
    "staff_name",
    "service_id",
    "service_name",
    "bookings",
    "booked_minutes",
    "completed",
    "no_show",
    "documents_missing",
    "cancelled",
)


@dataclass(frozen=True)
class Span:
    """One period, clipped to the asked range: local days ``first``..``last`` and their UTC bounds."""

    label: str
    first: date
    last: date
    start: datetime
    end: datetime


@dataclass
class Counts:
    bookings: int = 0
    booked_minutes: float = 0.0
    completed: int = 0
    no_show: int = 0
    documents_missing: int = 0
    cancelled: int = 0

    def add(self, other: Counts) -> None:
        self.bookings += other.bookings
        self.booked_minutes += other.booked_minutes
        self.completed += other.completed
        self.no_show += other.no_show
        self.documents_missing += other.documents_missing
        self.cancelled += other.cancelled

    @property
    def no_show_rate(self) -> float | None:
        served = self.completed + self.no_show
        return round(self.no_show / served, 4) if served else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "bookings": self.bookings,
            "booked_minutes": round(self.booked_minutes),
            "completed": self.completed,
            "no_show": self.no_show,
            "no_show_rate": self.no_show_rate,
            "documents_missing": self.documents_missing,
            "cancelled": self.cancelled,
        }


def utilisation(booked: float, available: float) -> float | None:
    return round(booked / available, 4) if available > 0 else None


@dataclass
class PeriodFigures:
    span: Span
    cells: dict[tuple[int, int], Counts] = field(default_factory=dict)  # (staff_id, service_id)
    available: dict[int, float] = field(default_factory=dict)  # staff_id → minutes

    def cell(self, staff_id: int, service_id: int) -> Counts:
        return self.cells.setdefault((staff_id, service_id), Counts())

    def by_service(self) -> dict[int, Counts]:
        result: dict[int, Counts] = {}
        for (_staff, service_id), counts in self.cells.items():
            result.setdefault(service_id, Counts()).add(counts)
        return result

    def by_clerk(self) -> dict[int, Counts]:
        result: dict[int, Counts] = {sid: Counts() for sid in self.available}
        for (staff_id, _service), counts in self.cells.items():
            result.setdefault(staff_id, Counts()).add(counts)
        return result

    def totals(self) -> Counts:
        total = Counts()
        for counts in self.cells.values():
            total.add(counts)
        return total


@dataclass
class Stats:
    first: date
    last: date
    period: PeriodKind
    municipality_id: int | None
    periods: list[PeriodFigures]
    staff_names: dict[int, str]
    service_names: dict[int, tuple[str, str]]  # (el, en)

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "period": self.period,
            "municipality_id": self.municipality_id,
            "periods": [self._period_json(p) for p in self.periods],
        }

    def _period_json(self, figures: PeriodFigures) -> dict[str, Any]:
        totals = figures.totals()
        available = sum(figures.available.values())
        clerks = figures.by_clerk()
        return {
            "period": figures.span.label,
            "from": figures.span.first.isoformat(),
            "to": figures.span.last.isoformat(),
            "totals": {
                **totals.as_dict(),
                "available_minutes": round(available),
                "utilisation": utilisation(totals.booked_minutes, available),
            },
            "by_service": [
                {
                    "service_id": sid,
                    "name_el": self.service_names.get(sid, ("", ""))[0],
                    "name_en": self.service_names.get(sid, ("", ""))[1],
                    **counts.as_dict(),
                }
                for sid, counts in sorted(figures.by_service().items())
            ],
            "by_clerk": [
                {
                    "staff_id": sid,
                    "name": self.staff_names.get(sid, ""),
                    **counts.as_dict(),
                    "available_minutes": round(figures.available.get(sid, 0.0)),
                    "utilisation": utilisation(counts.booked_minutes, figures.available.get(sid, 0.0)),
                }
                for sid, counts in sorted(
                    clerks.items(), key=lambda kv: (self.staff_names.get(kv[0], ""), kv[0])
                )
            ],
        }

    def csv_rows(self) -> list[dict[str, Any]]:
        """One row per period × clerk × service that has anything to count."""
        rows = []
        for figures in self.periods:
            for (staff_id, service_id), counts in sorted(figures.cells.items()):
                data = counts.as_dict()
                rows.append(
                    {
                        "period": figures.span.label,
                        "period_from": figures.span.first.isoformat(),
                        "period_to": figures.span.last.isoformat(),
                        "staff_id": staff_id,
                        "staff_name": self.staff_names.get(staff_id, ""),
                        "service_id": service_id,
                        "service_name": self.service_names.get(service_id, ("", ""))[0],
                        **{k: data[k] for k in CSV_COLUMNS[7:]},
                    }
                )
        return rows


def spans(first: date, last: date, period: PeriodKind, zone: ZoneInfo) -> list[Span]:
    """Weeks (Monday to Sunday, ISO-numbered) or calendar months covering ``first``..``last``, clipped."""
    result = []
    day = first
    while day <= last:
        if period == "week":
            period_last = day + timedelta(days=6 - day.weekday())
            year, week, _ = day.isocalendar()
            label = f"{year}-W{week:02d}"
        else:
            following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
            period_last = following - timedelta(days=1)
            label = f"{day.year}-{day.month:02d}"
        period_last = min(period_last, last)
        result.append(
            Span(
                label,
                day,
                period_last,
                local_day_bounds(day, zone)[0],
                local_day_bounds(period_last, zone)[1],
            )
        )
        day = period_last + timedelta(days=1)
    return result


def _scope(session: Session, actor: Actor, municipality_id: int | None) -> int | None:
    """``policy.statistics_scope``, and a 404 for a municipality that does not exist."""
    scope = policy.statistics_scope(actor, municipality_id)
    if policy.sees_everything(actor) and scope is not None and session.get(Municipality, scope) is None:
        raise NotFound("No such municipality.")
    return scope


def _minutes(session: Session) -> Any:
    """Length of a booking in minutes, in the dialect at hand."""
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", Booking.end_at - Booking.start_at) / 60
    return (func.julianday(Booking.end_at) - func.julianday(Booking.start_at)) * 1440


def figures(
    session: Session,
    actor: Actor,
    *,
    first: date,
    last: date,
    period: PeriodKind = "week",
    municipality_id: int | None = None,
) -> Stats:
    """Figures of the actor's municipality (an admin picks one, or all) over local days first..last."""
    if period not in ("week", "month"):
        raise RuleViolation("Choose week or month.", fields={"period": "Use week or month."})
    if last < first:
        raise RuleViolation("'to' must not be before 'from'.", fields={"to": "Not before 'from'."})
    if (last - first).days >= MAX_STATS_DAYS:
        raise RuleViolation(f"Ask for at most {MAX_STATS_DAYS} days.", fields={"to": "Range too long."})
    scope = _scope(session, actor, municipality_id)
    municipalities = {
        m.id: m
        for m in session.scalars(
            select(Municipality).where(Municipality.id == scope)
            if scope is not None
            else select(Municipality)
        )
    }
    zone = calendars.zone_of(municipalities[scope]) if scope is not None else ATHENS
    periods = [PeriodFigures(span) for span in spans(first, last, period, zone)]
    range_start, range_end = periods[0].span.start, periods[-1].span.end

    # --- counting, in the database: one row per period × clerk × service × status × outcome
    period_index = case(
        *[(Booking.start_at < p.span.end, literal(i)) for i, p in enumerate(periods)], else_=literal(-1)
    )
    kind = case(
        (
            and_(Booking.status == Status.CANCELLED.value, Booking.cancel_reason == HOLD_EXPIRED),
            literal("lapsed"),
        ),
        else_=Booking.status,
    )
    inner = select(
        period_index.label("period_index"),
        Booking.staff_id.label("staff_id"),
        Booking.service_id.label("service_id"),
        kind.label("kind"),
        func.coalesce(Booking.outcome, "").label("outcome"),
        _minutes(session).label("minutes"),
    ).where(Booking.start_at >= range_start, Booking.start_at < range_end)
    if scope is not None:
        inner = inner.where(Booking.municipality_id == scope)
    sub = inner.subquery()
    grouped = select(
        sub.c.period_index,
        sub.c.staff_id,
        sub.c.service_id,
        sub.c.kind,
        sub.c.outcome,
        func.count(),
        func.sum(sub.c.minutes),
    ).group_by(sub.c.period_index, sub.c.staff_id, sub.c.service_id, sub.c.kind, sub.c.outcome)
    for index, staff_id, service_id, status, outcome, count, minutes in session.execute(grouped):
        if not 0 <= index < len(periods) or (status not in KEPT and status != Status.CANCELLED):
            continue  # live and lapsed holds are not bookings
        cell = periods[index].cell(staff_id, service_id)
        count = int(count)
        if status in KEPT:
            cell.bookings += count
            cell.booked_minutes += float(minutes or 0)
        if status == Status.COMPLETED:
            cell.completed += count
        elif status == Status.NO_SHOW:
            cell.no_show += count
        elif status == Status.CANCELLED:
            cell.cancelled += count
        if outcome == Outcome.DOCUMENTS_MISSING:
            cell.documents_missing += count

    # --- planned working time minus absences and closing days, per clerk and period
    staff_query = select(Staff).where(Staff.municipality_id.is_not(None))
    if scope is not None:
        staff_query = staff_query.where(Staff.municipality_id == scope)
    staff = {s.id: s for s in session.scalars(staff_query)}
    plans = {
        sid: plan for sid, plan in calendars.working_plans(session, list(staff)).items() if plan.versions
    }
    booked_staff = {sid for p in periods for sid, _ in p.cells}
    absences: dict[int, list[tuple[datetime, datetime]]] = {}
    for row in session.scalars(
        select(Absence).where(
            Absence.staff_id.in_(list(plans)),
            Absence.start_at < range_end,
            Absence.end_at > range_start,
            Absence.status == AbsenceStatus.APPROVED.value,  # a request takes no working time yet
        )
    ):
        absences.setdefault(row.staff_id, []).append((row.start_at, row.end_at))
    closed: dict[int, set[date]] = {
        mid: calendars.closed_days(session, mid, first, last)
        for mid in {staff[sid].municipality_id for sid in plans}
        if mid is not None
    }
    for sid, plan in sorted(plans.items()):
        member = staff[sid]
        if not member.active and sid not in booked_staff:
            continue
        assert member.municipality_id is not None
        member_zone = calendars.zone_of(municipalities[member.municipality_id])
        off = _merged(absences.get(sid, []))
        for figures_ in periods:
            minutes = 0.0
            for day in days_between(figures_.span.first, figures_.span.last):
                if day in closed[member.municipality_id]:
                    continue
                for w_start, w_end in working_windows(plan, day, member_zone):
                    minutes += (w_end - w_start).total_seconds() / 60 - _overlap_minutes(w_start, w_end, off)
            figures_.available[sid] = minutes
    names = {sid: s.display_name for sid, s in staff.items()}
    missing_staff = booked_staff - set(names)
    if missing_staff:
        names.update(
            dict(
                session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(missing_staff))).all()
            )
        )
    service_ids = {service_id for p in periods for _, service_id in p.cells}
    services = {
        sid: (el, en)
        for sid, el, en in session.execute(
            select(Service.id, Service.name_el, Service.name_en).where(Service.id.in_(service_ids))
        )
    }
    return Stats(first, last, period, scope, periods, names, services)


# The figures whose bookings a supervisor may list (the drill-down), and which bookings each counts.
FIGURES = ("bookings", "completed", "no_show", "documents_missing", "cancelled")
MAX_BEHIND = 2000


def _counted_as(figure: str) -> Any:
    """The bookings ``figures`` counts in ``figure``: kept ones, or cancellations but lapsed holds."""
    kept = Booking.status.in_([s.value for s in KEPT])
    cancelled = and_(Booking.status == Status.CANCELLED.value, Booking.cancel_reason != HOLD_EXPIRED)
    return {
        "bookings": kept,
        "completed": Booking.status == Status.COMPLETED.value,
        "no_show": Booking.status == Status.NO_SHOW.value,
        "documents_missing": and_(or_(kept, cancelled), Booking.outcome == Outcome.DOCUMENTS_MISSING.value),
        "cancelled": cancelled,
    }[figure]


def bookings_behind(
    session: Session,
    actor: Actor,
    *,
    first: date,
    last: date,
    figure: str = "bookings",
    municipality_id: int | None = None,
    staff_id: int | None = None,
    service_id: int | None = None,
) -> tuple[list[Booking], bool]:
    """The bookings behind one figure (of a clerk, a service, or all) over local days first..last, in
    time order, at most ``MAX_BEHIND``; and whether there were more. Who may ask is ``figures``' rule."""
    if figure not in FIGURES:
        raise RuleViolation(
            f"'figure' must be one of {', '.join(FIGURES)}.", fields={"figure": ", ".join(FIGURES)}
        )
    if last < first:
        raise RuleViolation("'to' must not be before 'from'.", fields={"to": "Not before 'from'."})
    if (last - first).days >= MAX_STATS_DAYS:
        raise RuleViolation(f"Ask for at most {MAX_STATS_DAYS} days.", fields={"to": "Range too long."})
    scope = _scope(session, actor, municipality_id)
    municipality = session.get(Municipality, scope) if scope is not None else None
    zone = calendars.zone_of(municipality) if municipality is not None else ATHENS
    query = booking_query().where(
        Booking.start_at >= local_day_bounds(first, zone)[0],
        Booking.start_at < local_day_bounds(last, zone)[1],
        _counted_as(figure),
    )
    if scope is not None:
        query = query.where(Booking.municipality_id == scope)
    if staff_id is not None:
        query = query.where(Booking.staff_id == staff_id)
    if service_id is not None:
        query = query.where(Booking.service_id == service_id)
    rows = list(session.scalars(query.order_by(Booking.start_at, Booking.id).limit(MAX_BEHIND + 1)))
    return rows[:MAX_BEHIND], len(rows) > MAX_BEHIND


def _merged(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap_minutes(start: datetime, end: datetime, merged: list[tuple[datetime, datetime]]) -> float:
    total = 0.0
    for a_start, a_end in merged:
        if a_start >= end:
            break
        lo, hi = max(start, a_start), min(end, a_end)
        if hi > lo:
            total += (hi - lo).total_seconds() / 60
    return total
