"""The selected booking's no-show rescue (issue 18): whether the clerk should be offered to call the citizen
or send «we missed you» now. A timer of its own fires at the moment the citizen counts as missing (and at
the end), so the offer appears on time even when nothing changes on the server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.rescue_info import RescueInfo, tel_url
from clerk_desktop.models.selection import Selection

# The timer never sleeps longer than this: a clock that jumps (suspend, a test) is caught up with soon.
MAX_SLEEP_MS = 60_000


@dataclass(frozen=True)
class RescueState:
    """What the rescue bar shows for the selected booking."""

    reference: str
    missing: bool  # offer the call and the e-mail now
    minutes: int
    phone: str
    tel_url: str
    has_email: bool
    sent_at: datetime | None
    attendance: str | None
    attended_seconds: int | None


def is_missing(booking: Booking, rescue: RescueInfo | None, now: datetime) -> bool:
    """Mirrors the server's rule (``domain/no_show.is_missing``): confirmed, not checked in, not seen in the
    meeting, from the service's minutes after the start until the end."""
    if rescue is None or rescue.due_at is None:
        return False
    return (
        booking.status == "confirmed"
        and not booking.checked_in
        and rescue.attendance != "joined"
        and rescue.due_at <= now < booking.end
    )


class RescueWatch(QObject):
    """Follows the selection and the store; emits ``changed`` with a ``RescueState`` (or None)."""

    changed = Signal(object)

    def __init__(
        self,
        store: BookingStore,
        selection: Selection,
        now: Callable[[], datetime] = lambda: datetime.now(ATHENS),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.selection = selection
        self.now = now
        self.state: RescueState | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        selection.changed.connect(lambda _ref: self.refresh())
        store.booking_upserted.connect(self._upserted)

    def _upserted(self, booking: Booking) -> None:
        if booking.reference == self.selection.current:
            self.refresh()

    def refresh(self) -> None:
        """Work the state out for now, tell the views when it changed, and wake at the next boundary."""
        reference = self.selection.current
        booking = self.store.get(reference) if reference else None
        now = self.now()
        state = self._state(booking, now) if booking is not None else None
        if state != self.state:
            self.state = state
            self.changed.emit(state)
        self._schedule(booking, now)

    def _state(self, booking: Booking, now: datetime) -> RescueState:
        rescue = booking.rescue
        return RescueState(
            reference=booking.reference,
            missing=is_missing(booking, rescue, now),
            minutes=rescue.minutes if rescue is not None else 0,
            phone=booking.citizen_phone,
            tel_url=tel_url(booking.citizen_phone),
            has_email=bool(booking.citizen_email.strip()),
            sent_at=rescue.missed_you_sent_at if rescue is not None else None,
            attendance=rescue.attendance if rescue is not None else None,
            attended_seconds=rescue.attended_seconds if rescue is not None else None,
        )

    def _schedule(self, booking: Booking | None, now: datetime) -> None:
        """Sleep until the booking becomes missing, or stops being so at its end."""
        self.timer.stop()
        if booking is None or booking.rescue is None or booking.rescue.due_at is None:
            return
        upcoming = [t for t in (booking.rescue.due_at, booking.end) if t > now]
        if not upcoming or booking.status != "confirmed":
            return
        wait_ms = int((min(upcoming) - now).total_seconds() * 1000) + 20
        self.timer.start(max(0, min(wait_ms, MAX_SLEEP_MS)))
