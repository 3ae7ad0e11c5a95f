"""Citizen bearer tokens for the API: who proved an e-mail address (or signed in with TAXISnet).

A token is random and stored only as its SHA-256 in ``citizen_session`` (kind ``api``), with the
identity it proves. The identity is the only source of the booking's e-mail and AFM: the request
body can never claim them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from service_api.auth.models import CitizenSession
from service_api.db import Store, autocommit
from service_api.domain.timeutil import ensure_utc
from service_api.security import new_token, token_hash

# Told apart from staff tokens by this prefix, so one lookup decides who is calling.
TOKEN_PREFIX = "cit_"
TOKEN_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class CitizenIdentity:
    """A verified citizen: ``email`` proved by a code ("" if TAXISnet gave none); ``afm`` only from GSIS."""

    via: str  # "email" or "taxisnet"
    email: str = ""
    name: str = ""
    afm: str | None = None

    @property
    def via_taxisnet(self) -> bool:
        return self.via == "taxisnet"

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> CitizenIdentity | None:
        """The identity a session holds, or None for anything that is not one."""
        if not isinstance(data, dict) or data.get("via") not in ("email", "taxisnet"):
            return None
        afm = data.get("afm")
        return cls(
            via=str(data["via"]),
            email=str(data.get("email") or ""),
            name=str(data.get("name") or ""),
            afm=str(afm) if afm and data["via"] == "taxisnet" else None,
        )


def is_citizen_token(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX)


def issue_token(store: Store, identity: CitizenIdentity, *, now: datetime) -> tuple[str, datetime]:
    """A new bearer token for ``identity`` and when it expires."""
    token = TOKEN_PREFIX + new_token()
    expires_at = now + TOKEN_LIFETIME
    with store.write() as session:
        session.add(
            CitizenSession(
                id_hash=token_hash(token),
                kind="api",
                data=json.dumps({"citizen": identity.as_dict()}),
                created_at=now,
                expires_at=expires_at,
            )
        )
    return token, expires_at


def identity_for_token(store: Store, token: str, *, now: datetime) -> CitizenIdentity | None:
    """Who the token proves, or None when it is unknown, revoked or expired.

    One statement outside a transaction (no BEGIN or ROLLBACK round trips): it runs before every
    citizen's booking.
    """
    if not is_citizen_token(token):
        return None
    with autocommit(store.engine).connect() as connection:
        row = connection.execute(
            select(CitizenSession.data, CitizenSession.expires_at).where(
                CitizenSession.id_hash == token_hash(token), CitizenSession.kind == "api"
            )
        ).first()
    if row is None or ensure_utc(row.expires_at) <= now:
        return None
    try:
        data = json.loads(row.data)
    except ValueError:
        return None
    return CitizenIdentity.from_dict(data.get("citizen") if isinstance(data, dict) else None)


def revoke_token(store: Store, token: str) -> None:
    """Sign out: the token stops working everywhere at once."""
    with store.write() as session:
        session.execute(
            delete(CitizenSession).where(
                CitizenSession.id_hash == token_hash(token), CitizenSession.kind == "api"
            )
        )


def purge_expired(store: Store, *, now: datetime) -> int:
    """Delete expired API tokens: they open nothing, and they name a citizen's address."""
    with store.write() as session:
        result = session.execute(
            delete(CitizenSession).where(CitizenSession.kind == "api", CitizenSession.expires_at <= now)
        )
    return int(getattr(result, "rowcount", 0) or 0)
