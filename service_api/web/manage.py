"""Manage a booking from the e-mail's link: see it, reschedule it (same booking), or cancel it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response, redirect, request, url_for

from service_api.booking import booking_reads, catalogue_reads
from service_api.domain.errors import DomainError, NotFound, SlotUnavailable, TimeNotOffered
from service_api.domain.needs import needs_from_json
from service_api.domain.policy import Actor
from service_api.domain.preflight import OPEN_STATUSES as CHECKABLE
from service_api.domain.rules import Mode, Status, can_change_time
from service_api.input_guard import in_era
from service_api.models import Booking, Municipality
from service_api.runtime import runtime
from service_api.security import PreflightLinks
from service_api.web import co_applicant, needs_form
from service_api.web.blueprint import bp
from service_api.web.booking_flow import calendar_context
from service_api.web.common import booking_zone, citizen_zone, format_when, render, t


def _open(reference: str, token: str) -> tuple[Booking, Municipality] | None:
    """The booking the signed token opens, or None: tampered, expired, old and unknown look the same."""
    rt = runtime()
    claim = rt.manage_tokens.read(token) if token and len(token) < 500 else None
    if claim is None or claim[0] != reference:
        return None
    with rt.store.read() as session_:
        try:
            booking = booking_reads.booking_by_reference(session_, reference)
        except NotFound:
            return None
        if booking.link_version != claim[1]:
            return None
        municipality = session_.get(Municipality, booking.municipality_id)
        assert municipality is not None
    return booking, municipality


def _cancellable(booking: Booking) -> bool:
    """A booking the citizen may still cancel: one they may move, or one waiting for its co-applicants
    (either side cancels a joint appointment for both; it cannot be moved until it stands)."""
    status = Status(booking.status)
    return can_change_time(status) or status == Status.AWAITING_CO_APPLICANT


def _refused() -> Response:
    return render(
        "web/message.html",
        status=404,
        heading=t("errors.link"),
        message=t("errors.link"),
        title=t("errors.link"),
    )


def _token() -> str:
    return request.values.get("token", "")


@bp.get("/m/<code>")
def manage_short(code: str) -> Response:
    """The short manage link of an SMS: on to the full link, or the refusal a bad link gets."""
    rt = runtime()

    def link_version_of(reference: str) -> int | None:
        with rt.store.read() as session_:
            try:
                booking = booking_reads.booking_by_reference(session_, reference)
            except NotFound:
                return None
            return booking.link_version if booking.anonymised_at is None else None

    opened = rt.manage_tokens.read_short(code, link_version_of) if len(code) <= 40 else None
    if opened is None:
        return _refused()
    reference, version = opened
    token = rt.manage_tokens.issue(reference, version)
    return redirect(url_for("web.manage", reference=reference, token=token))  # type: ignore[return-value]


@bp.get("/manage/<reference>")
def manage(reference: str) -> Response:
    opened = _open(reference, _token())
    if opened is None:
        return _refused()
    booking, municipality = opened
    action = request.args.get("action")
    if (action == "reschedule" and can_change_time(Status(booking.status))) or (
        action == "cancel" and _cancellable(booking)
    ):
        endpoint = "web.manage_reschedule" if action == "reschedule" else "web.manage_cancel"
        return redirect(url_for(endpoint, reference=reference, token=_token()))  # type: ignore[return-value]
    zone = citizen_zone() if request.args.get("tz") else booking_zone(booking)
    return render(
        "web/manage.html",
        booking=booking,
        municipality=municipality,
        token=_token(),
        when=format_when(booking.start_at, zone),
        changeable=can_change_time(Status(booking.status)),
        cancellable=_cancellable(booking),
        notice=request.args.get("notice"),
        title=t("manage.title"),
        needs_lines=needs_form.summary_lines(booking.needs),  # issue 18
        preflight_url=_preflight_url(booking),
        co_waiting=co_applicant.waiting_text(booking),  # for whom the time is held, and until when
    )


def _preflight_url(booking: Booking) -> str:
    """Issue 18: a teleconference still ahead links to «test your connection», as its e-mails do."""
    if booking.mode != Mode.TELECONFERENCE.value or booking.status not in CHECKABLE:
        return ""
    return url_for("web.preflight", code=PreflightLinks(runtime().config.secret_key).code(booking.reference))


@bp.get("/manage/<reference>/reschedule")
def manage_reschedule(reference: str) -> Response:
    opened = _open(reference, _token())
    if opened is None:
        return _refused()
    booking, municipality = opened
    if not can_change_time(Status(booking.status)):
        return render(
            "web/message.html", heading=t("manage.not_changeable"), message=t("manage.not_changeable")
        )
    zone = citizen_zone() if request.args.get("tz") else booking_zone(booking)
    token = _token()

    def link(**args: str) -> str:
        params: dict[str, Any] = {"reference": reference, "token": token, **args}
        return url_for("web.manage_reschedule", **params) + "#times"

    with runtime().store.read() as session_:
        service = catalogue_reads.service_by_id(session_, booking.service_id)
    # Issue 18: the booking's needs decide which times it may move to (the booking path re-checks).
    context = calendar_context(service, booking.mode, zone, link, needs_from_json(booking.needs))
    return render(
        "web/when.html",
        municipality=municipality,
        service=service,
        mode=booking.mode,
        group=None,
        step=None,
        minutes=int((booking.end_at - booking.start_at).total_seconds() // 60),  # with any extra time
        title=t("manage.reschedule_title"),
        heading=t("manage.reschedule_title"),
        action=url_for("web.manage_reschedule_post", reference=reference),
        token=token,
        current=format_when(booking.start_at, zone),
        message=request.args.get("message"),
        failed=bool(request.args.get("message")),
        **context,
    )


@bp.post("/manage/<reference>/reschedule")
def manage_reschedule_post(reference: str) -> Response:
    opened = _open(reference, _token())
    if opened is None:
        return _refused()
    booking, _municipality = opened
    try:
        start = datetime.fromisoformat(request.form.get("start", ""))
        if start.tzinfo is None or not in_era(start):  # year 1 or 9999 overflows converting to UTC
            raise ValueError
        moved = runtime().bookings.reschedule(
            reference, start, Actor.citizen(), expected_version=booking.version
        )
    except (ValueError, SlotUnavailable, TimeNotOffered) as refused:
        said = f"when.not_offered.{refused.problem}" if isinstance(refused, TimeNotOffered) else "when.taken"
        return redirect(
            url_for(
                "web.manage_reschedule",
                reference=reference,
                token=_token(),  # type: ignore[return-value]
                month=request.form.get("month", ""),
                message=t(said),
            )
        )
    except DomainError as exc:
        return render("web/message.html", status=409, heading=t("manage.not_changeable"), message=exc.message)
    new_token = runtime().manage_tokens.issue(moved.reference, moved.link_version)
    return redirect(url_for("web.manage", reference=reference, token=new_token, notice="rescheduled"))  # type: ignore[return-value]


@bp.route("/manage/<reference>/cancel", methods=["GET", "POST"])
def manage_cancel(reference: str) -> Response:
    opened = _open(reference, _token())
    if opened is None:
        return _refused()
    booking, municipality = opened
    zone = booking_zone(booking)
    if request.method == "POST":
        try:
            runtime().bookings.cancel(reference, Actor.citizen(), reason="cancelled_by_citizen")
        except DomainError as exc:
            return render(
                "web/message.html", status=409, heading=t("manage.not_changeable"), message=exc.message
            )
        return render(
            "web/message.html",
            heading=t("manage.cancelled"),
            message=t("manage.cancelled"),
            new_booking=True,
            title=t("manage.cancelled"),
        )
    if not _cancellable(booking):
        return render(
            "web/message.html", heading=t("manage.not_changeable"), message=t("manage.not_changeable")
        )
    return render(
        "web/cancel.html",
        booking=booking,
        municipality=municipality,
        token=_token(),
        when=format_when(booking.start_at, zone),
        title=t("manage.cancel_title"),
    )
