"""The local cache: last synced bookings, the change-feed cursor, and the durable queue of offline writes.

A plain SQLite file per server and clerk; every method takes the lock, so the GUI, the sync
thread and the action thread may share one instance.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from clerk_desktop.client.actions import Action
from clerk_desktop.models.freshness import Freshness
from clerk_desktop.models.gc_pause import gc_paused

SCHEMA = """
CREATE TABLE IF NOT EXISTS booking (reference TEXT PRIMARY KEY, start TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS booking_start ON booking (start);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, path TEXT NOT NULL, body TEXT,
    reference TEXT NOT NULL, label TEXT NOT NULL
);
"""


def default_cache_path(server: str, username: str) -> Path:
    digest = hashlib.sha256(f"{server.rstrip('/')}|{username}".encode()).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("dimos-clerk-desktop", appauthor=False)) / f"{digest}.sqlite3"


class LocalCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        # As in the BookingStore: an older answer must not undo a single arrival or a removal.
        self._freshness = Freshness()

    def mark(self) -> int:
        """Take before asking the server for a range; hand to ``replace_range`` with its answer."""
        with self._lock:
            return self._freshness.mark()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ bookings
    def replace_range(
        self,
        start_iso: str,
        end_iso: str,
        bookings: list[dict[str, Any]],
        keys: list[str] | None = None,
        *,
        as_of: int | None = None,
    ) -> None:
        """Make the cache's view of ``[start, end)`` what the server just returned.

        ``keys`` (UTC start keys, one per booking) spare parsing the times again when the caller has.
        With ``as_of`` (a ``mark`` taken before the request) bookings the feed or an action changed
        since are left as they are: the answer may be older than that change.
        """
        starts = keys if keys is not None else [_utc_key(b["start"]) for b in bookings]
        with self._lock, gc_paused():
            newer = self._freshness.changed_since(as_of) if as_of is not None else set()
            rows = [
                (b["reference"], key, orjson.dumps(b))
                for b, key in zip(bookings, starts, strict=True)
                if b["reference"] not in newer
                and not self._freshness.is_removed(b["reference"], int(b.get("version", 1)))
            ]
            self._db.execute("BEGIN")
            self._db.execute(
                "DELETE FROM booking WHERE start >= ? AND start < ?"
                f" AND reference NOT IN ({','.join('?' * len(newer))})",
                (start_iso, end_iso, *sorted(newer)),
            )
            self._db.executemany("INSERT OR REPLACE INTO booking VALUES (?, ?, ?)", rows)
            self._db.execute("COMMIT")

    def upsert(self, booking: dict[str, Any]) -> None:
        """Keep a booking as the server sent it, unless a later version is kept or it was removed since."""
        reference, version = booking["reference"], int(booking.get("version", 1))
        with self._lock:
            self._freshness.note(reference)
            if self._freshness.is_removed(reference, version):
                return
            kept = self._db.execute("SELECT body FROM booking WHERE reference = ?", (reference,)).fetchone()
            if kept is not None and int(orjson.loads(kept[0]).get("version", 1)) > version:
                return
            self._db.execute(
                "INSERT OR REPLACE INTO booking VALUES (?, ?, ?)",
                (booking["reference"], _utc_key(booking["start"]), orjson.dumps(booking)),
            )

    def remove(self, reference: str, version: int = 0) -> None:
        with self._lock:
            self._freshness.note_removed(reference, version)
            self._db.execute("DELETE FROM booking WHERE reference = ?", (reference,))

    def bookings_between(self, start_iso: str, end_iso: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM booking WHERE start >= ? AND start < ? ORDER BY start", (start_iso, end_iso)
            ).fetchall()
        return [orjson.loads(r[0]) for r in rows]

    # ------------------------------------------------------------ meta
    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------ queue
    def enqueue(self, action: Action) -> Action:
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO queue (method, path, body, reference, label) VALUES (?, ?, ?, ?, ?)",
                (action.method, action.path, json.dumps(action.body), action.reference, action.label),
            )
        return Action(
            action.method,
            action.path,
            action.body,
            action.reference,
            action.label,
            int(cursor.lastrowid or 0),
        )

    def pending(self) -> list[Action]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, method, path, body, reference, label FROM queue ORDER BY id"
            ).fetchall()
        return [Action(m, p, json.loads(b) if b else None, r, label, int(i)) for i, m, p, b, r, label in rows]

    def done(self, action_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM queue WHERE id = ?", (action_id,))


def utc_key(moment: datetime) -> str:
    """``2026-12-01T06:00:00``: ISO without fraction or offset (``isoformat`` is ~3× ``strftime``)."""
    return moment.astimezone(UTC).isoformat()[:19]


def _utc_key(iso: str) -> str:
    """Sortable UTC key of an ISO time with an offset, so range queries compare instants."""
    return utc_key(datetime.fromisoformat(iso))
