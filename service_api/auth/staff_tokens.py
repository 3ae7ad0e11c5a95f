"""Staff sign-in: short-lived access tokens and rotating refresh tokens, stored only as hashes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service_api.booking.journal import Actor, audit
from service_api.config import Config
from service_api.db import Store
from service_api.domain.errors import DomainError
from service_api.domain.timeutil import utcnow
from service_api.models import Staff, StaffToken
from service_api.security import new_token, password_matches, token_hash

# Compared against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = "scrypt:32768:8:1$0000000000000000$" + "0" * 128


class AuthError(DomainError):
    code = "unauthorised"
    status = 401


class WrongCredentials(AuthError):
    """The sign-in's own refusal, told apart from a lapsed token so a client can word it."""

    code = "wrong_credentials"


class AccountDisabled(AuthError):
    code = "account_disabled"


class SignInExpired(AuthError):
    """The refresh token is unknown, expired or revoked: only the password helps now."""

    code = "sign_in_expired"


class TokenExpired(AuthError):
    """The access token is unknown or expired: refresh it (or sign in again)."""

    code = "token_expired"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: datetime
    staff: Staff


@dataclass(frozen=True)
class Principal:
    staff: Staff

    @property
    def actor(self) -> Actor:
        return Actor("staff", self.staff.id, self.staff.role, self.staff.municipality_id)


class StaffAuth:
    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config

    def login(self, username: str, password: str) -> TokenPair:
        with self.store.write() as session:
            staff = session.scalar(select(Staff).where(Staff.username == username))
            ok = password_matches(staff.password_hash if staff else _DUMMY_HASH, password)
            if staff is None or not ok or not staff.active:
                raise WrongCredentials("Wrong username or password.")
            audit(session, Actor("staff", staff.id, staff.role), "login", None)
            return self._issue(session, staff, family=secrets.token_hex(16))

    def refresh(self, refresh_token: str) -> TokenPair:
        """Swap a refresh token for a new pair; reusing an old one revokes the whole family."""
        now = utcnow()
        replayed = False
        with self.store.write() as session:
            row = session.scalar(select(StaffToken).where(StaffToken.token_hash == token_hash(refresh_token)))
            if row is None or row.kind != "refresh":
                raise SignInExpired("Unknown refresh token; please sign in again.")
            if row.revoked_at is not None:
                # A stolen token replayed after rotation: end every session of that family (committed).
                session.execute(
                    update(StaffToken).where(StaffToken.family == row.family).values(revoked_at=now)
                )
                replayed = True
            else:
                if row.expires_at <= now:
                    raise SignInExpired("Your sign-in has expired; please sign in again.")
                staff = session.get(Staff, row.staff_id)
                if staff is None or not staff.active:
                    raise AccountDisabled("This account is disabled.")
                row.revoked_at = now
                return self._issue(session, staff, family=row.family)
        assert replayed
        raise SignInExpired("This sign-in was revoked; please sign in again.")

    def logout(self, access_token: str) -> None:
        now = utcnow()
        with self.store.write() as session:
            row = session.scalar(select(StaffToken).where(StaffToken.token_hash == token_hash(access_token)))
            if row is not None:
                session.execute(
                    update(StaffToken).where(StaffToken.family == row.family).values(revoked_at=now)
                )

    def authenticate(self, access_token: str) -> Principal:
        now = utcnow()
        with self.store.read() as session:
            row = session.scalar(select(StaffToken).where(StaffToken.token_hash == token_hash(access_token)))
            if row is None or row.kind != "access" or row.revoked_at is not None:
                raise TokenExpired("Invalid token; please sign in again.")
            if row.expires_at <= now:
                raise TokenExpired("Token expired; refresh it.")
            staff = session.get(Staff, row.staff_id)
            if staff is None or not staff.active:
                raise AccountDisabled("This account is disabled.")
            session.expunge(staff)
            return Principal(staff)

    def _issue(self, session: Session, staff: Staff, *, family: str) -> TokenPair:
        now = utcnow()
        access, refresh = new_token(), new_token()
        expires = now + timedelta(minutes=self.config.access_token_minutes)
        session.add(
            StaffToken(
                staff_id=staff.id,
                token_hash=token_hash(access),
                kind="access",
                family=family,
                expires_at=expires,
            )
        )
        session.add(
            StaffToken(
                staff_id=staff.id,
                token_hash=token_hash(refresh),
                kind="refresh",
                family=family,
                expires_at=now + timedelta(days=self.config.refresh_token_days),
            )
        )
        session.flush()
        session.expunge(staff)
        return TokenPair(access, refresh, expires, staff)
