"""The web form's server-side sessions in ``citizen_session`` (kind 'web'): read, write, end, sweep.

Rows are found by the SHA-256 of the cookie's random token, so the table alone opens nothing. A row
is only ever created under a fresh token: a write for a session whose row is gone (signed out in
another tab, swept) never brings it back, so a deleted row kills every copy of its cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Delete, delete, select, update

from service_api.auth.models import CitizenSession
from service_api.db import Store
from service_api.security import token_hash

KIND = "web"


@dataclass(frozen=True)
class StoredSession:
    data: str
    expires_at: datetime


def load(store: Store, token: str, *, now: datetime) -> StoredSession | None:
    """The session's JSON text and expiry, or None when unknown, ended or idle past its expiry."""
    with store.read() as session:
        row = session.execute(
            select(CitizenSession.data, CitizenSession.expires_at).where(
                CitizenSession.id_hash == token_hash(token), CitizenSession.kind == KIND
            )
        ).one_or_none()
    if row is None or row.expires_at <= now:
        return None
    return StoredSession(row.data, row.expires_at)


def create(
    store: Store, token: str, *, data: str, now: datetime, expires_at: datetime, replaces: str | None
) -> None:
    """A new row under a fresh token; the row it ``replaces`` (rotation) goes in the same transaction."""
    with store.write() as session:
        if replaces is not None:
            session.execute(_delete(replaces))
        session.add(
            CitizenSession(
                id_hash=token_hash(token), kind=KIND, data=data, created_at=now, expires_at=expires_at
            )
        )


def refresh(store: Store, token: str, *, data: str, expires_at: datetime) -> bool:
    """New data and expiry for an existing row; False when the row is gone (it is not recreated)."""
    with store.write() as session:
        result = session.execute(
            update(CitizenSession)
            .where(CitizenSession.id_hash == token_hash(token), CitizenSession.kind == KIND)
            .values(data=data, expires_at=expires_at)
        )
        return bool(getattr(result, "rowcount", 0))


def end(store: Store, token: str) -> None:
    """Delete the row: every copy of its cookie is dead from now on."""
    with store.write() as session:
        session.execute(_delete(token))


def purge_expired(store: Store, *, now: datetime) -> int:
    """Delete web sessions idle past their expiry (the job runner does this now and then)."""
    with store.write() as session:
        result = session.execute(
            delete(CitizenSession).where(CitizenSession.kind == KIND, CitizenSession.expires_at <= now)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _delete(token: str) -> Delete:
    return delete(CitizenSession).where(
        CitizenSession.id_hash == token_hash(token), CitizenSession.kind == KIND
    )
