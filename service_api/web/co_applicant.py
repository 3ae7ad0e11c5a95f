"""Joint appointments (issue 18) in the citizen form: the co-applicant fields of the details page,
and the co-applicant's own page (from the invitation's signed link) to sign in, confirm or cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, abort, redirect, request, session, url_for

from service_api.booking import booking_reads
from service_api.booking import co_applicant_rows as co_rows
from service_api.booking.co_applicants import CoApplicants, SignedIn
from service_api.co_applicant_links import CoApplicantLinks
from service_api.domain import co_applicants as co_rules
from service_api.domain.co_applicants import CoApplicantIn, CoApplicantStatus
from service_api.domain.errors import DomainError, NotFound
from service_api.domain.rules import Status
from service_api.domain.timeutil import wall_clock
from service_api.models import Booking, BookingCoApplicant
from service_api.runtime import runtime
from service_api.web.blueprint import bp
from service_api.web.common import booking_zone, citizen, format_day, format_when, render, t
from service_api.web.server_session import new_session


# ----------------------------------------------------------------- the details page
def form_entries(form: dict[str, str], service: Any) -> list[CoApplicantIn]:
    """The co-applicants typed on the details page (``co_email_1``, ``co_name_1``, ...), blanks left out."""
    entries = []
    for n in range(1, int(service.co_applicants or 0) + 1):
        email, name = form.get(f"co_email_{n}", "").strip(), form.get(f"co_name_{n}", "").strip()
        if email or name:
            entries.append(CoApplicantIn(email=email, name=name))
    return entries


def form_problems(entries: list[CoApplicantIn], service: Any, booker_email: str) -> dict[str, str]:
    """Each refused co-applicant field, worded in the page's language."""
    found = co_rules.problems(entries, booker_email=booker_email, need=co_rows.requirement(service))
    return {f"co_email_{pos + 1}": t(f"co.problem.{problem.value}") for pos, problem in found.items()}


def waiting_text(booking: Booking) -> str:
    """The done page's words for a booking that waits for its co-applicants ("" otherwise)."""
    if booking.status != Status.AWAITING_CO_APPLICANT.value or not booking.co_applicants:
        return ""
    deadline = min(row.deadline for row in booking.co_applicants)
    emails = ", ".join(row.email for row in booking.co_applicants)
    return t("co.waiting", emails=emails, deadline=day_and_time(deadline, booking_zone(booking)))


def day_and_time(moment: datetime, zone: ZoneInfo) -> str:
    """«Τρίτη 1 Δεκεμβρίου 2026, 08:30»: a deadline may fall on another day than the appointment."""
    return f"{format_day(moment.astimezone(zone).date())}, {wall_clock(moment, zone)}"


# ----------------------------------------------------------------- the co-applicant's page
def _opened(reference: str, position: int) -> tuple[str, Booking, BookingCoApplicant]:
    """The link's token, the booking and the co-applicant it opens; a 404 page for anything else."""
    token = request.values.get("token", "")
    claim = CoApplicantLinks(runtime().config.secret_key).read(token)
    if claim is None or claim[:2] != (reference, position):
        abort(404)
    try:
        with runtime().store.read() as session_:
            booking = booking_reads.booking_by_reference(session_, reference)
            row = next((r for r in booking.co_applicants if r.position == position), None)
    except NotFound:
        abort(404)
    if row is None:
        abort(404)
    if claim[2] != booking.link_version and booking.status != Status.CANCELLED.value:
        abort(404)  # a reschedule killed the old links
    return token, booking, row


def _page(
    reference: str, position: int, *, message: str = "", errors: dict[str, str] | None = None, **extra: Any
) -> Response:
    token, booking, row = _opened(reference, position)
    zone = booking_zone(booking)
    who = citizen()
    signed_in_as = ""
    if who is not None:
        signed_in_as = "taxisnet" if who.get("via") == "taxisnet" else str(who.get("email", ""))
    matches = signed_in_as == "taxisnet" or signed_in_as.lower() == row.email.lower()
    return render(
        "web/co_applicant.html",
        booking=booking,
        row=row,
        token=token,
        when=format_when(booking.start_at, zone),
        deadline=day_and_time(row.deadline, zone),
        live=booking.status not in (Status.CANCELLED.value,),
        awaiting=booking.status == Status.AWAITING_CO_APPLICANT.value,
        confirmed=row.status == CoApplicantStatus.CONFIRMED.value,
        signed_in=bool(signed_in_as),
        matches=matches,
        message=message,
        errors=errors or {},
        status=422 if errors else 200,
        title=t("co.page_title"),
        taxisnet=runtime().config.taxisnet_enabled,
        **extra,
    )


def _back(reference: str, position: int, token: str) -> Response:
    lang = session.get("lang", "el")
    target = url_for("web.co_applicant", reference=reference, position=position, token=token, lang=lang)
    return redirect(target)  # type: ignore[return-value]


@bp.get("/co-applicant/<reference>/<int:position>")
def co_applicant(reference: str, position: int) -> Response:
    return _page(reference, position, message=session.pop("co_message", ""))


@bp.post("/co-applicant/<reference>/<int:position>/code")
def co_applicant_code(reference: str, position: int) -> Response:
    """E-mail a sign-in code to the invited address (the e-mail code flow of ``web.login``)."""
    from service_api.web.login import send_code

    _, _, row = _opened(reference, position)
    problem = send_code(row.email)
    if problem is not None:
        return _page(reference, position, errors={"code": problem[0]})
    return _page(reference, position, code_sent=True)


@bp.post("/co-applicant/<reference>/<int:position>/verify")
def co_applicant_verify(reference: str, position: int) -> Response:
    from service_api.auth.email_code import verify_code

    token, _, row = _opened(reference, position)
    rt = runtime()
    ok = verify_code(
        rt.store,
        email=row.email,
        code=request.form.get("code", "").strip(),
        secret=rt.config.secret_key,
        now=rt.bookings.clock(),
        ip=request.remote_addr or "",
    )
    if not ok:
        return _page(reference, position, errors={"code": t("co.code_wrong")}, code_sent=True)
    new_session(keep=("lang",))
    session["citizen"] = {"via": "email", "email": row.email, "name": row.name}
    return _back(reference, position, token)


@bp.post("/co-applicant/<reference>/<int:position>/confirm")
def co_applicant_confirm(reference: str, position: int) -> Response:
    token, _, _ = _opened(reference, position)
    who = citizen()
    if who is None:
        return _back(reference, position, token)
    signed = SignedIn(
        email=str(who.get("email", "")), afm=str(who.get("afm") or ""), name=str(who.get("name", ""))
    )
    try:
        booking = CoApplicants(runtime().bookings).confirm(reference=reference, position=position, who=signed)
    except DomainError:
        session["co_message"] = t("co.gone")
        return _back(reference, position, token)
    done = booking.status == Status.CONFIRMED.value
    session["co_message"] = t("co.confirmed") if done else t("co.still_waiting")
    return _back(reference, position, token)


@bp.post("/co-applicant/<reference>/<int:position>/cancel")
def co_applicant_cancel(reference: str, position: int) -> Response:
    token, _, _ = _opened(reference, position)
    if request.form.get("sure") != "yes":  # one click must not cancel an appointment for two people
        session["co_message"] = t("co.cancel_unsure")
        return _back(reference, position, token)
    try:
        CoApplicants(runtime().bookings).cancel(reference=reference, position=position)
    except DomainError:
        session["co_message"] = t("co.gone")
        return _back(reference, position, token)
    session["co_message"] = t("co.cancelled")
    return _back(reference, position, token)
