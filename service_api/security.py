"""Secrets in one place: keyed hashes of personal identifiers, manage-link tokens, passwords."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

MANAGE_TOKEN_MAX_AGE = 400 * 86400  # a booking is at most a horizon ahead, plus time to look back
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as booking references: no 0/O, 1/I/L
SHORT_MAC_LENGTH = 10


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """HMAC-SHA256 of a personal identifier (AFM, e-mail) so we can match it without storing it."""
    return hmac.new(f"{purpose}:{secret}".encode(), value.encode(), hashlib.sha256).hexdigest()


def citizen_key(secret: str, email: str, afm: str | None = None, *, phone: str = "") -> str:
    """Who a booking belongs to, for the per-citizen limit: the AFM when TAXISnet gave it, else the e-mail.

    A caller booked by staff without an e-mail is known by their phone, so callers without an address
    do not all count as one citizen.
    """
    if afm:
        return keyed_hash(secret, "citizen-afm", afm.strip())
    if not email.strip() and phone.strip():
        return keyed_hash(secret, "citizen-phone", phone.strip())
    return keyed_hash(secret, "citizen", email.strip().lower())


def afm_hash(secret: str, afm: str) -> str:
    return keyed_hash(secret, "afm", afm.strip())


def token_hash(token: str) -> str:
    """Bearer tokens are random, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    return check_password_hash(stored_hash, password)


class ManageTokens:
    """Signed manage links bound to a booking and its link version: a reschedule kills old links."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="dimos-manage-booking")
        self._short_key = f"dimos-manage-short:{secret}".encode()

    def short(self, reference: str, link_version: int) -> str:
        """The short form of a manage link for an SMS (``/m/<code>``): the reference without its dash,
        then ten characters of a keyed hash of it and the link version (some 49 bits: guessed at no
        rate a server answers). Letters and digits of the reference's own alphabet, no look-alikes."""
        digest = hmac.new(self._short_key, f"{reference}:{link_version}".encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:10])
        mac = ""
        for _ in range(SHORT_MAC_LENGTH):
            number, index = divmod(number, len(SHORT_ALPHABET))
            mac += SHORT_ALPHABET[index]
        return reference.replace("-", "") + mac

    def read_short(self, code: str, link_version_of: Callable[[str], int | None]) -> tuple[str, int] | None:
        """``(reference, link_version)`` a short code opens, or None. ``link_version_of(reference)``
        gives the booking's link version now (None: no such booking), so a reschedule kills old short
        links too."""
        code = code.strip().upper()
        body = code[:-SHORT_MAC_LENGTH]
        if len(body) != 8 or not all(ch in SHORT_ALPHABET for ch in code):
            return None
        reference = f"{body[:4]}-{body[4:]}"
        version = link_version_of(reference)
        if version is None or not hmac.compare_digest(self.short(reference, version), code):
            return None
        return reference, version

    def issue(self, reference: str, link_version: int) -> str:
        return self._serializer.dumps([reference, link_version])

    def read(self, token: str) -> tuple[str, int] | None:
        """``(reference, link_version)`` or None for anything tampered, expired or malformed."""
        try:
            data = self._serializer.loads(token, max_age=MANAGE_TOKEN_MAX_AGE)
        except (BadSignature, SignatureExpired):
            return None
        if (
            not isinstance(data, list)
            or len(data) != 2
            or not isinstance(data[0], str)
            or not isinstance(data[1], int)
        ):
            return None
        return data[0], data[1]


# A waitlist entry lasts at most its range of days (bounded by the horizon): a year is plenty.
WAITLIST_LINK_MAX_AGE = 400 * 86400


class WaitlistLinks:
    """Signed links of a waitlist e-mail: accept the offer, or leave the list; bound to the entry."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="dimos-waitlist-entry")

    def issue(self, entry_id: int) -> str:
        return self._serializer.dumps(["waitlist", entry_id])

    def read(self, token: str) -> int | None:
        """The entry's id, or None for anything tampered, expired or malformed."""
        if not token or len(token) > 500:
            return None
        try:
            data = self._serializer.loads(token, max_age=WAITLIST_LINK_MAX_AGE)
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, list) or len(data) != 2 or data[0] != "waitlist" or type(data[1]) is not int:
            return None
        return int(data[1])


class PreflightLinks:
    """The short link of the «test your connection» page (issue 18), ``/t/<code>``: the reference
    without its dash and ten characters of a keyed hash of it. It opens the check of one booking and
    nothing else (no manage rights), so it needs no link version; a cancelled booking refuses it."""

    def __init__(self, secret: str) -> None:
        self._key = f"dimos-preflight:{secret}".encode()

    def code(self, reference: str) -> str:
        digest = hmac.new(self._key, reference.encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:10])
        mac = ""
        for _ in range(SHORT_MAC_LENGTH):
            number, index = divmod(number, len(SHORT_ALPHABET))
            mac += SHORT_ALPHABET[index]
        return reference.replace("-", "") + mac

    def read(self, code: str) -> str | None:
        """The booking reference ``code`` names, or None for anything tampered or malformed."""
        code = code.strip().upper()
        body = code[:-SHORT_MAC_LENGTH]
        if len(code) > 40 or len(body) != 8 or not all(ch in SHORT_ALPHABET for ch in code):
            return None
        reference = f"{body[:4]}-{body[4:]}"
        return reference if hmac.compare_digest(self.code(reference), code) else None
