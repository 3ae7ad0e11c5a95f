"""The «we missed you» links (issue 18): each opens a confirm page for one offered time, then reschedules
the missed appointment through the one reschedule path. A time taken meanwhile is refused kindly, with
the other offered times still free. No script needed; Greek and English."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, abort, redirect, request, url_for

from service_api.booking import no_show
from service_api.domain.errors import DomainError, NotFound, SlotUnavailable, VersionConflict
from service_api.domain.timeutil import ATHENS, zone_or_none
from service_api.rescue_links import RescueLinks
from service_api.runtime import runtime
from service_api.web.blueprint import bp
from service_api.web.common import format_when, lang, render, t


def _opened(reference: str) -> tuple[str, int, datetime, str]:
    """The link's reference, link version, offered time and token; a 404 page for anything else."""
    token = request.values.get("token", "")
    read = RescueLinks(runtime().config.secret_key).read(token)
    if read is None or read[0] != reference:
        abort(404)
    return (*read, token)


def _offer(reference: str, version: int) -> no_show.RescueOffer:
    rt = runtime()
    try:
        return no_show.open_offer(rt.bookings, rt.availability, reference=reference, link_version=version)
    except NotFound:
        abort(404)


def _others(
    reference: str, version: int, offer: no_show.RescueOffer, zone: ZoneInfo
) -> list[tuple[str, str]]:
    """The other offered times still free, each with its own signed link."""
    links = RescueLinks(runtime().config.secret_key)
    return [
        (
            format_when(start, zone),
            url_for(
                "web.missed_you",
                reference=reference,
                token=links.issue(reference, version, start),
                lang=lang(),
            ),
        )
        for start in offer.choices
    ]


def _closed(status: int = 200) -> Response:
    return render(
        "web/missed_you.html",
        status=status,
        state="closed",
        chosen="",
        others=[],
        token="",
        reference="",
        title=t("missed.title"),
    )


@bp.get("/missed/<reference>")
def missed_you(reference: str) -> Response:
    reference, version, start, token = _opened(reference)
    offer = _offer(reference, version)
    if offer.closed:
        return _closed()
    zone = zone_or_none(offer.timezone) or ATHENS
    free = start in offer.choices
    chosen = format_when(start, zone)
    return render(
        "web/missed_you.html",
        status=200 if free else 409,
        state="confirm" if free else "taken",
        chosen=chosen,
        others=[o for o in _others(reference, version, offer, zone) if o[0] != chosen],
        token=token,
        reference=reference,
        service_name=offer.service_name_en if lang() == "en" else offer.service_name_el,
        mode=offer.mode,
        title=t("missed.title"),
    )


@bp.post("/missed/<reference>")
def take_missed_you(reference: str) -> Response:
    reference, version, start, _token = _opened(reference)
    rt = runtime()
    try:
        booking = no_show.take_offer(rt.bookings, reference=reference, link_version=version, start=start)
    except NotFound:
        return _closed(404)
    except (SlotUnavailable, VersionConflict):
        # Taken meanwhile (or a second click): the page again, which now offers the others.
        return missed_you(reference)
    except DomainError:
        return _closed(409)
    manage = rt.manage_tokens.issue(booking.reference, booking.link_version)
    return redirect(  # type: ignore[return-value]
        url_for("web.manage", reference=booking.reference, token=manage, notice="rescheduled")
    )
