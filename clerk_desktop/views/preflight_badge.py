"""The booking panel's line about the citizen's connection check (issue 18).

It follows the selection and the store by itself, so the panel only places it: «✓ Ο πολίτης έλεγξε τη
σύνδεση (κάμερα ✓, μικρόφωνο ✓) στις 10:42», a warning naming what failed, or «Δεν έχει ελέγξει τη
σύνδεση»; nothing for an appointment in person.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from clerk_desktop.i18n import MESSAGES, tr
from clerk_desktop.models.booking import Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.preflight import ATHENS, Preflight
from clerk_desktop.models.selection import Selection
from clerk_desktop.models.wall_time import wall_clock
from clerk_desktop.views.plain_text import PlainLabel


def preflight_words(preflight: Preflight | None) -> tuple[str, bool]:
    """The line and whether it is good news (``badgeOk``) rather than something to watch (``badgeWarn``)."""
    if preflight is None:
        return tr("preflight.never"), False
    when = _when(preflight.checked_at)
    if preflight.ready:
        return tr("preflight.ready", when=when), True
    problems = []
    if preflight.browser != "ok":
        problems.append(tr("preflight.browser.unsupported"))
    for device in ("camera", "microphone"):
        state = getattr(preflight, device)
        key = f"preflight.{device}.{state}"
        problems.append(tr(key) if key in MESSAGES else tr(f"preflight.{device}.error"))
    return tr("preflight.problem", when=when, problems=", ".join(problems)), False


def _when(moment: datetime) -> str:
    """``10:42`` today, ``30/11 10:42`` on another day: a check from last week reads as such."""
    local = moment.astimezone(ATHENS)
    if local.date() == datetime.now(ATHENS).date():
        return wall_clock(local)
    return f"{local.day}/{local.month} {wall_clock(local)}"


class PreflightBadge(PlainLabel):
    """Shows the selected booking's check as the store holds it; hidden for bookings in person."""

    def __init__(self, store: BookingStore, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.store = store
        self.selection = selection
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        selection.changed.connect(self._selection_changed)
        store.booking_upserted.connect(self._booking_upserted)
        self.show_booking(store.get(selection.current) if selection.current else None)

    def _selection_changed(self, reference: str | None) -> None:
        self.show_booking(self.store.get(reference) if reference else None)

    def _booking_upserted(self, booking: Booking) -> None:
        if booking.reference == self.selection.current:
            self.show_booking(booking)

    def show_booking(self, booking: Booking | None) -> None:
        if booking is None or not booking.is_teleconference or booking.is_cancelled:
            self.setVisible(False)
            self.setText("")
            return
        text, good = preflight_words(booking.preflight)
        self.setText(text)
        self.setAccessibleName(text)
        self.setObjectName("badgeOk" if good else "badgeWarn")
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(True)
