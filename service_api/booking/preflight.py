"""The one write of the connection check (issue 18): a citizen's result stored on their booking.

The change log carries it, so an open desktop shows «ο πολίτης έλεγξε τη σύνδεση» within a poll.
It does not bump ``booking.version``: it is the citizen's note beside the booking, and a bump would
make the clerk's next save (notes, a new time), sent with the version they loaded, fail with 409.
The desktop takes a feed row of the same version as the newer one, so it still follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from service_api.booking import journal, transaction
from service_api.booking.service import BookingService
from service_api.domain.kinds import ChangeOp
from service_api.domain.policy import Actor
from service_api.domain.preflight import PreflightResult, check_may_record, should_store, stored_result
from service_api.models import Booking


@dataclass(frozen=True)
class Recorded:
    """The booking after a check, and whether this result was written (see ``should_store``)."""

    booking: Booking
    stored: bool


def record_preflight(bookings: BookingService, *, reference: str, result: PreflightResult) -> Recorded:
    """Keep the latest check of ``reference`` (a teleconference still ahead); the citizen is the actor.

    An unchanged result, or one within a minute of the last write, is answered without a write.
    """
    now = bookings.clock()
    with bookings.transaction() as session:
        booking = transaction.booking_for_update(session, reference=reference)
        check_may_record(booking.mode, booking.status)
        previous = stored_result(
            booking.preflight_browser, booking.preflight_camera, booking.preflight_microphone
        )
        if not should_store(previous, booking.preflight_checked_at, result, now):
            return Recorded(booking, stored=False)
        booking.preflight_checked_at = now
        booking.preflight_browser = result.browser.value
        booking.preflight_camera = result.camera.value
        booking.preflight_microphone = result.microphone.value
        booking.updated_at = now  # not ``transaction.touch``: the version stays (see above)
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
        return Recorded(booking, stored=True)
