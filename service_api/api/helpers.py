"""Request parsing and authorisation shared by the API's route modules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from flask import g, request
from pydantic import BaseModel, ValidationError

from service_api.auth import citizen_tokens
from service_api.auth.citizen_tokens import CitizenIdentity
from service_api.auth.staff_tokens import AuthError, Principal
from service_api.domain.errors import DomainError, Forbidden, RuleViolation
from service_api.domain.policy import Actor, Role, has_role
from service_api.input_guard import EARLIEST_DATE, LATEST_DATE, MAX_ID, unstorable_strings
from service_api.runtime import runtime

Body = TypeVar("Body", bound=BaseModel)
View = TypeVar("View", bound=Callable[..., Any])


class BadRequest(DomainError):
    code = "bad_request"
    status = 400


def parse_body(model: type[Body]) -> Body:
    """Validate the JSON body; every wrong field gets its own message in the 422 answer."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object (Content-Type: application/json).")
    # Before the schema: a NUL would otherwise reach a query or a column and fail there, as a 500.
    refused = dict.fromkeys(
        unstorable_strings(data), "Must not contain NUL or other characters that cannot be stored."
    )
    if refused:
        raise RuleViolation("Some fields contain characters that cannot be stored.", fields=refused)
    try:
        # JSON mode, strict: a time must be an ISO 8601 string (not a number read as Unix time), an
        # id a number (not true, not "5"), a flag true or false.
        return model.model_validate_json(request.get_data(cache=True))
    except ValidationError as exc:
        fields = {}
        for error in exc.errors():
            loc = ".".join(str(part) for part in error["loc"]) or "body"
            fields[loc] = error["msg"].removeprefix("Value error, ")
        raise RuleViolation("Some fields are not valid.", fields=fields) from exc


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def query_date(name: str, default: date | None = None) -> date:
    raw = request.args.get(name)
    if raw is None:
        if default is None:
            raise RuleViolation(
                f"The query parameter {name!r} is required.", fields={name: "Required (YYYY-MM-DD)."}
            )
        return default
    try:
        if not _ISO_DAY.fullmatch(raw):  # "2026-12-02garbage" or "20261202" is not a date we take
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError as exc:
        raise RuleViolation(
            f"{name!r} must be a date such as 2026-12-01.", fields={name: "Use YYYY-MM-DD."}
        ) from exc
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise RuleViolation(
            f"{name!r} must lie between {EARLIEST_DATE} and {LATEST_DATE}.",
            fields={name: "A date in this century or the next."},
        )
    return value


def path_date(name: str, raw: str) -> date:
    """A YYYY-MM-DD part of the path; anything else is a 422 naming it."""
    try:
        if not _ISO_DAY.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise RuleViolation(
            f"{name!r} must be a date such as 2026-12-01.", fields={name: "Use YYYY-MM-DD."}
        ) from exc


def query_int(name: str, default: int, *, low: int, high: int) -> int:
    """A bounded number such as a wait or a cursor: values outside ``low``..``high`` are clamped."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise RuleViolation(f"{name!r} must be a whole number.", fields={name: "Whole number."}) from exc
    return max(low, min(high, value))


def query_id(name: str) -> int | None:
    """An id to filter by, or None when absent or empty; outside 1..2^31-1 it is refused, not clamped.

    Clamping an id would silently answer for another record, and past the column's range the
    database itself refuses the query.
    """
    raw = request.args.get(name, "")
    if not raw:
        return None
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID)) else 0
    if not 1 <= value <= MAX_ID:
        raise RuleViolation(
            f"{name!r} must be an id: a whole number from 1 to {MAX_ID}.",
            fields={name: f"A whole number from 1 to {MAX_ID}."},
        )
    return value


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.startswith("Bearer ") else ""


class PasswordChangeRequired(DomainError):
    """Signed in with a temporary password: nothing but changing it (issue 14)."""

    code = "password_change_required"
    status = 403


# What a staff member signed in with a temporary password may still do.
WHILE_PASSWORD_MUST_CHANGE = frozenset({"api.change_my_password", "api.me", "api.logout"})


def current_principal() -> Principal:
    token = bearer_token()
    if len(token) < 13 or citizen_tokens.is_citizen_token(token):
        raise AuthError("Sign in first: send 'Authorization: Bearer <token>'.")
    principal = runtime().auth.authenticate(token)
    if principal.staff.must_change_password and request.endpoint not in WHILE_PASSWORD_MUST_CHANGE:
        raise PasswordChangeRequired(
            "Your password is temporary: change it first (POST /api/v1/me/password)."
        )
    g.principal = principal
    return principal


def signed_in_staff() -> bool:
    """Whether the request carries a valid staff token; never raises (used to lift a rate limit)."""
    token = bearer_token()
    if len(token) < 13 or citizen_tokens.is_citizen_token(token):
        return False
    try:
        runtime().auth.authenticate(token)
    except DomainError:
        return False
    return True


def current_citizen() -> CitizenIdentity:
    rt = runtime()
    identity = citizen_tokens.identity_for_token(rt.store, bearer_token(), now=rt.bookings.clock())
    if identity is None:
        raise AuthError(
            "Send a valid citizen token: 'Authorization: Bearer cit_…' (POST /api/v1/citizen/token); "
            "tokens last 12 hours."
        )
    return identity


@dataclass(frozen=True)
class Booker:
    """Who is making a booking: a verified citizen (``citizen`` set) or a member of staff."""

    actor: Actor
    citizen: CitizenIdentity | None


def booking_credential() -> Booker:
    """Every booking write needs a credential; anonymous callers get 401 and nothing is written."""
    token = bearer_token()
    if not token:
        raise AuthError(
            "Booking needs a credential: a citizen token (POST /api/v1/citizen/code, then "
            "POST /api/v1/citizen/token) or a staff token (POST /api/v1/auth/login)."
        )
    if citizen_tokens.is_citizen_token(token):
        return Booker(Actor.citizen(), current_citizen())
    return Booker(current_principal().actor, None)


def staff_required(*roles: Role | str) -> Callable[[View], View]:
    """Require a bearer token, and one of ``roles`` when given; passes ``actor`` to the view.

    ``roles`` are ``Role`` members (their names are accepted too, and checked when the route is
    declared: a misspelt role fails at start-up, not by refusing everyone).
    """
    allowed = frozenset(Role(role) for role in roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if not has_role(principal.actor, allowed):
                raise Forbidden("Your role may not do this.")
            return view(*args, actor=principal.actor, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def citizen_actor() -> Actor:
    return Actor.citizen()
