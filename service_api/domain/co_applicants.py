"""Joint appointments (issue 18): who may be named as a co-applicant, until when they confirm,
and when a joint appointment may be completed. Pure: no database, no Flask."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from service_api.domain import citizen
from service_api.domain.errors import DomainError, RuleViolation

MAX_CO_APPLICANTS = 3
DEFAULT_CONFIRM_HOURS = 48
MAX_CONFIRM_HOURS = 14 * 24
# The reason a released booking is cancelled with (kept in the booking and the audit).
RELEASED_REASON = "co_applicant_not_confirmed"
CANCELLED_BY_CO_APPLICANT = "cancelled_by_co_applicant"


class CoApplicantStatus(StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"


class Problem(StrEnum):
    """Why a co-applicant was refused; the web form words it in Greek or English."""

    MISSING = "missing"
    EMAIL = "email"
    SAME_AS_BOOKER = "same_as_booker"
    DUPLICATE = "duplicate"
    NAME = "name"
    NAME_TOO_LONG = "name_too_long"
    TOO_MANY = "too_many"
    NOT_OFFERED = "not_offered"


class CoApplicantsUnverified(DomainError):
    """Completion of a joint appointment needs every person's identity checked."""

    code = "co_applicants_unverified"
    status = 409


@dataclass(frozen=True)
class CoApplicantIn:
    email: str
    name: str = ""


@dataclass(frozen=True)
class Requirement:
    """What a service asks for: how many co-applicants, whether they are required, the window."""

    count: int = 0
    required: bool = False
    confirm_hours: int = DEFAULT_CONFIRM_HOURS


def problems(entries: Sequence[CoApplicantIn], *, booker_email: str, need: Requirement) -> dict[int, Problem]:
    """The problem of each entry by position (0-based); position ``len(entries)`` for too few/many."""
    found: dict[int, Problem] = {}
    if need.count == 0:
        if entries:
            found[0] = Problem.NOT_OFFERED
        return found
    if len(entries) > need.count:
        found[need.count] = Problem.TOO_MANY
        return found
    seen = {booker_email.strip().lower()}
    for position, entry in enumerate(entries):
        try:
            email = citizen.normalised_email(entry.email.strip())
        except ValueError:
            found[position] = Problem.EMAIL if entry.email.strip() else Problem.MISSING
            continue
        if email.lower() == booker_email.strip().lower():
            found[position] = Problem.SAME_AS_BOOKER
        elif email.lower() in seen:
            found[position] = Problem.DUPLICATE
        elif len(entry.name.strip()) > citizen.NAME_MAX_LENGTH:  # the column holds 200
            found[position] = Problem.NAME_TOO_LONG
        elif entry.name.strip() and not citizen.name_is_text(entry.name):
            found[position] = Problem.NAME
        seen.add(email.lower())
    if need.required and len(entries) < need.count:
        found.setdefault(len(entries), Problem.MISSING)
    return found


_ENGLISH = {
    Problem.MISSING: "The co-applicant's e-mail is required for this service.",
    Problem.EMAIL: "Not a valid e-mail address.",
    Problem.SAME_AS_BOOKER: "The co-applicant's e-mail must differ from yours.",
    Problem.DUPLICATE: "Each co-applicant needs their own e-mail address.",
    Problem.NAME: "The name must be plain text.",
    Problem.NAME_TOO_LONG: f"The name may be at most {citizen.NAME_MAX_LENGTH} characters.",
    Problem.TOO_MANY: "This service takes fewer co-applicants.",
    Problem.NOT_OFFERED: "This service takes no co-applicants.",
}


def require_valid(entries: Sequence[CoApplicantIn], *, booker_email: str, need: Requirement) -> None:
    """Raise ``RuleViolation`` with a field per refused entry (``co_applicants.0.email``...)."""
    found = problems(entries, booker_email=booker_email, need=need)
    if found:
        first = next(iter(found.values()))
        raise RuleViolation(
            _ENGLISH[first],
            fields={f"co_applicants.{pos}.email": _ENGLISH[problem] for pos, problem in found.items()},
        )


def confirm_deadline(*, now: datetime, start: datetime, lead_minutes: int, window_hours: int) -> datetime:
    """Until when co-applicants may confirm: the window, but never later than booking could still
    happen (the start less the lead time); never before ``now``."""
    latest = start - timedelta(minutes=lead_minutes)
    return max(now, min(now + timedelta(hours=window_hours), latest))


def all_confirmed(statuses: Sequence[str]) -> bool:
    return all(s == CoApplicantStatus.CONFIRMED for s in statuses)


def require_all_verified(*, booker_verified: bool, unverified_positions: Sequence[int]) -> None:
    """Completion of a joint appointment needs the booker's and every co-applicant's identity."""
    if not booker_verified or unverified_positions:
        raise CoApplicantsUnverified(
            "Verify the identity of the applicant and of every co-applicant before completing "
            "the appointment.",
            fields={"co_applicants": "Identity not verified for everyone."},
        )
