"""The citizen booking form: server-rendered pages over the same guarded booking path as the API."""

from __future__ import annotations

# Page modules register themselves on ``bp`` when imported.
from service_api.web import (
    booking_flow,
    co_applicant,  # issue 18: joint appointments, the co-applicant's page
    login,
    manage,
    missed_you,  # issue 18: the «we missed you» links' pages
    my_bookings,  # issue 17: «Τα ραντεβού μου»
    preflight,  # issue 18: «test your connection»
    staff_password,  # issue 14: the set-password link's page
    waitlist,  # issue 17: join the waitlist, the offer e-mail's pages
)
from service_api.web.blueprint import bp

__all__ = [
    "booking_flow",
    "bp",
    "co_applicant",
    "login",
    "manage",
    "missed_you",
    "my_bookings",
    "preflight",
    "staff_password",
    "waitlist",
]
