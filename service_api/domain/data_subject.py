"""A citizen as the subject of a data-protection request: who they are, and when erasing them must wait.

The dpo or an admin names the citizen by e-mail or by AFM (issue 17): every booking made with that
address, or by TAXISnet with that AFM, is theirs. Pure: strings in, a ``Subject`` or a refusal out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from service_api.domain.citizen import AFM_PATTERN, normalised_email
from service_api.domain.errors import DomainError, RuleViolation
from service_api.domain.rules import UPCOMING_STATUSES, Status


class SubjectKind(StrEnum):
    """How the citizen is named: the address they booked with, or the AFM TAXISnet gave."""

    EMAIL = "email"
    AFM = "afm"


@dataclass(frozen=True)
class Subject:
    """One citizen: ``value`` is the address in lower case, or the nine digits of the AFM."""

    kind: SubjectKind
    value: str


def subject_from(*, email: str | None, afm: str | None) -> Subject:
    """The citizen named by exactly one of ``email`` and ``afm``; 422 naming the field otherwise."""
    email, afm = (email or "").strip(), (afm or "").strip()
    if bool(email) == bool(afm):
        raise RuleViolation(
            "Name the citizen by e-mail or by AFM (one of the two).",
            fields={"email": "E-mail or AFM.", "afm": "E-mail or AFM."},
        )
    if afm:
        if not re.fullmatch(AFM_PATTERN, afm):
            raise RuleViolation("An AFM has nine digits.", fields={"afm": "Nine digits."})
        return Subject(SubjectKind.AFM, afm)
    try:
        return Subject(SubjectKind.EMAIL, normalised_email(email).lower())
    except ValueError:
        raise RuleViolation("Not an e-mail address.", fields={"email": "Not an e-mail address."}) from None


def holds_time_ahead(status: str, end: datetime, hold_expires_at: datetime | None, now: datetime) -> bool:
    """A booking the citizen still has: not ended, not cancelled, not a hold that has lapsed."""
    if status not in UPCOMING_STATUSES or end <= now:
        return False
    return not (status == Status.HELD and hold_expires_at is not None and hold_expires_at <= now)


class CitizenHasUpcomingBookings(DomainError):
    """Erasing a citizen would take the name off appointments still to come: they are cancelled first."""

    code = "citizen_has_upcoming_bookings"
    status = 409

    def __init__(self, references: Sequence[str]) -> None:
        super().__init__(
            f"This citizen has {len(references)} upcoming booking(s): cancel them first, then erase."
        )
        self.details = {"bookings": list(references)}
