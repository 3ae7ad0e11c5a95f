"""Keeping an outbox row's lease while it is worked on, and writing its outcome until the database answers.

A runner that loses its lease (a slow SMTP server outlasting it) lets another runner send the same
message again; a runner whose "done" write fails (the database restarting) sends it again after the
lease. Both were seen in production; these two helpers are the cure.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError

log = logging.getLogger(__name__)

T = TypeVar("T")

# The errors of a database that is restarting, unreachable or (SQLite) busy: worth waiting out.
TRANSIENT = (OperationalError, InterfaceError)


class LeaseKeeper:
    """Calls ``renew`` every ``every`` seconds on a thread of its own until the block ends."""

    def __init__(self, renew: Callable[[], object], every: float) -> None:
        self._renew = renew
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-lease", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._renew()
            except Exception as exc:
                # The lease may lapse; the outcome write waits for the database (see retry_write).
                log.warning("could not renew an outbox lease: %s", type(exc).__name__)


def retry_write(
    write: Callable[[], T],
    *,
    patience: float,
    first_delay: float = 0.2,
    max_delay: float = 5.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``write`` again after transient database errors, backing off, for at most ``patience`` seconds."""
    deadline = time.monotonic() + patience
    delay = first_delay
    while True:
        try:
            return write()
        except TRANSIENT as exc:
            if time.monotonic() + delay > deadline:
                raise
            log.warning("database unavailable (%s); writing again in %.1f s", type(exc).__name__, delay)
            sleep(delay)
            delay = min(max_delay, delay * 2)
