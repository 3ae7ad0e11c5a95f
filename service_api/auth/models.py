"""Tables of citizen sign-in: pending OAuth states, e-mailed one-time codes and the login audit trail."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service_api.orm import Base, UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class CitizenLoginState(Base):
    """An OAuth ``state`` we issued, kept server-side so a callback is accepted once and only if ours.

    Only the SHA-256 of the state is stored: the value itself travels in the browser's URL.
    """

    __tablename__ = "citizen_login_state"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    return_to: Mapped[str] = mapped_column(String(500), default="")


class CitizenEmailCode(Base):
    """A one-time sign-in code sent by e-mail, stored only as a keyed hash bound to the address."""

    __tablename__ = "citizen_email_code"
    __table_args__ = (CheckConstraint("attempts >= 0", name="attempts_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who asked (a keyed hash of the client address): codes are limited per address *and* client.
    client_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class CitizenLoginAudit(Base):
    """Append-only record of citizen sign-ins, with the AFM and IP only as keyed hashes."""

    __tablename__ = "citizen_login_audit"
    __table_args__ = (CheckConstraint("outcome IN ('success', 'failure')", name="outcome_known"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now, index=True)
    provider: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200), default="")
    taxid_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    ip_hash: Mapped[str | None] = mapped_column(String(64))


class CitizenSession(Base):
    """A citizen's signed-in session, kept server-side: a web cookie's data or an API bearer token.

    The browser or the API client holds only a random token; the row is found by its SHA-256, so the
    table alone opens nothing. Signing out deletes the row, and with it every copy of the cookie or token.
    ``data`` is JSON: for the web, the whole Flask session (language, identity, form progress); for the
    API, ``{"citizen": {...}}``.
    """

    __tablename__ = "citizen_session"
    __table_args__ = (CheckConstraint("kind IN ('web', 'api')", name="kind_known"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
