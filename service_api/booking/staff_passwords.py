"""Staff passwords: a supervisor's reset (temporary password or one-time link), and a person's own change.

A reset ends the old password and every sign-in at once; a temporary password must be replaced at
the next sign-in (``Staff.must_change_password``, enforced by ``api/helpers.current_principal``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.booking.service import BookingService
from service_api.booking.staff_admin import UNUSABLE_PASSWORD, revoke_tokens, visible_staff
from service_api.domain.errors import Forbidden, NotFound, RuleViolation
from service_api.domain.policy import Actor, may_manage_staff
from service_api.models import Staff, StaffPasswordLink
from service_api.passwords import require_acceptable_password
from service_api.security import hash_password, new_token, password_matches, token_hash

# Long enough to reach a new colleague by e-mail over a weekend, short enough to be worth little if lost.
LINK_LIFETIME = timedelta(hours=72)
# Words from an alphabet without look-alikes (no 0/O, 1/l/I), read out over the phone if need be.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_LENGTH = 16


class ResetMethod(StrEnum):
    TEMPORARY = "temporary"
    LINK = "link"


@dataclass(frozen=True)
class PasswordIssue:
    """What the supervisor hands on: a temporary password, or a link token and when it lapses."""

    method: ResetMethod
    temporary_password: str | None = None
    link_token: str | None = None
    expires_at: datetime | None = None


def temporary_password() -> str:
    return "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))


def issue_password(
    session: Session, actor: Actor, staff: Staff, method: ResetMethod, now: datetime
) -> PasswordIssue:
    """Inside a write: end the old password and sign-ins, and make a temporary password or a link."""
    revoke_tokens(session, staff.id, now)
    journal.audit(session, actor, "password_reset", None, staff_id=staff.id, method=method.value)
    if method == ResetMethod.TEMPORARY:
        password = temporary_password()
        staff.password_hash = hash_password(password)
        staff.must_change_password = True
        return PasswordIssue(method, temporary_password=password)
    token = new_token()
    expires = now + LINK_LIFETIME
    staff.password_hash = UNUSABLE_PASSWORD
    staff.must_change_password = False
    session.add(
        StaffPasswordLink(
            staff_id=staff.id, token_hash=token_hash(token), expires_at=expires, created_by=actor.id
        )
    )
    return PasswordIssue(method, link_token=token, expires_at=expires)


def reset_password(
    service: BookingService, actor: Actor, staff_id: int, method: ResetMethod
) -> PasswordIssue:
    """A supervisor (their municipality, not admins) or an admin resets someone else's password."""
    with service.transaction() as session:
        staff = visible_staff(session, actor, staff_id)
        if staff.id == actor.id:
            raise Forbidden("Change your own password with POST /api/v1/me/password.")
        if not may_manage_staff(actor, target_role=staff.role, municipality_id=staff.municipality_id):
            raise Forbidden("You may not reset this staff member's password.")
        if not staff.active:
            raise RuleViolation(
                "This account is deactivated; reactivate it first.", fields={"staff_id": "Deactivated."}
            )
        return issue_password(session, actor, staff, method, service.clock())


def change_own_password(
    service: BookingService, actor: Actor, *, old_password: str, new_password: str
) -> None:
    """Old and new: the old one proves it is really them at this desk, not a borrowed session."""
    with service.transaction() as session:
        staff = session.get(Staff, actor.id)
        if staff is None:
            raise NotFound("No such staff member.")
        if not password_matches(staff.password_hash, old_password):
            raise RuleViolation("The current password is wrong.", fields={"old_password": "Wrong password."})
        require_acceptable_password(new_password, username=staff.username, field="new_password")
        if new_password == old_password:
            raise RuleViolation(
                "The new password must differ from the current one.",
                fields={"new_password": "Same as the current password."},
            )
        staff.password_hash = hash_password(new_password)
        staff.must_change_password = False
        journal.audit(session, actor, "password_changed", None, staff_id=staff.id)


def _open_link(session: Session, token: str, now: datetime) -> tuple[StaffPasswordLink, Staff] | None:
    link = session.scalar(select(StaffPasswordLink).where(StaffPasswordLink.token_hash == token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    staff = session.get(Staff, link.staff_id)
    if staff is None or not staff.active:
        return None
    return link, staff


def link_username(service: BookingService, token: str) -> str | None:
    """Whose password a link sets, or ``None`` when it is unknown, used, expired or its account gone."""
    with service.store.read() as session:
        opened = _open_link(session, token, service.clock())
        return opened[1].username if opened else None


def set_password_from_link(service: BookingService, token: str, new_password: str) -> str:
    """Use a link once: set the password, and return the username to sign in with."""
    with service.transaction() as session:
        now = service.clock()
        opened = _open_link(session, token, now)
        if opened is None:
            raise NotFound(
                "This link is unknown, already used or expired; ask your supervisor for a new one."
            )
        link, staff = opened
        require_acceptable_password(new_password, username=staff.username)
        staff.password_hash = hash_password(new_password)
        staff.must_change_password = False
        link.used_at = now
        revoke_tokens(session, staff.id, now)
        journal.audit(session, Actor.system(), "password_set_from_link", None, staff_id=staff.id)
        return staff.username
