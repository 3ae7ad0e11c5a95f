"""The waitlist over the API (issue 17): a signed-in citizen joins the waitlist of a service and mode, or
leaves it. Offers come by e-mail; accepting one is the web page its link opens."""

from __future__ import annotations

from typing import Any

from flask import Response

from service_api.api.blueprint import bp
from service_api.api.helpers import current_citizen, parse_body
from service_api.api.schemas import WaitlistIn
from service_api.booking import waitlist
from service_api.booking.waitlist import Waiter, Wanted
from service_api.domain.rules import Mode
from service_api.domain.waitlist import PartOfDay
from service_api.models import WaitlistEntry
from service_api.runtime import runtime


def entry_json(entry: WaitlistEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "service_id": entry.service_id,
        "mode": entry.mode,
        "from": entry.first_day.isoformat(),
        "to": entry.last_day.isoformat(),
        "part_of_day": entry.part_of_day,
        "status": entry.status,
    }


@bp.get("/waitlist")
def my_waitlist() -> Any:
    """The signed-in citizen's open entries (waiting, or offered a time now)."""
    identity = current_citizen()
    rt = runtime()
    owner = waitlist.waiter_key(rt.bookings, Waiter(email=identity.email, afm=identity.afm))
    return {"entries": [entry_json(entry) for entry in waitlist.open_entries(rt.bookings, owner)]}


@bp.post("/waitlist")
def join_waitlist() -> Any:
    """201 with the entry; 409 when already waiting for it; 422 naming the rule a range breaks."""
    identity = current_citizen()
    body = parse_body(WaitlistIn)
    entry = waitlist.join(
        runtime().bookings,
        Wanted(body.service_id, Mode(body.mode), body.first, body.last, PartOfDay(body.part_of_day)),
        Waiter(
            email=identity.email,
            name=identity.name,
            afm=identity.afm,
            language=body.language,
            timezone=body.timezone,
        ),
    )
    return entry_json(entry), 201


@bp.delete("/waitlist/<int:entry_id>")
def leave_waitlist(entry_id: int) -> Any:
    """204; another citizen's entry is a 404, as if it did not exist. Leaving twice is harmless."""
    identity = current_citizen()
    rt = runtime()
    owner = waitlist.waiter_key(rt.bookings, Waiter(email=identity.email, afm=identity.afm))
    waitlist.leave(rt.bookings, entry_id, owner_key=owner)
    return Response(status=204)
