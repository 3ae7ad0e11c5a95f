"""No-show rescue from the desk (issue 18): send the «we missed you» e-mail with the next free times."""

from __future__ import annotations

from typing import Any

from service_api.api.blueprint import bp
from service_api.api.helpers import staff_required
from service_api.api.staff import staff_booking_view
from service_api.booking import no_show
from service_api.domain.policy import CALENDAR_ROLES, Actor
from service_api.runtime import runtime


@bp.post("/bookings/<reference>/missed-you")
@staff_required(*CALENDAR_ROLES)
def missed_you(reference: str, actor: Actor) -> Any:
    """The booking's clerk or a supervisor; 409 when it is not missing or the e-mail already went."""
    rt = runtime()
    no_show.send_missed_you(rt.bookings, rt.availability, reference=reference, actor=actor)
    return staff_booking_view(reference, actor)
