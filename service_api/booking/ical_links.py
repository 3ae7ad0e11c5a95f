"""A clerk's secret calendar-feed link: derived, so it can be shown again; rotated only on request.

Why derived rather than stored: Outlook subscribes to one URL and keeps polling it. The clerk must be
able to look the link up again (a second PC, a new Outlook) without breaking that subscription, so the
server has to recompute the *current* URL, yet a copy of the database alone must not reveal it.
The token is therefore ``<staff id>-HMAC(secret key, staff id, salt)``: the random per-staff ``salt``
is what the database keeps (in ``staff.ical_token_hash``, as ``hmac:<salt>``), the secret key stays in
the configuration. Showing the link recomputes it; rotating draws a new salt, so the old URL answers
404 at once; revoking forgets the salt. Changing ``DIMOS_SECRET_KEY`` changes every clerk's link.

Deployments from before kept only a SHA-256 of a random token. That token cannot be shown again, but
its URL keeps working beside the derived one (``hmac:<salt>:<old hash>``) until the clerk rotates or
revokes, so no existing Outlook subscription breaks when the desktop is updated. No migration needed.
"""

from __future__ import annotations

import hmac
import secrets

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.booking.journal import Actor
from service_api.booking.service import BookingService
from service_api.domain.errors import NotFound
from service_api.models import Staff
from service_api.security import keyed_hash, token_hash

DERIVED_PREFIX = "hmac:"
MAX_TOKEN_LENGTH = 200  # ours are under 80 characters; anything much longer is not worth hashing
PURPOSE = "ical-feed"


def feed_token(secret: str, staff_id: int, salt: str) -> str:
    """The URL token of a clerk's feed for one salt: the staff id (to find the row) and its HMAC."""
    return f"{staff_id}-{keyed_hash(secret, PURPOSE, f'{staff_id}:{salt}')}"


def _salt_and_legacy(stored: str | None) -> tuple[str | None, str | None]:
    """Split ``staff.ical_token_hash`` into (salt of the derived link, hash of a pre-derivation token)."""
    if not stored:
        return None, None
    if not stored.startswith(DERIVED_PREFIX):
        return None, stored  # a link issued before links were derived
    salt, _, legacy = stored[len(DERIVED_PREFIX) :].partition(":")
    return salt or None, legacy or None


def current_feed_token(service: BookingService, actor: Actor) -> str:
    """The clerk's current feed token; the first time (or after a revocation) one is made."""
    secret = service.config.secret_key
    with service.transaction() as session:
        staff = _staff(session, actor.id)
        salt, legacy = _salt_and_legacy(staff.ical_token_hash)
        if salt is None:
            salt = secrets.token_urlsafe(16)
            # An old token's hash rides along: its subscriptions keep working until a rotation.
            staff.ical_token_hash = f"{DERIVED_PREFIX}{salt}" + (f":{legacy}" if legacy else "")
            journal.audit(session, actor, "ical_token_created", None, staff_id=staff.id)
        return feed_token(secret, staff.id, salt)


def rotate_feed_token(service: BookingService, actor: Actor) -> str:
    """A new feed token for the clerk; every earlier URL (derived or older) stops working at once."""
    salt = secrets.token_urlsafe(16)
    with service.transaction() as session:
        staff = _staff(session, actor.id)
        staff.ical_token_hash = f"{DERIVED_PREFIX}{salt}"
        journal.audit(session, actor, "ical_token_rotated", None, staff_id=staff.id)
        return feed_token(service.config.secret_key, staff.id, salt)


def staff_for_token(session: Session, secret: str, token: str) -> Staff | None:
    """The active staff member whose current feed token this is, or None (unknown, revoked, rotated)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    staff_part, _, digest = token.partition("-")
    if staff_part.isdigit() and digest:
        staff = session.get(Staff, int(staff_part))
        if staff is not None and staff.active:
            salt, _ = _salt_and_legacy(staff.ical_token_hash)
            if salt is not None and hmac.compare_digest(feed_token(secret, staff.id, salt), token):
                return staff
    old = token_hash(token)
    return session.scalar(
        select(Staff).where(
            or_(Staff.ical_token_hash == old, Staff.ical_token_hash.endswith(f":{old}")),
            Staff.active.is_(True),
        )
    )


def _staff(session: Session, staff_id: int | None) -> Staff:
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    if staff is None:
        raise NotFound("No such staff member.")
    return staff
