"""When the desk may act on a booking: check-in on its own day, no-show after the start, completion with
documents, nothing on a cancelled booking. Pure rules; the booking service asks them inside its writes.

Each refusal is a ``DomainError`` with a stable ``code`` the desktop translates (its queue replays
writes later, so a refusal must say what happened in words a clerk understands).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service_api.domain.errors import DomainError
from service_api.domain.kinds import DocumentState
from service_api.domain.rules import Outcome, Status
from service_api.domain.timeutil import ATHENS, ensure_utc

# A citizen who comes early may be checked in up to an hour before the start (the desk is open and
# may serve them sooner); never on another day.
CHECK_IN_LEAD = timedelta(minutes=60)

# Nothing owed on these: the others (pending, missing) count as not received.
SETTLED_DOCUMENT_STATES = frozenset({DocumentState.RECEIVED.value, DocumentState.NOT_APPLICABLE.value})


class BookingCancelled(DomainError):
    """409: the booking was cancelled (perhaps while the desktop was offline); nothing more is recorded."""

    code = "booking_cancelled"
    status = 409


class CheckInNotNow(DomainError):
    """409: the citizen can be checked in only on the booking's own day (see ``check_in_window``)."""

    code = "check_in_not_now"
    status = 409


class NoShowNotAllowed(DomainError):
    """409: a no-show needs a start that has passed and a citizen who has not been checked in."""

    code = "no_show_not_allowed"
    status = 409


class BookingClosed(DomainError):
    """409: the booking already has its outcome (completed or no-show)."""

    code = "booking_closed"
    status = 409


@dataclass(frozen=True)
class MissingDocument:
    code: str
    name_el: str
    name_en: str


class DocumentsMissing(DomainError):
    """409: completing with required documents not received; send ``confirm_missing_documents`` to accept."""

    code = "documents_missing"
    status = 409

    def __init__(self, missing: list[MissingDocument], total: int) -> None:
        super().__init__(
            f"{len(missing)} of {total} required documents have not been received. Record the outcome "
            "«documents missing», or send confirm_missing_documents: true to complete anyway.",
            fields={d.code: f"{d.name_en}: not received." for d in missing},
        )
        self.missing = missing
        # Merged into the error body by the API's handler: the desktop asks the clerk with these.
        self.details: dict[str, Any] = {
            "documents": [{"code": d.code, "el": d.name_el, "en": d.name_en} for d in missing],
            "total": total,
        }


def require_not_cancelled(status: str) -> None:
    """Every desk action (documents, notes, identity, check-in, outcome) stops at a cancelled booking."""
    if status == Status.CANCELLED.value:
        raise BookingCancelled(
            "This appointment has been cancelled: nothing more can be recorded on it "
            "(the change was not saved)."
        )


def check_in_window(start: datetime, zone: ZoneInfo = ATHENS) -> tuple[datetime, datetime]:
    """From ``CHECK_IN_LEAD`` before the start until the end of the start's local day (midnight), in UTC.

    The end of the day rather than of the booking: a citizen kept waiting past their slot is still
    checked in that day; a citizen on the wrong day is not.
    """
    local_start = ensure_utc(start).astimezone(zone)
    next_midnight = datetime.combine(local_start.date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    opens = ensure_utc(start) - CHECK_IN_LEAD
    # The lead never reaches back into the previous day.
    day_start = datetime.combine(local_start.date(), datetime.min.time(), tzinfo=zone)
    return max(opens, ensure_utc(day_start)), ensure_utc(next_midnight)


def check_check_in(status: str, start: datetime, now: datetime, zone: ZoneInfo = ATHENS) -> None:
    """Refuse a check-in of a cancelled or closed booking, or outside ``check_in_window``."""
    require_not_cancelled(status)
    if status in (Status.COMPLETED.value, Status.NO_SHOW.value):
        raise BookingClosed("This appointment already has its outcome: the citizen cannot be checked in.")
    if status == Status.CHECKED_IN.value:
        raise BookingClosed("The citizen has already been checked in.")
    opens, closes = check_in_window(start, zone)
    if not opens <= ensure_utc(now) < closes:
        local = ensure_utc(start).astimezone(zone)
        raise CheckInNotNow(
            f"The citizen can be checked in only on the day of the appointment ({local:%d/%m/%Y}), "
            f"from {opens.astimezone(zone):%H:%M}."
        )


def check_no_show(status: str, checked_in: bool, start: datetime, now: datetime) -> None:
    """A no-show only once the start has passed, and never for a citizen checked in (they came)."""
    require_not_cancelled(status)
    if status in (Status.COMPLETED.value, Status.NO_SHOW.value):
        raise BookingClosed("This appointment already has its outcome.")
    if checked_in or status == Status.CHECKED_IN.value:
        raise NoShowNotAllowed("The citizen has been checked in: they came, so this cannot be a no-show.")
    if ensure_utc(now) < ensure_utc(start):
        raise NoShowNotAllowed(
            "The appointment has not started yet: it cannot be a no-show before its start."
        )


def missing_documents(
    required: Iterable[Mapping[str, Any]], states: Mapping[str, str]
) -> list[MissingDocument]:
    """The required documents whose state is not settled (pending or missing), in the service's order."""
    return [
        MissingDocument(str(d["code"]), str(d.get("el", d["code"])), str(d.get("en", d["code"])))
        for d in required
        if states.get(str(d["code"]), DocumentState.PENDING.value) not in SETTLED_DOCUMENT_STATES
    ]


def check_completion(
    outcome: Outcome, missing: list[MissingDocument], total: int, *, confirmed: bool
) -> None:
    """A plain «completed» with documents not received needs the clerk's explicit confirmation."""
    if outcome is Outcome.COMPLETED and missing and not confirmed:
        raise DocumentsMissing(missing, total)
