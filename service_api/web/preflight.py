"""The «test your connection» page of a teleconference (issue 18): ``/t/<code>`` from the e-mails.

The page checks the browser, camera and microphone in the citizen's browser (``static/preflight.js``)
and posts the result here; the booking keeps it (``booking/preflight.py``) and the clerk's desktop
shows it. The short code opens this check and nothing else, so it shows no personal data.
"""

from __future__ import annotations

from flask import Response, jsonify, request

from service_api.booking import booking_reads
from service_api.booking.preflight import record_preflight
from service_api.domain.errors import DomainError, NotFound
from service_api.domain.preflight import OPEN_STATUSES, joins_with_teams, parse_result
from service_api.domain.rules import Mode, Status
from service_api.models import Booking, Municipality
from service_api.runtime import runtime
from service_api.security import PreflightLinks
from service_api.web.blueprint import bp
from service_api.web.common import booking_zone, format_when, render, t

MAX_CODE = 40


def _open(code: str) -> tuple[Booking, Municipality] | None:
    """The teleconference still ahead that ``code`` names, or None: tampered, unknown, cancelled,
    closed or in person all look the same."""
    rt = runtime()
    reference = PreflightLinks(rt.config.secret_key).read(code) if len(code) <= MAX_CODE else None
    if reference is None:
        return None
    with rt.store.read() as session_:
        try:
            booking = booking_reads.booking_by_reference(session_, reference)
        except NotFound:
            return None
        if (
            booking.anonymised_at is not None
            or booking.mode != Mode.TELECONFERENCE.value
            or Status(booking.status) not in OPEN_STATUSES
        ):
            return None
        municipality = session_.get(Municipality, booking.municipality_id)
        assert municipality is not None
    return booking, municipality


def _refused() -> Response:
    return render("web/message.html", status=404, heading=t("errors.link"), message=t("errors.link"))


# How to join: Teams offers its app and lets guests in from a lobby; a plain browser meeting (Jitsi)
# has neither, and its citizen must not look for screens it never shows.
TEAMS_STEPS = tuple(f"preflight.join.{n}" for n in range(1, 7))
BROWSER_STEPS = (
    "preflight.join.1",
    "preflight.join.2",
    "preflight.join.4",
    "preflight.browser.5",
    "preflight.browser.6",
)


@bp.get("/t/<code>")
def preflight(code: str) -> Response:
    opened = _open(code)
    if opened is None:
        return _refused()
    booking, municipality = opened
    zone = booking_zone(booking)
    last = booking.preflight_checked_at
    teams = joins_with_teams(booking.meeting_url or "", runtime().config.meeting_provider)
    return render(
        "web/preflight.html",
        teams=teams,
        join_steps=TEAMS_STEPS if teams else BROWSER_STEPS,
        booking=booking,
        municipality=municipality,
        code=code,
        when=format_when(booking.start_at, zone),
        last=format_when(last, zone) if last is not None else "",
        title=t("preflight.title"),
    )


@bp.post("/t/<code>")
def preflight_result(code: str) -> Response:
    """The page's result: CSRF-checked (the form's token), rate limited (``app.RATE_LIMITS``), validated
    by the domain; a refusal is a 4xx with ``{"error", "message"}`` that the page words itself."""
    opened = _open(code)
    if opened is None:
        return _json_error("not_found", "No such booking.", 404)
    booking, _municipality = opened
    try:
        result = parse_result({k: v for k, v in request.form.items() if isinstance(v, str)})
        recorded = record_preflight(runtime().bookings, reference=booking.reference, result=result)
    except DomainError as refused:
        return _json_error(refused.code, refused.message, refused.status)
    stored = recorded.booking
    # ``saved`` false: unchanged, or a second result within a minute (``domain.preflight.RECORD_EVERY``).
    return jsonify(
        {
            "saved": recorded.stored,
            "ready": result.ready,
            "checked_at": stored.preflight_checked_at.isoformat() if stored.preflight_checked_at else None,
        }
    )


def _json_error(code: str, message: str, status: int) -> Response:
    response = jsonify({"error": code, "message": message})
    response.status_code = status
    return response
