"""Citizen tokens over the API: prove an e-mail address with a one-time code, get a bearer token."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, request

from service_api.api.blueprint import bp
from service_api.api.helpers import bearer_token, current_citizen, parse_body
from service_api.api.schemas import CitizenCodeRequest, CitizenTokenRequest
from service_api.api.serialize import booking_json
from service_api.auth import citizen_tokens, email_code
from service_api.auth.citizen_tokens import CitizenIdentity
from service_api.auth.staff_tokens import AuthError
from service_api.booking import citizen_bookings
from service_api.booking.citizen_bookings import Owner
from service_api.domain.errors import Forbidden, MailUnavailable, RuleViolation, TooManyRequests
from service_api.domain.rules import Status, can_change_time
from service_api.domain.timeutil import ATHENS, zone_or_none
from service_api.models import Booking, Municipality
from service_api.notifications.mailer import Mailer
from service_api.runtime import runtime

# What a refused code request says; the same allowances as the web form's sign-in.
LIMIT_MESSAGES = {
    email_code.CodeLimit.ADDRESS_AND_CLIENT: "Too many codes for this address from here.",
    email_code.CodeLimit.ADDRESS: "Too many codes for this address.",
    email_code.CodeLimit.CLIENT: "Too many codes from here.",
}


def _require_enabled() -> None:
    if not runtime().config.email_code_enabled:
        raise Forbidden("Sign-in by e-mail code is not enabled here; sign in with TAXISnet on the web form.")


@bp.post("/citizen/code")
def citizen_code() -> Any:
    """E-mail a one-time code; 202 only when it really went out."""
    _require_enabled()
    body = parse_body(CitizenCodeRequest)
    rt = runtime()
    try:
        with rt.admission.paused():  # SMTP may take seconds: let bookings have the slot meanwhile
            email_code.request_code(
                rt.store,
                Mailer(rt.config.smtp_url, rt.config.outbox_dir),
                email=str(body.email),
                secret=rt.config.secret_key,
                now=rt.bookings.clock(),
                language=body.language,
                mail_from=rt.config.mail_from,
                ip=request.remote_addr,
            )
    except email_code.CodeRefused as refused:
        minutes = -(-refused.retry_after // 60)
        raise TooManyRequests(
            f"{LIMIT_MESSAGES[refused.limit]} Try again in {minutes} minutes.",
            retry_after=refused.retry_after,
        ) from None
    except email_code.CodeNotSent:
        raise MailUnavailable(
            "We could not send the code just now (the mail server did not answer). "
            "Try again in a few minutes; this attempt was not counted.",
            retry_after=email_code.MAIL_RETRY_SECONDS,
        ) from None
    minutes = int(email_code.CODE_LIFETIME.total_seconds() // 60)
    return {"sent": True, "email": str(body.email), "expires_in_minutes": minutes}, 202


@bp.post("/citizen/token")
def citizen_token() -> Any:
    """Swap a code for a bearer token that books with the proved address."""
    _require_enabled()
    body = parse_body(CitizenTokenRequest)
    rt = runtime()
    now = rt.bookings.clock()
    email = str(body.email)
    if not email_code.verify_code(
        rt.store, email=email, code=body.code, secret=rt.config.secret_key, now=now, ip=request.remote_addr
    ):
        raise AuthError("Wrong or expired code. Ask for a new one with POST /api/v1/citizen/code.")
    token, expires_at = citizen_tokens.issue_token(
        rt.store, CitizenIdentity(via="email", email=email), now=now
    )
    return {
        "token": token,
        "token_type": "Bearer",
        "expires_at": expires_at.isoformat(),
        "email": email,
    }, 201


@bp.get("/citizen/me")
def citizen_me() -> Any:
    identity = current_citizen()
    return {"via": identity.via, "email": identity.email, "name": identity.name}


@bp.delete("/citizen/token")
def citizen_sign_out() -> Any:
    """The token presented stops working at once."""
    current_citizen()
    citizen_tokens.revoke_token(runtime().store, bearer_token())
    return Response(status=204)


def owner_of(identity: CitizenIdentity) -> Owner:
    """By AFM for a TAXISnet identity, by the proved address otherwise (as «Τα ραντεβού μου»)."""
    if identity.via_taxisnet:
        return Owner(afm=identity.afm)
    return Owner(email=identity.email)


def _mine_json(booking: Booking, municipality: Municipality, *, upcoming: bool, zone: ZoneInfo | None) -> Any:
    """The citizen's view of one of their bookings, with the manage token its changes need."""
    data = booking_json(
        booking, for_staff=False, zone=zone or zone_or_none(booking.citizen_timezone) or ATHENS
    )
    data["municipality"] = {
        "slug": municipality.slug,
        "name_el": municipality.name_el,
        "name_en": municipality.name_en,
    }
    data["upcoming"] = upcoming
    data["cancelled"] = booking.status == Status.CANCELLED.value
    data["changeable"] = upcoming and can_change_time(Status(booking.status))
    if data["changeable"]:
        data["manage_token"] = runtime().manage_tokens.issue(booking.reference, booking.link_version)
    return data


@bp.get("/citizen/bookings")
def citizen_bookings_list() -> Any:
    """The citizen's own bookings: upcoming (soonest first) and past or cancelled (latest first)."""
    identity = current_citizen()
    wanted = request.args.get("tz")
    zone = zone_or_none(wanted) if wanted else None
    if wanted and zone is None:
        raise RuleViolation(
            f"Unknown time zone {wanted!r}.", fields={"tz": "An IANA zone such as Europe/Athens."}
        )
    rt = runtime()
    now = rt.bookings.clock()
    with rt.store.read() as session:
        mine = citizen_bookings.bookings_of(session, owner_of(identity), secret=rt.config.secret_key, now=now)
        return {
            "upcoming": [
                _mine_json(b, mine.municipalities[b.municipality_id], upcoming=True, zone=zone)
                for b in mine.upcoming
            ],
            "past": [
                _mine_json(b, mine.municipalities[b.municipality_id], upcoming=False, zone=zone)
                for b in mine.past
            ],
        }
