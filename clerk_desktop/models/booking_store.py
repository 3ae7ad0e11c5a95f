"""The clerk's bookings in memory: one source of truth that the week view, agenda and panel observe."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from clerk_desktop.models.booking import Booking
from clerk_desktop.models.freshness import Freshness


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
        # Single arrivals (feed, action, move) are noted, so an older answer cannot undo them.
        self._freshness = Freshness()

    def mark(self) -> int:
        """Take before asking the server for a range; hand to ``replace_range`` with its answer."""
        return self._freshness.mark()

    def replace_all(self, rows: list[dict[str, Any]]) -> None:
        self._bookings = {b.reference: b for b in (Booking.from_json(r) for r in rows)}
        self.reset.emit()

    def replace_range(
        self, start: datetime, end: datetime, bookings: list[Booking], *, as_of: int | None = None
    ) -> None:
        """What the server (or the cache) says a range holds, in one go: one ``reset``, not a signal per row.

        With ``as_of`` (a ``mark`` taken before the request), bookings that arrived singly since
        stay as they are: the answer may predate them, and anything later comes through the feed.
        A booking held in a later version than the answer's is kept too, and a removed one stays
        removed.
        """
        newer = self._freshness.changed_since(as_of) if as_of is not None else set()
        held = self._bookings
        kept = {r: b for r, b in held.items() if not (b.start < end and b.end > start) or r in newer}
        for booking in bookings:
            reference = booking.reference
            if reference in newer or self._freshness.is_removed(reference, booking.version):
                continue
            if booking.is_abandoned_hold:
                kept.pop(reference, None)
                continue
            current = held.get(reference)
            kept[reference] = (
                current if current is not None and current.version > booking.version else booking
            )
        self._bookings = kept
        self.reset.emit()

    def upsert_json(self, row: dict[str, Any]) -> Booking:
        """Take a booking as the server sent it, unless a later version is held or it was removed since."""
        booking = Booking.from_json(row)
        self._freshness.note(booking.reference)  # even if unchanged: an older range answer must not undo it
        if self._freshness.is_removed(booking.reference, booking.version):
            return booking  # an answer that left the server before the feed removed it
        held = self._bookings.get(booking.reference)
        if held == booking:
            return booking
        if held is not None and held.version > booking.version:
            return held  # an answer that left the server before the change already shown
        if booking.is_abandoned_hold:
            self.remove(booking.reference, booking.version)  # a hold that lapsed or was given back
            return booking
        self._bookings[booking.reference] = booking
        self.booking_upserted.emit(booking)
        return booking

    def remove(self, reference: str, version: int = 0) -> None:
        """The feed's tombstone; ``version`` (0 if unknown) keeps older answers from bringing it back."""
        self._freshness.note_removed(reference, version)
        if self._bookings.pop(reference, None) is not None:
            self.booking_removed.emit(reference)

    def drop_lapsed_holds(self, now: datetime) -> list[str]:
        """Forget holds whose time to confirm has passed; the window's clock calls this on each tick.

        The server frees a lapsed hold lazily (when someone needs the slot), so no change reaches the
        feed when a citizen abandons the web form: the desktop, which knows the hold's expiry, drops
        it itself, and notes it removed at its version, so a reload that still lists it as held does
        not bring it back (a confirmation has a newer version and would).
        """
        lapsed = [b for b in self._bookings.values() if b.hold_lapsed(now)]
        for booking in lapsed:
            self.remove(booking.reference, booking.version)
        return [b.reference for b in lapsed]

    def clear(self) -> None:
        """Forget everything held (the sign-in ended): one ``reset`` and one ``calendar_changed``."""
        self._bookings = {}
        self.holidays, self.absences, self.working_periods = {}, [], []
        self.offline = False
        self._freshness = Freshness()
        self.reset.emit()
        self.calendar_changed.emit()

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
