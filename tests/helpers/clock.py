"""A controllable 'now' for the booking service, starting on a working Tuesday."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

# Tuesday 1 December 2026, 08:00 in Athens: a working day with the whole month ahead.
T0 = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


class Clock:
    """A controllable 'now' for the booking service."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def catch_up_with_real_time(world: Any) -> None:
    """Move the test clock to the real time if that has passed it: ``journal.enqueue`` stamps outbox
    rows with the real time while the job runner reads the test clock, so on a machine whose clock is
    past ``T0`` the rows would never be due."""
    clock = world.rt.bookings.clock
    if isinstance(clock, Clock):
        clock.now = max(clock.now, datetime.now(UTC))
