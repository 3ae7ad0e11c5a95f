"""Read-side queries shared by the API and the web form: catalogue, availability, bookings, changes."""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from service_api.booking import calendars
from service_api.booking.journal import Actor
from service_api.domain.availability import (
    ServiceRules,
    Slot,
    WorkingPeriod,
    clerk_free_starts,
    slots_from_starts,
)
from service_api.domain.errors import NotFound
from service_api.domain.timeutil import days_between, local_day_bounds
from service_api.models import Booking, BookingDocument, ChangeLog, Municipality, Service, ServiceGroup, Staff

MAX_RANGE_DAYS = 92
log = logging.getLogger(__name__)


def municipalities(session: Session) -> Sequence[Municipality]:
    return session.scalars(select(Municipality).order_by(Municipality.name_el)).all()


def municipality_by_slug(session: Session, slug: str) -> Municipality:
    found = session.scalar(
        select(Municipality)
        .where(Municipality.slug == slug)
        .options(selectinload(Municipality.groups).selectinload(ServiceGroup.services))
    )
    if found is None:
        raise NotFound("No such municipality.")
    return found


def service_by_id(session: Session, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None or not service.active:
        raise NotFound("No such service.")
    return service


# Availability kept per process and per service and mode, as slots per clerk and local day over the
# whole bookable window (two days back to the horizon), so every range a citizen asks for is a slice
# of one answer. Each request brings the answer up to date before slicing it:
# - the change-log cursor lives in the database, so every process sees every other's writes: when it
#   has moved, the changes since say which clerk-days to recompute (a booking: one clerk, one day; a
#   move or an absence: that clerk's window; a staff change: the qualified clerks' plans are read
#   again and the clerks whose plan or qualification changed are recomputed or dropped); catalogue
#   and holiday changes, or a backlog of more than _CATCH_UP_LIMIT changes, recompute the whole
#   answer;
# - time alone frees slots in two ways, with nothing written: a hold lapses (the answer keeps every
#   live hold's expiry and recomputes its clerk-day once it has passed), and the horizon moves on
#   (the days it reaches are computed for every clerk). A new day moves the window: the days that
#   fell out are dropped and the new days' closings read; nothing else is recomputed.
# A cached answer is therefore never optimistic, and never staler than the request that reads it.
# A full computation (some tens of milliseconds for 20 clerks and 10,000 bookings) happens in a
# request only for the first one of a process (``warm_availability`` does that before a server takes
# requests) and after a catalogue change. The safety net, a full recomputation once an answer is
# _MAX_AGE old, runs on a thread of its own while requests go on using the caught-up answer.
_CACHE_SIZE = 256
_CATCH_UP_LIMIT = 200
_MAX_AGE = timedelta(hours=6)  # belt and braces: a full recomputation now and then, in the background

Holds = dict[int, list[tuple[datetime, date, date]]]  # clerk -> (expires, first and last day it affects)


@dataclass(frozen=True)
class _Answer:
    cursor: int
    window: tuple[date, date]  # local days covered
    municipality_id: int
    computed_at: datetime
    horizon_until: datetime  # slots up to here are computed for every clerk
    zone: ZoneInfo
    rules: ServiceRules
    closed: frozenset[date]
    plans: dict[int, list[WorkingPeriod]]
    per_clerk_day: dict[int, dict[date, list[int]]]  # free starts, seconds since the epoch
    per_day: dict[date, list[Slot]]  # merged over clerks
    holds: Holds


_cache: OrderedDict[tuple[Any, ...], _Answer] = OrderedDict()
_cache_lock = threading.Lock()
# One full computation per key at a time: after a cold start the other requests wait for it
# instead of all reading the same ten thousand bookings at once.
_computing: dict[tuple[Any, ...], threading.Lock] = {}
# Bumped when the cache is cleared: a background computation started before must not put its answer
# back (tests reset the database, and its change-log numbering, under the same URL).
_generation = [0]


def availability(
    session: Session, service: Service, mode: str, first_day: date, last_day: date, *, now: datetime
) -> list[Slot]:
    """Free slots over local days of the service's municipality, with capacity per slot.

    A cached answer is never optimistic: any booking committed since moves the cursor and its
    clerk-day is recomputed before answering, so a taken slot is never offered; slots that became
    too soon are filtered out.
    """
    if mode not in service.modes:
        return []
    # Local days of any zone lie within a day of the UTC date: widen by one on each side.
    window = (now.date() - timedelta(days=2), now.date() + timedelta(days=service.horizon_days + 2))
    cursor = latest_cursor(session)
    key = (str(session.get_bind().engine.url), service.id, mode)
    with _cache_lock:
        answer = _cache.get(key)
    if answer is not None and now - answer.computed_at > _MAX_AGE:
        _recompute_in_background(session.get_bind().engine, key, service.id, mode, window, now)
    if answer is not None and answer.window != window:
        answer = _moved_window(session, answer, window)
    if answer is not None:
        answer = _refresh(session, service, mode, answer, cursor, *window, now=now)
    if answer is None:
        answer = _compute_once(session, service, mode, window, key, cursor=cursor, now=now)
    _keep(key, answer)
    first, last = max(first_day, window[0]), min(last_day, window[1])
    slots = [slot for day in days_between(first, last) for slot in answer.per_day.get(day, ())]
    earliest = now + timedelta(minutes=service.lead_time_minutes)
    return slots[bisect_left(slots, earliest, key=lambda slot: slot.start) :]


def _keep(key: tuple[Any, ...], answer: _Answer, generation: int | None = None) -> None:
    """Cache an answer, unless one computed afresh more recently is there (it catches up itself)."""
    with _cache_lock:
        if generation is not None and generation != _generation[0]:
            return
        held = _cache.get(key)
        if held is not None and held.computed_at > answer.computed_at:
            return
        _cache[key] = answer
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


def _recompute_in_background(
    engine: Engine, key: tuple[Any, ...], service_id: int, mode: str, window: tuple[date, date], now: datetime
) -> None:
    """The safety net: the whole answer computed again on a thread of its own, once at a time.

    Requests meanwhile use the caught-up answer, which is correct by construction; this only
    guards against a change that bypassed the change log (an edit made directly in the database).
    """
    with _cache_lock:
        lock = _computing.setdefault(key, threading.Lock())
        generation = _generation[0]
    if not lock.acquire(blocking=False):
        return  # already being computed

    def run() -> None:
        try:
            with Session(engine) as session:
                service = session.get(Service, service_id)
                if service is not None and service.active and mode in service.modes:
                    cursor = latest_cursor(session)
                    fresh = _compute_availability(session, service, mode, *window, cursor=cursor, now=now)
                    _keep(key, fresh, generation)
        except Exception:  # the stale-but-caught-up answer stays; the next request tries again
            log.exception("recomputing availability in the background failed")
        finally:
            lock.release()
            _done_computing(key, lock)

    threading.Thread(target=run, name="availability-recompute", daemon=True).start()


def warm_availability(session: Session, *, now: datetime, budget_seconds: float = 20.0) -> int:
    """Compute active services' availability in every mode, so no citizen waits for it.

    Called once per server process before it takes requests; returns how many answers it made.
    Bounded by time (gunicorn counts this against its worker timeout) and by half the cache, so a
    very large catalogue is warmed in part and the rest computed on first request.
    """
    deadline = time.monotonic() + budget_seconds
    made = 0
    for service in session.scalars(select(Service).where(Service.active).order_by(Service.id)).all():
        for mode in service.modes:
            if made >= _CACHE_SIZE // 2 or time.monotonic() > deadline:
                log.warning("availability warmed for %d services and modes only (time or cache bound)", made)
                return made
            availability(session, service, mode, now.date(), now.date(), now=now)
            made += 1
    return made


def _compute_once(
    session: Session,
    service: Service,
    mode: str,
    window: tuple[date, date],
    key: tuple[Any, ...],
    *,
    cursor: int,
    now: datetime,
) -> _Answer:
    with _cache_lock:
        lock = _computing.setdefault(key, threading.Lock())
    with lock:
        with _cache_lock:
            done = _cache.get(key)
        if (
            done is not None
            and done.window == window
            and done.cursor >= cursor
            and abs(now - done.computed_at) <= _MAX_AGE
        ):
            return done  # another request computed it while this one waited
        answer = _compute_availability(session, service, mode, *window, cursor=cursor, now=now)
        _keep(key, answer)  # before the lock opens, so the waiting requests find it
    _done_computing(key, lock)
    return answer


def _done_computing(key: tuple[Any, ...], lock: threading.Lock) -> None:
    with _cache_lock:
        if _computing.get(key) is lock:  # not a newer computation's lock
            del _computing[key]


def clear_availability_cache() -> None:
    """For tests that reset the database (and with it the change-log sequence) under one URL."""
    with _cache_lock:
        _cache.clear()
        _generation[0] += 1


def _merged(per_clerk_day: dict[int, dict[date, list[int]]], day: date, rules: ServiceRules) -> list[Slot]:
    return slots_from_starts(
        ((sid, clerk_days.get(day, ())) for sid, clerk_days in per_clerk_day.items()), rules.duration_minutes
    )


def _affected_days(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """Local days whose slots a booking can touch: buffers reach at most MAX_BUFFER beyond it."""
    return (start - calendars.MAX_BUFFER).astimezone(zone).date(), (end + calendars.MAX_BUFFER).astimezone(
        zone
    ).date()


def _holds_by_clerk(
    raw: dict[int, list[tuple[datetime, datetime, datetime]]], zone: ZoneInfo
) -> dict[int, list[tuple[datetime, date, date]]]:
    return {
        sid: [(expires, *_affected_days(start, end, zone)) for expires, start, end in rows]
        for sid, rows in raw.items()
    }


def _compute_availability(
    session: Session,
    service: Service,
    mode: str,
    first_day: date,
    last_day: date,
    *,
    cursor: int,
    now: datetime,
) -> _Answer:
    municipality = session.get(Municipality, service.municipality_id)
    assert municipality is not None
    zone = calendars.zone_of(municipality)
    rules = calendars.rules_of(service)
    plans = calendars.qualified_plans(session, service, mode)
    range_start, _ = local_day_bounds(first_day, zone)
    _, range_end = local_day_bounds(last_day, zone)
    cals, raw_holds = calendars.calendars_with_holds(
        session, list(plans), range_start, range_end, now=now, plans=plans
    )
    holds = _holds_by_clerk(raw_holds, zone)
    closed = frozenset(calendars.closed_days(session, municipality.id, first_day, last_day))
    per_clerk_day = {
        cal.staff_id: clerk_free_starts(
            rules, cal, first_day=first_day, last_day=last_day, now=now, zone=zone, closed_days=closed
        )
        for cal in cals
    }
    days = {day for clerk_days in per_clerk_day.values() for day in clerk_days}
    per_day = {day: _merged(per_clerk_day, day, rules) for day in days}
    horizon_until = now + timedelta(days=rules.horizon_days)
    return _Answer(
        cursor,
        (first_day, last_day),
        municipality.id,
        now,
        horizon_until,
        zone,
        rules,
        closed,
        plans,
        per_clerk_day,
        per_day,
        holds,
    )


def _moved_window(session: Session, answer: _Answer, window: tuple[date, date]) -> _Answer | None:
    """The answer over a later window (a new day began): days that fell out are dropped, the new
    days' closings read. New days lie beyond the horizon, so they hold no slots yet; the horizon
    step of ``_refresh`` computes them when it reaches them. None (recompute) for any other move."""
    first, last = window
    old_first, old_last = answer.window
    if first < old_first or last < old_last or first > old_last:
        return None
    closed = answer.closed
    if last > old_last:
        closed = closed | frozenset(
            calendars.closed_days(session, answer.municipality_id, old_last + timedelta(days=1), last)
        )
    return replace(
        answer,
        window=window,
        closed=frozenset(d for d in closed if d >= first),
        per_clerk_day={
            sid: {d: starts for d, starts in days.items() if d >= first}
            for sid, days in answer.per_clerk_day.items()
        },
        per_day={d: slots for d, slots in answer.per_day.items() if d >= first},
    )


def _changed_clerk_days(
    session: Session, answer: _Answer, cursor: int, first_day: date, last_day: date
) -> tuple[set[int], dict[int, set[date]], bool] | None:
    """Clerks to recompute whole and clerk-days to recompute for the changes up to ``cursor``, and
    whether a staff change (a plan, a qualification) means the plans must be read again.

    None when something else changed (services, holidays) or too much did.
    """
    changes = session.execute(
        select(
            ChangeLog.entity,
            ChangeLog.op,
            ChangeLog.staff_id,
            ChangeLog.previous_staff_id,
            Booking.staff_id,
            Booking.start_at,
            Booking.end_at,
        )
        .outerjoin(Booking, and_(ChangeLog.entity == "booking", Booking.id == ChangeLog.entity_id))
        .where(ChangeLog.seq > answer.cursor, ChangeLog.seq <= cursor)
        .limit(_CATCH_UP_LIMIT + 1)
    ).all()
    if len(changes) > _CATCH_UP_LIMIT:
        return None
    whole: set[int] = set()
    days: dict[int, set[date]] = {}
    staff_changed = False
    for entity, op, staff_id, previous_staff_id, booked_staff, start, end in changes:
        concerned = {sid for sid in (staff_id, previous_staff_id, booked_staff) if sid in answer.plans}
        if entity == "booking" and op == "annotated":
            continue  # the same clerk at the same time: no slot changes
        if entity == "booking" and op in ("created", "cancelled") and start is not None:
            lo_day, hi_day = _affected_days(start, end, answer.zone)
            for sid in concerned:
                days.setdefault(sid, set()).update(
                    d for d in days_between(lo_day, hi_day) if first_day <= d <= last_day
                )
        elif entity in ("booking", "absence"):
            whole |= concerned  # a move in time or to another clerk, or an absence: that clerk's window
        elif entity == "staff":
            staff_changed = True
        else:
            return None
    return whole, days, staff_changed


def _refresh(
    session: Session,
    service: Service,
    mode: str,
    answer: _Answer,
    cursor: int,
    first_day: date,
    last_day: date,
    *,
    now: datetime,
) -> _Answer | None:
    """The cached answer brought up to ``cursor`` and ``now``, clerk-day by clerk-day; None: recompute."""
    whole: set[int] = set()
    days: dict[int, set[date]] = {}
    plans = answer.plans
    dropped: set[int] = set()
    if answer.cursor != cursor:
        changed = _changed_clerk_days(session, answer, cursor, first_day, last_day)
        if changed is None:
            return None
        whole, days, staff_changed = changed
        if staff_changed:
            # Recompute only the clerks whose plan or qualification changed; drop those who left.
            plans = calendars.qualified_plans(session, service, mode)
            whole |= {sid for sid, plan in plans.items() if set(plan) != set(answer.plans.get(sid, ()))}
            dropped = set(answer.plans) - set(plans)
    for sid, clerk_holds in answer.holds.items():
        for expires, lo_day, hi_day in clerk_holds:
            if expires <= now:
                days.setdefault(sid, set()).update(
                    days_between(max(lo_day, first_day), min(hi_day, last_day))
                )
    horizon_until = answer.horizon_until
    horizon = now + timedelta(days=answer.rules.horizon_days)
    if horizon - horizon_until >= timedelta(minutes=1):  # a slot may start any minute past the old horizon
        reached = days_between(
            horizon_until.astimezone(answer.zone).date(), horizon.astimezone(answer.zone).date()
        )
        for sid in plans:
            days.setdefault(sid, set()).update(d for d in reached if first_day <= d <= last_day)
        horizon_until = horizon
    if not whole and not dropped and not any(days.values()):
        if cursor == answer.cursor and horizon_until == answer.horizon_until:
            return answer
        return replace(answer, cursor=cursor, horizon_until=horizon_until, plans=plans)
    per_clerk_day = dict(answer.per_clerk_day)
    holds = dict(answer.holds)
    touched_days: set[date] = set()
    for sid in dropped:
        touched_days.update(per_clerk_day.pop(sid, {}))
        holds.pop(sid, None)
    for sid in (whole | days.keys()) & plans.keys():
        if sid in whole:
            lo_day, hi_day = first_day, last_day
        elif days[sid]:
            lo_day, hi_day = min(days[sid]), max(days[sid])
        else:
            continue
        lo, _ = local_day_bounds(lo_day, answer.zone)
        _, hi = local_day_bounds(hi_day, answer.zone)
        [cal], raw_holds = calendars.calendars_with_holds(session, [sid], lo, hi, now=now, plans=plans)
        fresh = clerk_free_starts(
            answer.rules,
            cal,
            first_day=lo_day,
            last_day=hi_day,
            now=now,
            zone=answer.zone,
            closed_days=answer.closed,
        )
        clerk_days = {d: s for d, s in per_clerk_day.get(sid, {}).items() if not lo_day <= d <= hi_day}
        clerk_days.update(fresh)
        per_clerk_day[sid] = clerk_days
        # The holds of this clerk in the recomputed days are read again; lapsed ones drop out.
        kept = [h for h in holds.get(sid, []) if h[0] > now and not (lo_day <= h[1] and h[2] <= hi_day)]
        read = _holds_by_clerk(raw_holds, answer.zone)
        holds[sid] = kept + read.get(sid, [])
        touched_days.update(days_between(lo_day, hi_day))
    per_day = dict(answer.per_day)
    for day in touched_days:
        per_day[day] = _merged(per_clerk_day, day, answer.rules)
        if not per_day[day]:
            del per_day[day]
    return replace(
        answer,
        cursor=cursor,
        horizon_until=horizon_until,
        plans=plans,
        per_clerk_day=per_clerk_day,
        per_day=per_day,
        holds=holds,
    )


def _booking_query():  # type: ignore[no-untyped-def]
    return select(Booking).options(
        selectinload(Booking.service).selectinload(Service.group),
        selectinload(Booking.staff),
        selectinload(Booking.documents),
        selectinload(Booking.identity),
    )


def booking_by_reference(session: Session, reference: str) -> Booking:
    booking = session.scalar(_booking_query().where(Booking.reference == reference))
    if booking is None or booking.anonymised_at is not None:
        raise NotFound("No such booking.")
    return booking


def can_see(actor: Actor, booking: Booking) -> bool:
    """Clerks see their own bookings, supervisors their municipality's, admins all."""
    if actor.role == "admin":
        return True
    if actor.role == "supervisor":
        return booking.municipality_id == actor.municipality_id
    return actor.role == "clerk" and booking.staff_id == actor.id


def document_states(session: Session, booking_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Checklist states of many bookings as plain tuples: building ORM objects for 50,000 rows is slow."""
    states: dict[int, dict[str, str]] = {bid: {} for bid in booking_ids}
    for chunk_start in range(0, len(booking_ids), 900):
        chunk = booking_ids[chunk_start : chunk_start + 900]
        rows = session.execute(
            select(BookingDocument.booking_id, BookingDocument.code, BookingDocument.state).where(
                BookingDocument.booking_id.in_(chunk)
            )
        )
        for booking_id, code, state in rows:
            states[booking_id][code] = state
    return states


def bookings_in_range(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    staff_ids: Sequence[int] | None = None,
    municipality_id: int | None = None,
    include_cancelled: bool = True,
) -> Sequence[Booking]:
    query = _booking_query().where(
        Booking.start_at < end, Booking.end_at > start, Booking.anonymised_at.is_(None)
    )
    if staff_ids is not None:
        query = query.where(Booking.staff_id.in_(staff_ids))
    if municipality_id is not None:
        query = query.where(Booking.municipality_id == municipality_id)
    if not include_cancelled:
        query = query.where(Booking.status != "cancelled")
    return session.scalars(query.order_by(Booking.start_at, Booking.id)).all()


def bookings_with_states(
    session: Session, start: datetime, end: datetime, **filters: object
) -> list[tuple[Booking, dict[str, str]]]:
    """Bookings in a range with their checklist states, for list answers of thousands of rows."""
    query = select(Booking).options(
        selectinload(Booking.service).selectinload(Service.group),
        selectinload(Booking.staff),
        selectinload(Booking.identity),
    )
    query = query.where(Booking.start_at < end, Booking.end_at > start, Booking.anonymised_at.is_(None))
    staff_ids = filters.get("staff_ids")
    if staff_ids is not None:
        query = query.where(Booking.staff_id.in_(staff_ids))  # type: ignore[arg-type]
    if filters.get("municipality_id") is not None:
        query = query.where(Booking.municipality_id == filters["municipality_id"])
    if not filters.get("include_cancelled", True):
        query = query.where(Booking.status != "cancelled")
    rows = session.scalars(query.order_by(Booking.start_at, Booking.id)).all()
    states = document_states(session, [b.id for b in rows])
    return [(b, states[b.id]) for b in rows]


def staff_of_municipality(session: Session, municipality_id: int | None) -> Sequence[Staff]:
    query = select(Staff).where(Staff.active.is_(True)).order_by(Staff.display_name)
    if municipality_id is not None:
        query = query.where(Staff.municipality_id == municipality_id)
    return session.scalars(query).all()


def latest_cursor(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0))) or 0)


@dataclass(frozen=True)
class FeedItem:
    seq: int
    entity: str
    entity_id: int
    op: str
    reference: str | None
    booking: Booking | None  # current state when the reader may still see it
    version: int | None = None  # of a removed booking, so a client can tell older copies from newer


def changes_since(session: Session, actor: Actor, since: int, limit: int = 500) -> tuple[list[FeedItem], int]:
    """Changes after ``since`` that concern ``actor``, newest state of each booking, and the new cursor.

    A booking the reader can no longer see (cancelled, moved to another clerk) comes back with
    ``booking=None`` so the client drops it: a tombstone.
    """
    # Read the global end first: every seq up to it has committed (the change log is in commit
    # order), and the query below runs later, so it sees all of them that concern the reader.
    global_end = latest_cursor(session)
    query = select(ChangeLog).where(ChangeLog.seq > since).order_by(ChangeLog.seq).limit(limit)
    if actor.role == "clerk":
        query = query.where(or_(ChangeLog.staff_id == actor.id, ChangeLog.previous_staff_id == actor.id))
    elif actor.role == "supervisor":
        query = query.where(ChangeLog.municipality_id == actor.municipality_id)
    rows = session.scalars(query).all()
    if len(rows) == limit:
        cursor = rows[-1].seq
    else:
        # Nothing more of ours: skip past others' changes so the next poll does not re-scan them.
        cursor = max(rows[-1].seq if rows else since, global_end)
    if not rows:
        return [], cursor
    latest_per_entity: dict[tuple[str, int], ChangeLog] = {}
    for row in rows:
        latest_per_entity[(row.entity, row.entity_id)] = row
    booking_ids = [eid for (entity, eid) in latest_per_entity if entity == "booking"]
    bookings = {b.id: b for b in session.scalars(_booking_query().where(Booking.id.in_(booking_ids)))}
    items: list[FeedItem] = []
    for (entity, entity_id), row in sorted(latest_per_entity.items(), key=lambda kv: kv[1].seq):
        if entity == "booking":
            booking = bookings.get(entity_id)
            reference = booking.reference if booking is not None else None
            if booking is None or booking.anonymised_at is not None or not can_see(actor, booking):
                version = booking.version if booking is not None else None
                items.append(FeedItem(row.seq, entity, entity_id, "removed", reference, None, version))
            elif booking.status == "cancelled":
                items.append(FeedItem(row.seq, entity, entity_id, "cancelled", reference, booking))
            else:
                items.append(FeedItem(row.seq, entity, entity_id, "upsert", reference, booking))
        else:
            items.append(FeedItem(row.seq, entity, entity_id, row.op, None, None))
    return items, cursor


def day_range(first: date, last: date) -> tuple[date, date]:
    if last < first:
        first, last = last, first
    if (last - first).days > MAX_RANGE_DAYS:
        last = first + timedelta(days=MAX_RANGE_DAYS)
    return first, last
