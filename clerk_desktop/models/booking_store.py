"""The clerk's bookings in memory: one source of truth that the week view, agenda and panel observe."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from clerk_desktop.models.booking import Booking


class BookingStore(QObject):
    """Holds bookings by reference; every change is announced so views redraw only what they must."""

    reset = Signal()
    booking_upserted = Signal(object)  # Booking
    booking_removed = Signal(str)
    calendar_changed = Signal()  # holidays, absences, working plan

    def __init__(self) -> None:
        super().__init__()
        self._bookings: dict[str, Booking] = {}
        self.holidays: dict[str, str] = {}  # ISO date → name
        self.absences: list[tuple[datetime, datetime, str]] = []
        self.working_periods: list[tuple[int, str, str]] = []
        self.offline = False
        # Each single change (from the feed, an action, a move) gets a number, so a range load that
        # was asked for before it cannot undo it when its older answer arrives (see ``mark``).
        self._changes = 0
        self._changed_at: dict[str, int] = {}

    def mark(self) -> int:
        """Take before asking the server for a range; hand to ``replace_range`` with its answer."""
        return self._changes

    def _note_change(self, reference: str) -> None:
        self._changes += 1
        self._changed_at[reference] = self._changes

    def replace_all(self, rows: list[dict[str, Any]]) -> None:
        self._bookings = {b.reference: b for b in (Booking.from_json(r) for r in rows)}
        self.reset.emit()

    def replace_range(
        self, start: datetime, end: datetime, bookings: list[Booking], *, as_of: int | None = None
    ) -> None:
        """What the server says a range holds, in one go: one ``reset`` instead of a signal per row.

        With ``as_of`` (a ``mark`` taken before the request), bookings changed since stay as they
        are: the answer may predate that change, and any later one arrives through the feed too.
        """

        def newer(reference: str) -> bool:
            return as_of is not None and self._changed_at.get(reference, 0) > as_of

        kept = {r: b for r, b in self._bookings.items() if not (b.start < end and b.end > start) or newer(r)}
        kept.update((b.reference, b) for b in bookings if not newer(b.reference))
        self._bookings = kept
        self.reset.emit()

    def upsert_json(self, row: dict[str, Any]) -> Booking:
        """Take a booking as the server sent it, unless what is held is a later version of it."""
        booking = Booking.from_json(row)
        held = self._bookings.get(booking.reference)
        if held == booking:
            return booking
        if held is not None and held.version > booking.version:
            return held  # an answer that left the server before the change already shown
        self._note_change(booking.reference)
        self._bookings[booking.reference] = booking
        self.booking_upserted.emit(booking)
        return booking

    def remove(self, reference: str) -> None:
        self._note_change(reference)
        if self._bookings.pop(reference, None) is not None:
            self.booking_removed.emit(reference)

    def get(self, reference: str) -> Booking | None:
        return self._bookings.get(reference)

    def between(self, start: datetime, end: datetime, *, include_cancelled: bool = True) -> list[Booking]:
        return sorted(
            (
                b
                for b in self._bookings.values()
                if b.start < end and b.end > start and (include_cancelled or not b.is_cancelled)
            ),
            key=lambda b: (b.start, b.reference),
        )

    def set_calendar(self, data: dict[str, Any]) -> None:
        self.holidays = {h["date"]: h["name"] for h in data.get("holidays", [])}
        self.absences = [
            (datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]), a.get("reason", ""))
            for a in data.get("absences", [])
        ]
        self.working_periods = [(p["weekday"], p["start"], p["end"]) for p in data.get("working_periods", [])]
        self.calendar_changed.emit()

    def __len__(self) -> int:
        return len(self._bookings)
