"""The objects one service process shares between requests: store, booking service, caches, change waiter."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask, current_app

from service_api import metrics
from service_api.auth.staff_tokens import StaffAuth
from service_api.booking.availability_cache import AvailabilityCache
from service_api.booking.clerk_actions import ClerkActions
from service_api.booking.journal import NOTIFY_CHANNEL
from service_api.booking.service import BookingService
from service_api.config import Config
from service_api.db import Store
from service_api.security import ManageTokens

log = logging.getLogger(__name__)

# Without a NOTIFY (SQLite, or another process wrote), long-polls still look this often.
POLL_SECONDS = 0.25


class ChangeWaiter:
    """Wakes long-polling change-feed requests when a change is committed anywhere.

    In-process commits call ``notify``; on PostgreSQL a listener thread turns ``NOTIFY`` from any
    service process into the same wake-up, so several processes behave as one service.
    """

    def __init__(self, store: Store) -> None:
        self._condition = threading.Condition()
        self._generation = 0
        self._store = store
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()
        self._waiting = 0

    def notify(self) -> None:
        with self._condition:
            self._generation += 1
            self._condition.notify_all()

    def generation(self) -> int:
        with self._condition:
            return self._generation

    def wait(self, seen_generation: int, timeout: float) -> None:
        """Return after a wake-up newer than ``seen_generation``, or a short poll interval at most."""
        self._ensure_listener()
        with self._condition:
            self._waiting += 1
            try:
                with metrics.changefeed_waiting():
                    self._condition.wait_for(
                        lambda: self._generation != seen_generation, min(timeout, POLL_SECONDS * 4)
                    )
            finally:
                self._waiting -= 1

    @property
    def waiting(self) -> int:
        """Requests waiting for a change right now (long-polls): what monitoring and tests can watch."""
        with self._condition:
            return self._waiting

    def _ensure_listener(self) -> None:
        if not self._store.is_postgres or self._listener is not None:
            return
        with self._condition:
            if self._listener is None:
                self._listener = threading.Thread(target=self._listen, name="change-listener", daemon=True)
                self._listener.start()

    def _listen(self) -> None:
        import psycopg

        dsn = self._store.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.notify()
            except Exception:  # the database restarted: listen again, polls cover the gap
                log.warning("change listener lost its connection; reconnecting", exc_info=True)
                self._stop.wait(1.0)

    def close(self) -> None:
        self._stop.set()


class Admission:
    """At most ``slots`` writing requests of a process run at once; the others wait their turn asleep.

    A worker keeps many threads so that long-polling desktops do not starve citizens, but a dozen
    threads all writing at once fight over the interpreter lock while holding clerk locks and
    transactions open: throughput falls and every write gets slower. Waiting requests here hold
    no lock and no connection. (The app admits only writes; a request that waits for something
    else can give its slot back with ``paused``.)
    """

    def __init__(self, slots: int) -> None:
        self._free = max(1, slots)
        self._queue: deque[threading.Event] = deque()
        self._lock = threading.Lock()
        self._held = threading.local()

    def enter(self) -> None:
        """Take a slot, or wait in line: first come, first served, so no request starves."""
        if getattr(self._held, "value", False):
            return
        with self._lock:
            if self._free and not self._queue:
                self._free -= 1
                turn = None
            else:
                turn = threading.Event()
                self._queue.append(turn)
        if turn is not None:
            turn.wait()  # the slot is handed over by ``leave``
        self._held.value = True

    @property
    def waiting(self) -> int:
        """Requests in line for a slot right now."""
        with self._lock:
            return len(self._queue)

    def leave(self) -> None:
        if not getattr(self._held, "value", False):
            return
        self._held.value = False
        with self._lock:
            if self._queue:
                self._queue.popleft().set()
            else:
                self._free += 1

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Give the slot back while this request only waits (for a change, for another service).

        Never inside an open write transaction: taking the slot back waits for others, who may in
        turn wait for that transaction's locks.
        """
        held = getattr(self._held, "value", False)
        self.leave()
        try:
            yield
        finally:
            if held:
                self.enter()


@dataclass
class Runtime:
    config: Config
    store: Store
    bookings: BookingService
    manage_tokens: ManageTokens
    waiter: ChangeWaiter
    auth: StaffAuth
    admission: Admission
    clerk_actions: ClerkActions
    availability: AvailabilityCache = field(default_factory=AvailabilityCache)

    @classmethod
    def build(cls, config: Config) -> Runtime:
        store = Store(config.database_url)
        bookings = BookingService(store, config)
        waiter = ChangeWaiter(store)
        bookings.after_commit.append(waiter.notify)
        return cls(
            config,
            store,
            bookings,
            ManageTokens(config.secret_key),
            waiter,
            StaffAuth(store, config),
            Admission(config.active_requests),
            ClerkActions(bookings),
        )

    def warm_caches(self) -> int:
        """Work out every service's availability before the process takes requests, so the first
        citizen of the day is not the one who waits for the full computation."""
        started = time.perf_counter()
        try:
            with self.store.read() as session:
                made = self.availability.warm(session, now=self.bookings.clock())
        except Exception:  # only a head start: requests compute what is missing
            log.exception("working out availability ahead failed; requests will do it")
            return 0
        log.info("availability of %d services and modes ready in %.2f s", made, time.perf_counter() - started)
        return made

    def prepare_to_serve(self) -> None:
        """Once per server process, before its first request: warm the caches, then freeze the heap.

        What exists now (modules, catalogue, those answers) lives as long as the process. Frozen,
        the collector's full passes skip it: a cold answer's ten thousand short-lived objects used
        to trigger passes over the whole heap that tripled its time now and then. (Not for tests:
        frozen objects are never collected.)
        """
        self.warm_caches()
        gc.collect()
        gc.freeze()


def init_app(app: Flask, runtime: Runtime) -> None:
    app.extensions["dimos"] = runtime


def runtime() -> Runtime:
    value: Runtime = current_app.extensions["dimos"]
    return value
