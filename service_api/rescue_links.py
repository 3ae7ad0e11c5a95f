"""Signed one-click links of a «we missed you» e-mail (issue 18): one per offered time.

Each is bound to the booking's reference, its link version and the time it offers, so a reschedule or
cancellation (which bumps the link version) revokes every other link of the e-mail at once.
"""

from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

# The offered times lie within days; a month is plenty.
RESCUE_LINK_MAX_AGE = 31 * 86400


class RescueLinks:
    """Issue and read the token of a rescue link; the caller still checks the link version."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="dimos-missed-you")

    def issue(self, reference: str, link_version: int, start: datetime) -> str:
        return self._serializer.dumps(["missed", reference, link_version, start.isoformat()])

    def read(self, token: str) -> tuple[str, int, datetime] | None:
        """``(reference, link_version, start)`` or None for anything tampered, expired or malformed."""
        if not token or len(token) > 600:
            return None
        try:
            data = self._serializer.loads(token, max_age=RESCUE_LINK_MAX_AGE)
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, list) or len(data) != 4 or data[0] != "missed":
            return None
        _, reference, version, start = data
        if not isinstance(reference, str) or type(version) is not int or not isinstance(start, str):
            return None
        try:
            moment = datetime.fromisoformat(start)
        except ValueError:
            return None
        return (reference, version, moment) if moment.tzinfo is not None else None


def choice_links(
    links: RescueLinks,
    *,
    reference: str,
    link_version: int,
    starts: list[datetime],
    language: str,
    timezone: str,
    public_url: str,
) -> tuple[tuple[str, str], ...]:
    """Each offered time as the citizen reads it (their zone, their language) with its signed link."""
    from service_api.domain.timeutil import ATHENS, zone_or_none
    from service_api.notifications.mail import format_when

    zone = zone_or_none(timezone) or ATHENS
    lang = "en" if language == "en" else "el"
    base = f"{public_url.rstrip('/')}/missed/{reference}"
    return tuple(
        (
            format_when(start, zone, lang),
            f"{base}?lang={lang}&token={links.issue(reference, link_version, start)}",
        )
        for start in starts
    )
