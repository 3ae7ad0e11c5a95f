"""Bookings through the API: a new booking (the citizen's or the desk's), the walk-in, and one
booking's read, move, confirm and cancel."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from flask import Response, jsonify, request, url_for

from service_api.api.blueprint import bp
from service_api.api.co_applicants import co_applicants_in
from service_api.api.helpers import (
    BadRequest,
    Booker,
    bearer_token,
    booking_credential,
    citizen_actor,
    current_principal,
    parse_body,
)
from service_api.api.schemas import BookingConfirm, BookingCreate, BookingReschedule, CitizenIn, WalkInCreate
from service_api.api.serialize import booking_json, slot_instant
from service_api.auth.citizen_tokens import is_citizen_token
from service_api.booking import booking_reads, catalogue_reads
from service_api.booking.service import CitizenDetails, NewBooking
from service_api.domain import front_desk
from service_api.domain.citizen import Problem, sms_choice
from service_api.domain.errors import Forbidden, NotFound, NothingFreeNow, RuleViolation
from service_api.domain.kinds import BookingSource
from service_api.domain.needs import NO_NEEDS, Needs, parse_needs
from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS, zone_or_none
from service_api.models import Booking, Staff
from service_api.runtime import runtime


def _body_needs(body: BookingCreate | WalkInCreate) -> Needs:
    """Issue 18: the needs of a new booking, checked by ``domain.needs`` (none when left out)."""
    return parse_needs(body.needs.codes, body.needs.language) if body.needs is not None else NO_NEEDS


def _not_from_body(c: CitizenIn) -> None:
    if c.afm is not None:
        raise RuleViolation(
            "The AFM comes only from the TAXISnet sign-in, never from the request.",
            fields={"citizen.afm": "Not accepted: the AFM comes only from the TAXISnet sign-in."},
        )


# The API's words for a choice of SMS that ``domain.citizen.sms_choice`` refuses.
SMS_CHOICE_MESSAGES = {
    Problem.MOBILE_NEEDED: "Required with sms_opt_in: the phone given is not a mobile.",
    Problem.MOBILE_WITHOUT_SMS: "Only with sms_opt_in: the number is used for SMS alone.",
}


def _sms_mobile(c: CitizenIn) -> str:
    """The number the citizen's SMS go to ("" for none), by the rule of ``domain.citizen.sms_choice``."""
    if not c.sms_opt_in and c.mobile is None:
        return ""
    if c.sms_opt_in and not runtime().config.sms_enabled:
        raise RuleViolation(
            "This service sends no SMS.",
            fields={"citizen.sms_opt_in": "SMS are not offered by this service."},
        )
    choice = sms_choice(opt_in=c.sms_opt_in, mobile=c.mobile or "", phone=c.phone)
    if choice.problem is not None:
        raise RuleViolation(
            "Some fields are not valid.", fields={"citizen.mobile": SMS_CHOICE_MESSAGES[choice.problem]}
        )
    return choice.mobile


def _details(body: BookingCreate, booker: Booker) -> tuple[CitizenDetails, str]:
    """The citizen's details and the booking's source, as this caller may give them.

    A citizen books with the identity their token proves: that e-mail (another one is refused until
    it is proved) and TAXISnet's AFM. Staff book for a caller with any contact details; the e-mail
    may be left out for a caller without one (``domain.front_desk.contact_problems``).
    """
    c = body.citizen
    _not_from_body(c)
    identity = booker.citizen
    if identity is None:
        source: str = body.source or BookingSource.PHONE.value
        email, afm, via_taxisnet = _staff_given_email(c, body.mode), None, False
    else:
        if body.source is not None:
            raise RuleViolation(
                "Only staff say how a booking came in.", fields={"source": "Only staff may set this."}
            )
        if not identity.email:
            raise RuleViolation(
                "Prove an e-mail address first.",
                fields={"citizen.email": "No verified address: prove one with POST /api/v1/citizen/code."},
            )
        _same_address(c.email, identity.email)
        source = BookingSource.API.value
        email, afm, via_taxisnet = identity.email, identity.afm, identity.via_taxisnet
    details = CitizenDetails(
        name=c.name,
        email=email,
        phone=c.phone,
        afm=afm,
        extra=c.extra,
        via_taxisnet=via_taxisnet,
        language=body.language,
        timezone=body.timezone,
        mobile=_sms_mobile(c),
    )
    return details, source


def _staff_given_email(c: CitizenIn, mode: str) -> str:
    """The address staff gave for the citizen ("" for none), once the citizen is known to be reachable."""
    email = str(c.email) if c.email is not None else ""
    problems = front_desk.contact_problems(email=email, phone=c.phone, mode=mode)
    if problems:
        raise RuleViolation("Some fields are not valid.", fields=problems)
    return email


def _same_address(given: object, verified: str) -> None:
    if given is not None and str(given).strip().lower() != verified.strip().lower():
        raise RuleViolation(
            "The booking's e-mail must be the address you proved.",
            fields={"citizen.email": "Must be the address you proved; prove another one to use it."},
        )


def _idempotency_key() -> str | None:
    """The request's Idempotency-Key (None without one); a key of the wrong length is a 400."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (8 <= len(key) <= 200):
        raise BadRequest("Idempotency-Key must be 8 to 200 characters.")
    return key


def _stored_key(key: str, booker: Booker) -> str:
    """An Idempotency-Key as stored: scoped to its caller (no two callers' keys meet) and of fixed length."""
    caller = (
        f"staff:{booker.actor.id}" if booker.citizen is None else f"citizen:{booker.citizen.email.lower()}"
    )
    return "booking:" + hashlib.sha256(f"{caller}\n{key}".encode()).hexdigest()


@bp.post("/bookings")
def create_booking() -> Any:
    booker = booking_credential()
    body = parse_body(BookingCreate)
    key = _idempotency_key()
    details, source = _details(body, booker)
    if body.prefer_me and booker.citizen is not None:
        raise RuleViolation(
            "Only staff may ask for themselves.", fields={"prefer_me": "Only staff may set this."}
        )
    rt = runtime()
    result = rt.bookings.create(
        NewBooking(
            body.service_id, Mode(body.mode), body.start, details, source=source, needs=_body_needs(body)
        ),
        booker.actor,
        hold=body.hold,
        idempotency_key=_stored_key(key, booker) if key else None,
        prefer=booker.actor.id if body.prefer_me else None,
        co_applicants=co_applicants_in(body.co_applicants),
    )
    # A new booking is answered from what the write returned; a replay reads the stored one.
    payload = _citizen_view(result.booking.reference) if result.replayed else _view_of(result.booking)
    if booker.citizen is None:
        payload["staff"] = _clerk_of(result.booking)
    response = jsonify(payload)
    response.status_code = 200 if result.replayed else 201
    response.headers["Location"] = url_for("api.get_booking", reference=result.booking.reference)
    if result.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.post("/bookings/walk-in")
def book_walk_in() -> Any:
    """A walk-in at the desk, booked for now with the first clerk free now (``domain.front_desk``)."""
    booker = booking_credential()
    if booker.citizen is not None:
        raise Forbidden("Only staff book walk-ins.")
    body = parse_body(WalkInCreate)
    key = _idempotency_key()
    c = body.citizen
    _not_from_body(c)
    details = CitizenDetails(
        name=c.name,
        email=_staff_given_email(c, body.mode),
        phone=c.phone,
        extra=c.extra,
        language=body.language,
        mobile=_sms_mobile(c),
    )
    needs = _body_needs(body)  # issue 18: the same rule as a booking at a chosen time
    rt = runtime()
    now = rt.bookings.clock()
    try:
        result = rt.bookings.create(
            NewBooking(
                body.service_id,
                Mode(body.mode),
                now,
                details,
                source=BookingSource.WALK_IN.value,
                needs=needs,
            ),
            booker.actor,
            idempotency_key=_stored_key(key, booker) if key else None,
            prefer=booker.actor.id if body.prefer_me else None,
            walk_in=True,
        )
    except NothingFreeNow as exc:
        next_free = exc.next_free or _next_offered(body.service_id, body.mode, needs)
        exc.details = {"next_free": slot_instant(next_free, ATHENS) if next_free else None}
        raise
    # As for POST /bookings: a resend under the same key answers the booking the first one made.
    payload = _citizen_view(result.booking.reference) if result.replayed else _view_of(result.booking)
    response = jsonify({**payload, "staff": _clerk_of(result.booking)})
    response.status_code = 200 if result.replayed else 201
    response.headers["Location"] = url_for("api.get_booking", reference=result.booking.reference)
    if result.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _next_offered(service_id: int, mode: str, needs: Needs = NO_NEEDS) -> datetime | None:
    """The first start citizens with these needs are offered over the next two weeks (nothing later today)."""
    now = runtime().bookings.clock()
    today = now.astimezone(ATHENS).date()
    with runtime().store.read() as session:
        service = catalogue_reads.service_by_id(session, service_id)
        last = today + timedelta(days=14)
        slots = runtime().availability.slots(session, service, mode, today, last, now=now, needs=needs)
    return next((s.start for s in slots if s.start > now), None)


def _clerk_of(booking: Booking) -> dict[str, Any]:
    """Who takes a booking staff made, for the desk to tell the citizen (a colleague's it may not open)."""
    with runtime().store.read() as session:
        staff = session.get(Staff, booking.staff_id)
        return {"id": booking.staff_id, "name": staff.display_name if staff else ""}


def _citizen_view(reference: str) -> dict[str, Any]:
    with runtime().store.read() as session:
        return _view_of(booking_reads.booking_by_reference(session, reference))


def _view_of(booking: Booking) -> dict[str, Any]:
    """What the citizen sees of a booking whose service, group and documents are loaded."""
    zone = zone_or_none(booking.citizen_timezone) or ATHENS
    data = booking_json(booking, for_staff=False, zone=zone)
    data["manage_token"] = runtime().manage_tokens.issue(booking.reference, booking.link_version)
    return data


def _authorised_booking(reference: str) -> Booking:
    """The booking a manage token opens; any doubt gives the same 404 so nothing leaks."""
    token = request.headers.get("X-Manage-Token") or request.args.get("token", "")
    claim = runtime().manage_tokens.read(token) if token else None
    with runtime().store.read() as session:
        if claim is None or claim[0] != reference:
            raise NotFound("No such booking, or the link is no longer valid.")
        try:
            booking = booking_reads.booking_by_reference(session, reference)
        except NotFound:
            raise NotFound("No such booking, or the link is no longer valid.") from None
        if booking.link_version != claim[1]:
            raise NotFound("No such booking, or the link is no longer valid.")
        return booking


def _staff_or_citizen(reference: str) -> Any:
    """Staff with a bearer token see the full booking; anyone else needs the manage token."""
    if bearer_token() and not is_citizen_token(bearer_token()):
        from service_api.api.staff import staff_booking_view

        return staff_booking_view(reference, current_principal().actor)
    _authorised_booking(reference)
    return _citizen_view(reference)


@bp.get("/bookings/<reference>")
def get_booking(reference: str) -> Any:
    return _staff_or_citizen(reference)


@bp.patch("/bookings/<reference>")
def reschedule_booking(reference: str) -> Any:
    booking = _authorised_booking(reference)
    body = parse_body(BookingReschedule)
    runtime().bookings.reschedule(
        booking.reference, body.start, citizen_actor(), expected_version=body.version
    )
    return _citizen_view(reference)


@bp.post("/bookings/<reference>/confirm")
def confirm_booking(reference: str) -> Any:
    booking = _authorised_booking(reference)
    body = parse_body(BookingConfirm)
    details = None
    if body.citizen is not None:
        # The hold was made with a proved address (or by staff): confirming keeps it.
        c = body.citizen
        _not_from_body(c)
        _same_address(c.email, booking.citizen_email)
        details = CitizenDetails(
            name=c.name,
            email=booking.citizen_email,
            phone=c.phone,
            extra=c.extra,
            via_taxisnet=booking.citizen_via_taxisnet,
            language=booking.language,
            timezone=booking.citizen_timezone,
            mobile=_sms_mobile(c),
        )
    runtime().bookings.confirm(
        booking.reference, citizen_actor(), details, co_applicants=co_applicants_in(body.co_applicants)
    )
    return _citizen_view(reference)


@bp.delete("/bookings/<reference>")
def cancel_booking(reference: str) -> Any:
    booking = _authorised_booking(reference)
    runtime().bookings.cancel(booking.reference, citizen_actor(), reason="cancelled_by_citizen")
    return Response(status=204)
