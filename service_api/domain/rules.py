"""Booking rules that do not need a database: the status lifecycle, modes, references, limits."""

from __future__ import annotations

import re
import secrets
from enum import StrEnum

from service_api.domain.errors import CitizenLimitReached, InvalidTransition


class Mode(StrEnum):
    IN_PERSON = "in_person"
    TELECONFERENCE = "teleconference"


class Status(StrEnum):
    HELD = "held"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    # Issue 18 (co-applicants): booked and holding the time, until every named co-applicant confirms.
    # Stored in 20 characters (the status column's width), hence the one word «coapplicant».
    AWAITING_CO_APPLICANT = "awaiting_coapplicant"


class Outcome(StrEnum):
    COMPLETED = "completed"
    DOCUMENTS_MISSING = "documents_missing"
    REFERRED = "referred"
    NO_SHOW = "no_show"


# Statuses that occupy a clerk's time: the no-overlap guarantee covers exactly these.
ACTIVE_STATUSES = frozenset(
    {
        Status.HELD,
        Status.CONFIRMED,
        Status.CHECKED_IN,
        Status.COMPLETED,
        Status.NO_SHOW,
        Status.AWAITING_CO_APPLICANT,
    }
)
# Statuses a citizen still "has" for the per-citizen limit.
UPCOMING_STATUSES = frozenset(
    {Status.HELD, Status.CONFIRMED, Status.CHECKED_IN, Status.AWAITING_CO_APPLICANT}
)

_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.HELD: frozenset({Status.CONFIRMED, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.CHECKED_IN, Status.COMPLETED, Status.NO_SHOW, Status.CANCELLED}),
    Status.CHECKED_IN: frozenset({Status.COMPLETED, Status.NO_SHOW}),
    Status.COMPLETED: frozenset(),
    Status.NO_SHOW: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.AWAITING_CO_APPLICANT: frozenset({Status.CONFIRMED, Status.CANCELLED}),
}


def check_transition(current: Status, target: Status) -> None:
    """Raise unless held → confirmed → checked_in → completed | no_show | cancelled allows it."""
    if target not in _TRANSITIONS[current]:
        raise InvalidTransition(
            f"A booking that is {current.value} cannot become {target.value}.",
            current=current.value,
            target=target.value,
        )


def status_for_outcome(outcome: Outcome) -> Status:
    return Status.NO_SHOW if outcome is Outcome.NO_SHOW else Status.COMPLETED


def can_change_time(status: Status) -> bool:
    """Only bookings not yet served may be rescheduled or reassigned."""
    return status in (Status.HELD, Status.CONFIRMED)


# Crockford-style alphabet: no 0/O, 1/I/L confusion when a citizen reads a reference on the phone.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A public booking reference such as ``7KQ4-M9TZ``: short to read, 31^8 to guess."""
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"{body[:4]}-{body[4:]}"


_REFERENCE = re.compile(rf"\b[{_REFERENCE_ALPHABET}]{{4}}-[{_REFERENCE_ALPHABET}]{{4}}\b")


def references_in(text: str) -> set[str]:
    """Every booking reference written in ``text`` (an e-mail's subject, say)."""
    return set(_REFERENCE.findall(text))


def check_citizen_limit(active_count: int, limit: int) -> None:
    if limit > 0 and active_count >= limit:
        raise CitizenLimitReached(
            f"You already have {active_count} upcoming appointment(s) for this service; "
            f"the limit is {limit}. Cancel or attend one before booking another."
        )
