"""The one write of the connection check (issue 18): a citizen's result stored on their booking.

The change log carries it, so an open desktop shows «ο πολίτης έλεγξε τη σύνδεση» within a poll.
"""

from __future__ import annotations

from service_api.booking import journal, transaction
from service_api.booking.service import BookingService
from service_api.domain.kinds import ChangeOp
from service_api.domain.policy import Actor
from service_api.domain.preflight import PreflightResult, check_may_record
from service_api.models import Booking


def record_preflight(bookings: BookingService, *, reference: str, result: PreflightResult) -> Booking:
    """Keep the latest check of ``reference`` (a teleconference still ahead); the citizen is the actor."""
    now = bookings.clock()
    with bookings.transaction() as session:
        booking = transaction.booking_for_update(session, reference=reference)
        check_may_record(booking.mode, booking.status)
        booking.preflight_checked_at = now
        booking.preflight_browser = result.browser.value
        booking.preflight_camera = result.camera.value
        booking.preflight_microphone = result.microphone.value
        transaction.touch(booking, now=now)
        journal.audit(
            session,
            Actor.citizen(),
            "preflight",
            booking,
            browser=result.browser.value,
            camera=result.camera.value,
            microphone=result.microphone.value,
        )
        journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
        return booking
