"""A controllable 'now' for the booking service, starting on a working Tuesday."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
