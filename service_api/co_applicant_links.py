"""Signed links of a co-applicant (issue 18): their page to confirm, see or cancel a joint booking.

Bound to the booking's reference, the co-applicant's position and the booking's link version, like
the booker's manage links: a reschedule or a cancellation kills the old ones.
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from service_api.security import MANAGE_TOKEN_MAX_AGE


class CoApplicantLinks:
    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="dimos-co-applicant")

    def issue(self, reference: str, position: int, link_version: int) -> str:
        return self._serializer.dumps(["co", reference, position, link_version])

    def read(self, token: str) -> tuple[str, int, int] | None:
        """``(reference, position, link_version)``, or None for anything tampered or expired."""
        if not token or len(token) > 500:
            return None
        try:
            data = self._serializer.loads(token, max_age=MANAGE_TOKEN_MAX_AGE)
        except (BadSignature, SignatureExpired):
            return None
        if (
            not isinstance(data, list)
            or len(data) != 4
            or data[0] != "co"
            or not isinstance(data[1], str)
            or type(data[2]) is not int
            or type(data[3]) is not int
        ):
            return None
        return data[1], data[2], data[3]

    def url(self, public_url: str, reference: str, position: int, link_version: int, language: str) -> str:
        token = self.issue(reference, position, link_version)
        lang = "en" if language == "en" else "el"
        return f"{public_url.rstrip('/')}/co-applicant/{reference}/{position}?lang={lang}&token={token}"
