"""The availability answers one service process keeps between requests, and their lock discipline.

One ``AvailabilityCache`` per runtime (``Runtime.availability``). It keeps an answer per service and
mode over the whole bookable window, brings it up to date before every read and hands out slices of
it; see docs/architecture.md, "The availability cache", for why it is never optimistic.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_left
from collections import OrderedDict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from service_api import metrics
from service_api.booking import needs_reads
from service_api.booking.availability_answer import (
    AvailabilityAnswer,
    Window,
    caught_up,
    compute_answer,
    moved_window,
)
from service_api.booking.change_feed import latest_cursor
from service_api.domain import needs as needs_rules
from service_api.domain.availability import Slot
from service_api.domain.needs import NO_NEEDS, Needs
from service_api.domain.timeutil import days_between
from service_api.models import Service

log = logging.getLogger(__name__)

CACHE_SIZE = 256
MAX_AGE = timedelta(hours=6)  # belt and braces: a full recomputation now and then, in the background

Key = tuple[int, str, int]  # service id, mode, extra minutes (a citizen's extra time, issue 18)


class AvailabilityCache:
    """Answers per service and mode, at most ``CACHE_SIZE``, least recently used dropped first."""

    def __init__(self) -> None:
        self._answers: OrderedDict[Key, AvailabilityAnswer] = OrderedDict()
        self._lock = threading.Lock()
        # One full computation per key at a time: after a cold start the other requests wait for it
        # instead of all reading the same ten thousand bookings at once.
        self._computing: dict[Key, threading.Lock] = {}
        # Bumped when the cache is cleared: a background computation started before must not put its
        # answer back (tests reset the database, and its change-log numbering, under the same URL).
        self._generation = 0

    def slots(
        self,
        session: Session,
        service: Service,
        mode: str,
        first_day: date,
        last_day: date,
        *,
        now: datetime,
        needs: Needs = NO_NEEDS,
    ) -> list[Slot]:
        """Free slots over local days of the service's municipality, with capacity per slot.

        A cached answer is never optimistic: any booking committed since moves the cursor and its
        clerk-day is recomputed before answering, so a taken slot is never offered; slots that became
        too soon are filtered out. ``needs`` (issue 18): extra time is an answer of its own, for the
        longer slot; an interpreter or sign language keeps only the clerks who offer it.
        """
        extra = needs_rules.extra_minutes(needs, service.extra_time_minutes)
        slots = self._slots(session, service, mode, first_day, last_day, now=now, extra=extra)
        return needs_reads.only_qualifying(session, slots, needs, municipality_id=service.municipality_id)

    def _slots(
        self,
        session: Session,
        service: Service,
        mode: str,
        first_day: date,
        last_day: date,
        *,
        now: datetime,
        extra: int,
    ) -> list[Slot]:
        if mode not in service.modes:
            return []
        # Local days of any zone lie within a day of the UTC date: widen by one on each side.
        window = (now.date() - timedelta(days=2), now.date() + timedelta(days=service.horizon_days + 2))
        cursor = latest_cursor(session)
        key = (service.id, mode, extra)
        with self._lock:
            answer = self._answers.get(key)
        if answer is not None and now - answer.computed_at > MAX_AGE:
            self._recompute_in_background(session.get_bind().engine, key, window, now)
        if answer is not None and answer.window != window:
            answer = moved_window(session, answer, window)
        if answer is not None:
            answer = caught_up(session, service, mode, answer, cursor=cursor, now=now)
        metrics.availability_lookup(hit=answer is not None)
        if answer is None:
            answer = self._compute_once(session, service, mode, window, key, cursor=cursor, now=now)
        self._keep(key, answer)
        first, last = max(first_day, window[0]), min(last_day, window[1])
        slots = [slot for day in days_between(first, last) for slot in answer.per_day.get(day, ())]
        earliest = now + timedelta(minutes=service.lead_time_minutes)
        return slots[bisect_left(slots, earliest, key=lambda slot: slot.start) :]

    def compute(
        self,
        session: Session,
        service: Service,
        mode: str,
        *,
        window: Window,
        cursor: int,
        now: datetime,
        extra_minutes: int = 0,
    ) -> AvailabilityAnswer:
        """A whole answer afresh: the expensive step, one method so tests can count or slow it."""
        return compute_answer(
            session, service, mode, window=window, cursor=cursor, now=now, extra_minutes=extra_minutes
        )

    def warm(self, session: Session, *, now: datetime, budget_seconds: float = 20.0) -> int:
        """Compute active services' availability in every mode, so no citizen waits for it.

        Called once per server process before it takes requests; returns how many answers it made.
        Bounded by time (gunicorn counts this against its worker timeout) and by half the cache, so a
        very large catalogue is warmed in part and the rest computed on first request.
        """
        deadline = time.monotonic() + budget_seconds
        made = 0
        for service in session.scalars(select(Service).where(Service.active).order_by(Service.id)).all():
            for mode in service.modes:
                if made >= CACHE_SIZE // 2 or time.monotonic() > deadline:
                    log.warning(
                        "availability warmed for %d services and modes only (time or cache bound)", made
                    )
                    return made
                self.slots(session, service, mode, now.date(), now.date(), now=now)
                made += 1
        return made

    def clear(self) -> None:
        """Forget every answer, and any background computation under way: for a database reset."""
        with self._lock:
            self._answers.clear()
            self._generation += 1

    def busy(self) -> bool:
        """Whether a full computation (in a request or in the background) is under way."""
        with self._lock:
            return bool(self._computing)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no full computation is under way; False if one still is after ``timeout``."""
        deadline = time.monotonic() + timeout
        while self.busy():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _keep(self, key: Key, answer: AvailabilityAnswer, generation: int | None = None) -> None:
        """Cache an answer, unless one computed afresh more recently is there (it catches up itself)."""
        with self._lock:
            if generation is not None and generation != self._generation:
                return
            held = self._answers.get(key)
            if held is not None and held.computed_at > answer.computed_at:
                return
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > CACHE_SIZE:
                self._answers.popitem(last=False)

    def _recompute_in_background(self, engine: Engine, key: Key, window: Window, now: datetime) -> None:
        """The safety net: the whole answer computed again on a thread of its own, once at a time.

        Requests meanwhile use the caught-up answer, which is correct by construction; this only
        guards against a change that bypassed the change log (an edit made directly in the database).
        """
        service_id, mode, extra = key
        with self._lock:
            lock = self._computing.setdefault(key, threading.Lock())
            generation = self._generation
        if not lock.acquire(blocking=False):
            return  # already being computed

        def run() -> None:
            try:
                with Session(engine) as session:
                    service = session.get(Service, service_id)
                    if service is not None and service.active and mode in service.modes:
                        cursor = latest_cursor(session)
                        fresh = self.compute(
                            session, service, mode, window=window, cursor=cursor, now=now, extra_minutes=extra
                        )
                        self._keep(key, fresh, generation)
            except Exception:  # the stale-but-caught-up answer stays; the next request tries again
                log.exception("recomputing availability in the background failed")
            finally:
                lock.release()
                self._done_computing(key, lock)

        threading.Thread(target=run, name="availability-recompute", daemon=True).start()

    def _compute_once(
        self,
        session: Session,
        service: Service,
        mode: str,
        window: Window,
        key: Key,
        *,
        cursor: int,
        now: datetime,
    ) -> AvailabilityAnswer:
        with self._lock:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                done = self._answers.get(key)
            if (
                done is not None
                and done.window == window
                and done.cursor >= cursor
                and abs(now - done.computed_at) <= MAX_AGE
            ):
                return done  # another request computed it while this one waited
            answer = self.compute(
                session, service, mode, window=window, cursor=cursor, now=now, extra_minutes=key[2]
            )
            self._keep(key, answer)  # before the lock opens, so the waiting requests find it
        self._done_computing(key, lock)
        return answer

    def _done_computing(self, key: Key, lock: threading.Lock) -> None:
        with self._lock:
            if self._computing.get(key) is lock:  # not a newer computation's lock
                del self._computing[key]
