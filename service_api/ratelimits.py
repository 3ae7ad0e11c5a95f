"""Rate-limit counters in the service's own database, so every server process counts together.

flask-limiter keeps its counters in memory by default. Under gunicorn each worker would then count
on its own, so a client would get one allowance per worker. This storage keeps the fixed-window
counters of the ``limits`` library in the ``rate_limit_counter`` table instead. That table is
UNLOGGED on PostgreSQL (see migration 0004). Each rate-limited request costs one upsert, committed
on its own. ``DIMOS_RATELIMIT_STORAGE`` chooses it (``database``, the default on PostgreSQL),
or memory, or any URI the ``limits`` library knows (e.g. ``redis://``).
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from service_api.db import autocommit

SCHEME = "dimos-database"

# One statement: start a new window if the old one has passed, else add to it. SQLite (3.35+) and
# PostgreSQL both take this form of upsert with RETURNING.
_INCREMENT = text(
    "INSERT INTO rate_limit_counter (key, count, expires_at) VALUES (:key, :amount, :expires) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_limit_counter.expires_at <= :now THEN :amount "
    "ELSE rate_limit_counter.count + :amount END, "
    "expires_at = CASE WHEN rate_limit_counter.expires_at <= :now THEN :expires "
    "ELSE rate_limit_counter.expires_at END "
    "RETURNING count"
)
_COUNT = text("SELECT count FROM rate_limit_counter WHERE key = :key AND expires_at > :now")
_EXPIRY = text("SELECT expires_at FROM rate_limit_counter WHERE key = :key AND expires_at > :now")


class DatabaseStorage(Storage):
    """The ``limits`` storage interface over one SQLAlchemy engine (fixed-window strategy)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, *, engine: Engine, **options: Any
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        # Each statement stands alone (the upsert is atomic by itself): autocommit spares the
        # BEGIN and COMMIT round trips on every rate-limited request.
        self.engine = autocommit(engine)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self.engine.connect() as connection:
            count = connection.execute(
                _INCREMENT, {"key": key, "amount": amount, "expires": now + expiry, "now": now}
            ).scalar_one()
        return int(count)

    def get(self, key: str) -> int:
        with self.engine.connect() as connection:
            count = connection.execute(_COUNT, {"key": key, "now": time.time()}).scalar()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with self.engine.connect() as connection:
            expires = connection.execute(_EXPIRY, {"key": key, "now": now}).scalar()
        return float(expires) if expires is not None else now

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.engine.connect() as connection:
            return int(connection.execute(text("DELETE FROM rate_limit_counter")).rowcount or 0)

    def clear(self, key: str) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("DELETE FROM rate_limit_counter WHERE key = :key"), {"key": key})


def purge_expired(engine: Engine, *, now: float | None = None) -> int:
    """Delete the counters of windows that have passed (the job runner does this now and then)."""
    with engine.begin() as connection:
        result = connection.execute(
            text("DELETE FROM rate_limit_counter WHERE expires_at < :now"),
            {"now": time.time() if now is None else now},
        )
    return int(result.rowcount or 0)
