"""A booking's no-show rescue state as the server sends it (issue 18): plain data, no Qt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# What the server's attendance evidence may say; anything else (a newer server) reads as unknown.
ATTENDANCE = ("joined", "absent", "unclear")


@dataclass(frozen=True)
class RescueInfo:
    """When the citizen counts as missing, whether «we missed you» went, what Teams reported."""

    minutes: int
    due_at: datetime | None
    missed_you_sent_at: datetime | None = None
    attendance: str | None = None  # "joined", "absent", "unclear" (the clerk decides), or None while unknown
    attended_seconds: int | None = None


def _moment(raw: Any) -> datetime | None:
    return datetime.fromisoformat(raw) if isinstance(raw, str) and raw else None


def rescue_from_json(raw: Any) -> RescueInfo | None:
    """The ``rescue`` object of a booking's JSON; None from an older server that sends none."""
    if not isinstance(raw, dict):
        return None
    seconds = raw.get("attended_seconds")
    return RescueInfo(
        minutes=int(raw.get("minutes") or 0),
        due_at=_moment(raw.get("due_at")),
        missed_you_sent_at=_moment(raw.get("missed_you_sent_at")),
        attendance=raw.get("attendance") if raw.get("attendance") in ATTENDANCE else None,
        attended_seconds=seconds if isinstance(seconds, int) else None,
    )


def tel_url(phone: str) -> str:
    """A ``tel:`` URL (RFC 3966, global form) of the number the citizen gave; Greek numbers of ten digits
    get +30. Empty when there is no number to dial."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not digits.startswith("+") and len(digits) == 10 and digits[0] in "26":
        digits = "+30" + digits
    if not re.fullmatch(r"\+?\d{5,15}", digits):
        return ""
    return f"tel:{digits}"
