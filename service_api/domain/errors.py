"""Domain exceptions: raised deep down, turned into HTTP or HTML answers at the edges."""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """A rule said no. ``code`` is stable and machine-readable; the message is for people."""

    code = "rule_violation"
    status = 422
    # The key of the citizen form's Greek/English words for it (web/texts.py); the message otherwise.
    text_key: str | None = None

    def __init__(
        self, message: str, *, fields: dict[str, str] | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.retry_after = retry_after  # seconds, sent as Retry-After (429 and 503)


class SlotUnavailable(DomainError):
    code = "slot_unavailable"
    status = 409


class RuleViolation(DomainError):
    code = "rule_violation"
    status = 422


class TimeNotOffered(RuleViolation):
    """A start this service never offers (past, too soon, beyond the horizon, off the grid): not taken.

    ``problem`` is the domain's ``SlotProblem`` value, so each surface can word it.
    """

    code = "time_not_offered"

    def __init__(self, message: str, *, problem: str) -> None:
        super().__init__(message, fields={"start": message})
        self.problem = problem


class ClerkNotQualified(RuleViolation):
    """The clerk who should keep a booking no longer serves its service in its mode."""

    code = "clerk_not_qualified"


class CitizenLimitReached(DomainError):
    code = "citizen_limit_reached"
    status = 409


class InvalidTransition(DomainError):
    """409; for a booking's status, ``from`` and ``to`` travel in the answer so a client can word it."""

    code = "invalid_transition"
    status = 409

    def __init__(
        self,
        message: str,
        *,
        current: str | None = None,
        target: str | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message, fields=fields)
        self.details: dict[str, str] = {"from": current, "to": target} if current and target else {}


class NotQualified(RuleViolation):
    """422: the clerk chosen does not serve the booking's service in its mode; ``staff`` names them."""

    code = "not_qualified"

    def __init__(self, message: str, *, staff: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message, fields=fields)
        self.details = {"staff": staff}


class VersionConflict(DomainError):
    code = "version_conflict"
    status = 409


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class IdempotencyMismatch(DomainError):
    code = "idempotency_key_reused"
    status = 422


class TooManyRequests(DomainError):
    code = "too_many_requests"
    status = 429


class Unavailable(DomainError):
    """Something we depend on is down for now: try again later (``retry_after``)."""

    code = "service_unavailable"
    status = 503


class MailUnavailable(Unavailable):
    """The mail server did not take a message that had to go out at once (a sign-in code)."""

    code = "mail_unavailable"


class NothingFreeNow(SlotUnavailable):
    """No qualified clerk can take a walk-in now; ``next_free`` is the first free start later today, if any.

    The API adds the next free time (``details``) so the desk can offer it at once.
    """

    code = "nothing_free_now"

    def __init__(self, message: str, *, next_free: datetime | None = None) -> None:
        super().__init__(message)
        self.next_free = next_free
        self.details: dict[str, object] = {}
