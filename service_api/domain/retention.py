"""What of a citizen outlives the retention period: the service's own words stay, people's words go."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from service_api.domain.kinds import COVER_REASON, HOLD_EXPIRED, HOLD_RELEASED
from service_api.domain.policy import ActorKind

# An Idempotency-Key promises a safe retry of one request; nobody retries a booking a day later, and
# the key's row holds a hash of the citizen's details.
IDEMPOTENCY_KEY_LIFETIME = timedelta(days=1)

# Reasons the service writes itself: a lapsed or given-back hold, a clerk's absence, the default of
# each kind of canceller. They say nothing about a person, and statistics count some of them.
SERVICE_REASONS = frozenset(
    {HOLD_EXPIRED, HOLD_RELEASED, COVER_REASON, *(f"cancelled_by_{kind.value}" for kind in ActorKind)}
)

# Audit details a person may have typed (a cancellation's or a move's reason).
FREE_TEXT_DETAILS = ("reason",)


def retention_cutoff(now: datetime, days: int) -> datetime:
    """Appointments that ended before this moment are forgotten.

    At least one day: zero or a negative number would reach appointments still to come.
    """
    if days < 1:
        raise ValueError(f"The retention period must be at least 1 day, not {days}.")
    return now - timedelta(days=days)


def kept_reason(reason: str) -> str:
    """A cancellation's reason after the purge: the service's own word, or nothing."""
    return reason if reason in SERVICE_REASONS else ""


def kept_audit_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """An audit row's details after the purge: ids, times and states stay, free text people typed goes."""
    return {
        key: kept_reason(value) if key in FREE_TEXT_DETAILS and isinstance(value, str) else value
        for key, value in details.items()
    }
