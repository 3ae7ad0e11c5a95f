"""The local cache: last synced bookings, the change-feed cursor, and the durable queue of offline writes.

One SQLite file per server and clerk, and nothing personal in it as plain text (issue 17):

- **Sealed.** Each booking's JSON (the citizen's name, phone, e-mail, notes) and each queued write
  (notes and identity remarks are free text about the citizen) is sealed with AES-GCM under a
  256-bit key kept in the system keyring (``token_store.load_cache_key``), one key per server and
  clerk, made on first use. Only what is needed to find rows stays readable: a booking's reference,
  its start (UTC) and version, and the feed's cursor.
- **No keyring, no file.** When the keyring cannot keep the key the cache lives in memory only, for
  as long as the program runs (the session tells the user, as it does for the sign-in token).
- **A file it cannot read is removed.** An older version's plain file (its queued writes are moved
  into the sealed cache first), a file sealed with another key or with a key the keyring no longer
  has, or one that is not a cache at all: it is deleted and the cache starts empty. A row that does
  not open is treated as absent. Other clerks' plain files on the PC go too, unless they still
  hold writes to send: those wait for their own clerk's next start.
- **Only the weeks the clerk works offline.** Bookings are kept from the Monday of last week to the
  end of the fourth week after this one (``kept_window``, six weeks in Athens time); everything
  else is pruned when the cache opens and whenever bookings are saved, and never written.
- **Gone at sign-out.** ``forget_local_cache`` deletes the file and its key (``DesktopSession.sign_out``).
  Without the key the sealed bytes a disk may still hold are unreadable.

Every method takes the lock, so the GUI, the sync thread and the action thread may share one instance.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import orjson
import platformdirs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clerk_desktop.client import token_store
from clerk_desktop.client.actions import Action
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.freshness import Freshness
from clerk_desktop.models.gc_pause import gc_paused

log = logging.getLogger(__name__)

# ``PRAGMA user_version`` of a file this version writes. Older versions wrote 0 (plain text).
FORMAT = 2
NONCE_BYTES = 12
WEEKS_BEFORE = 1  # last week: a booking to look up after the fact
WEEKS_AFTER = 4  # this week and the next four: what the desk plans around
CHECK = b"dimos-clerk-desktop offline cache"  # sealed in the file: a wrong key is found at once

SCHEMA = """
CREATE TABLE IF NOT EXISTS booking (
    reference TEXT PRIMARY KEY, start TEXT NOT NULL, version INTEGER NOT NULL, sealed BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS booking_start ON booking (start);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS queue (id INTEGER PRIMARY KEY AUTOINCREMENT, sealed BLOB NOT NULL);
"""


def default_cache_path(server: str, username: str) -> Path:
    digest = hashlib.sha256(f"{server.rstrip('/')}|{username}".encode()).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("dimos-clerk-desktop", appauthor=False)) / f"{digest}.sqlite3"


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=8 * token_store.CACHE_KEY_BYTES)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def kept_window(now: datetime) -> tuple[str, str]:
    """The UTC keys ``[from, to)`` of the bookings kept: Monday of last week to four weeks after this one.

    Whole weeks in Athens time, as the week view shows them: last week, this week and the next four.
    """
    local = now.astimezone(ATHENS)
    monday = local.date() - timedelta(days=local.weekday())
    return _midnight_key(monday - timedelta(weeks=WEEKS_BEFORE)), _midnight_key(
        monday + timedelta(weeks=WEEKS_AFTER + 1)
    )


def _midnight_key(day: date) -> str:
    return utc_key(datetime.combine(day, time(), ATHENS))


class Sealer:
    """AES-GCM with a fresh random nonce per value; ``context`` binds a value to where it is kept."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plain: bytes, context: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plain, context)

    def open(self, sealed: bytes, context: bytes) -> bytes | None:
        """The plain bytes, or None when the key, the context or the bytes are not the sealed ones."""
        try:
            return self._aead.decrypt(bytes(sealed[:NONCE_BYTES]), bytes(sealed[NONCE_BYTES:]), context)
        except (InvalidTag, ValueError, TypeError):
            return None


def sealing_works() -> bool:
    """Is AES-GCM there and round-tripping (``--self-test``: the bundle carries ``cryptography``)?"""
    sealer = Sealer(new_key())
    return sealer.open(sealer.seal(CHECK, b"self-test"), b"self-test") == CHECK


# ---------------------------------------------------------------- the file on disk
def cache_files(path: Path) -> list[Path]:
    """The database and the journal files SQLite keeps beside it."""
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def remove_cache_files(path: Path) -> None:
    for file in cache_files(path):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


@contextlib.contextmanager
def _peek(path: Path) -> Iterator[sqlite3.Connection]:
    """A short connection to look at an existing file; closed before the file may be removed.

    A file that is no SQLite database raises ``NotACache``; one that cannot be opened now (in use,
    no access) raises ``sqlite3.OperationalError``, and is left alone.
    """
    db = sqlite3.connect(str(path), isolation_level=None)
    try:
        yield db
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        raise NotACache(str(exc)) from exc
    finally:
        db.close()


class NotACache(Exception):
    """The file at the cache's path is no SQLite database (or no table of one is as expected)."""


def _file_format(path: Path) -> int | None:
    """The file's ``user_version``; None when it is not a SQLite database at all."""
    try:
        with _peek(path) as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])
    except NotACache:
        return None


def _plain_queue(path: Path) -> list[Action]:
    """The writes an older version (plain text, format 0) still had queued, in order; [] if unreadable."""
    try:
        with _peek(path) as db:
            rows = db.execute("SELECT method, path, body, reference, label FROM queue ORDER BY id").fetchall()
    except (NotACache, sqlite3.OperationalError):  # no such table: nothing queued
        return []
    actions = []
    for method, where, body, reference, label in rows:
        try:
            actions.append(Action(method, where, json.loads(body) if body else None, reference, label))
        except (TypeError, ValueError):
            log.warning("an unreadable queued write of an older cache was dropped")
    return actions


def _take_plain_file(path: Path) -> list[Action]:
    """Remove an older version's plain file (or anything else that is not a sealed cache) at ``path``.

    Returns the writes it still had queued: they are the clerk's work, sealed into the new cache.
    """
    if not path.exists():
        return []
    kind = _file_format(path)
    if kind == FORMAT:
        return []
    queued = _plain_queue(path) if kind == 0 else []
    remove_cache_files(path)
    log.info("removed an offline cache in plain text (format %s); %d queued writes kept", kind, len(queued))
    return queued


def _sweep_plain_files(folder: Path, own: Path) -> None:
    """Other clerks' plain files left by an older version on this PC: removed when nothing of theirs
    is waiting to be sent; one with queued writes waits for its clerk's next start (``_take_plain_file``)."""
    if not folder.is_dir():
        return
    for other in folder.glob("*.sqlite3"):
        if other == own:
            continue
        try:
            if _file_format(other) == 0 and not _plain_queue(other):
                remove_cache_files(other)
                log.info("removed another clerk's offline cache in plain text")
        except (OSError, sqlite3.Error):
            log.warning("could not look at an older offline cache: left as it is")


def _create_private(path: Path) -> None:
    """Make the folder and an empty file readable by this user only (the bytes are sealed besides)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.parent.chmod(0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def open_local_cache(server: str, username: str, *, now: Callable[[], datetime] = _utc_now) -> LocalCache:
    """The clerk's cache: sealed on disk with the keyring's key, or in memory when no keyring keeps one.

    An older version's plain file is removed first, whatever the keyring says (its queued writes
    move into the new cache). ``LocalCache.on_disk`` says which one this is, ``keyring_missing`` why.
    """
    path = default_cache_path(server, username)
    queued: list[Action] = []
    try:
        queued = _take_plain_file(path)
        _sweep_plain_files(path.parent, path)
        cache = _sealed_or_in_memory(server, username, path, now)
    except sqlite3.OperationalError as exc:  # in use by another desktop, or no access: left as it is
        log.warning("the offline cache file cannot be opened (%s): kept in memory this time", exc)
        cache = LocalCache(None, now=now)
    for action in queued:
        cache.enqueue(action)
    return cache


def _sealed_or_in_memory(server: str, username: str, path: Path, now: Callable[[], datetime]) -> LocalCache:
    try:
        key = token_store.load_cache_key(server, username)
    except token_store.KeyringUnavailable:
        # The sealed file (if any) stays: the keyring may give its key back next time.
        return LocalCache(None, now=now, keyring_missing=True)
    if key is not None:
        return LocalCache(path, key, now=now)
    key = new_key()
    if token_store.save_cache_key(server, username, key):
        return LocalCache(path, key, now=now)  # a file sealed with a lost key is removed by LocalCache
    remove_cache_files(path)  # sealed with a key that no keyring holds: nobody can read it
    return LocalCache(None, now=now, keyring_missing=True)


def forget_local_cache(server: str, username: str) -> None:
    """Sign-out: delete the clerk's cache file and its key (close the cache first)."""
    remove_cache_files(default_cache_path(server, username))
    token_store.clear_cache_key(server, username)


class LocalCache:
    """``path`` None: in memory only, under a key that dies with the process."""

    def __init__(
        self,
        path: Path | None,
        key: bytes | None = None,
        *,
        now: Callable[[], datetime] = _utc_now,
        keyring_missing: bool = False,
    ) -> None:
        self.path = path
        self.keyring_missing = keyring_missing  # in memory because no keyring could keep the key
        self._sealer = Sealer(key if key is not None else new_key())
        self._now = now
        self._lock = threading.Lock()
        if path is not None:
            if path.exists() and not self._readable(path):
                log.warning("the offline cache cannot be read with this key: starting empty")
                remove_cache_files(path)
            _create_private(path)
        self._db = sqlite3.connect(
            str(path) if path is not None else ":memory:", check_same_thread=False, isolation_level=None
        )
        if path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._db.execute(f"PRAGMA user_version = {FORMAT}")
        self._db.execute(
            "INSERT OR IGNORE INTO meta VALUES ('check', ?)", (self._sealer.seal(CHECK, b"check"),)
        )
        # As in the BookingStore: an older answer must not undo a single arrival or a removal.
        self._freshness = Freshness()
        with self._lock:
            self._prune()

    @property
    def on_disk(self) -> bool:
        return self.path is not None

    def _readable(self, path: Path) -> bool:
        """Is ``path`` a cache sealed with this key? (Older formats were removed before.)"""
        try:
            with _peek(path) as db:
                if int(db.execute("PRAGMA user_version").fetchone()[0]) != FORMAT:
                    return False
                if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
                    return False
                row = db.execute("SELECT value FROM meta WHERE key = 'check'").fetchone()
        except NotACache:
            return False
        return row is not None and self._sealer.open(row[0], b"check") == CHECK

    def mark(self) -> int:
        """Take before asking the server for a range; hand to ``replace_range`` with its answer."""
        with self._lock:
            return self._freshness.mark()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ the kept window
    def window(self) -> tuple[str, str]:
        """The UTC keys ``[from, to)`` of the bookings this cache keeps now (``kept_window``)."""
        return kept_window(self._now())

    def _prune(self) -> tuple[str, str]:
        """Drop the bookings outside the window (the lock is held); returns the window."""
        first, end = self.window()
        self._db.execute("DELETE FROM booking WHERE start < ? OR start >= ?", (first, end))
        return first, end

    # ------------------------------------------------------------ bookings
    def _sealed(self, booking: dict[str, Any]) -> bytes:
        return self._sealer.seal(orjson.dumps(booking), booking["reference"].encode())

    def _opened(self, reference: str, sealed: bytes) -> dict[str, Any] | None:
        plain = self._sealer.open(sealed, reference.encode())
        if plain is None:
            log.warning("a cached booking could not be opened: left out")
            return None
        booking: dict[str, Any] = orjson.loads(plain)
        return booking

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
        since are left as they are: the answer may be older than that change. Only the bookings in
        the kept window are written; the rest of the cache is pruned to it too.
        """
        starts = keys if keys is not None else [_utc_key(b["start"]) for b in bookings]
        with self._lock, gc_paused():
            first, end = self.window()
            newer = self._freshness.changed_since(as_of) if as_of is not None else set()
            rows = [
                (b["reference"], key, int(b.get("version", 1)), self._sealed(b))
                for b, key in zip(bookings, starts, strict=True)
                if first <= key < end
                and b["reference"] not in newer
                and not self._freshness.is_removed(b["reference"], int(b.get("version", 1)))
            ]
            self._db.execute("BEGIN")
            self._db.execute(
                "DELETE FROM booking WHERE start >= ? AND start < ?"
                f" AND reference NOT IN ({','.join('?' * len(newer))})",
                (start_iso, end_iso, *sorted(newer)),
            )
            self._db.executemany("INSERT OR REPLACE INTO booking VALUES (?, ?, ?, ?)", rows)
            self._prune()
            self._db.execute("COMMIT")

    def upsert(self, booking: dict[str, Any]) -> None:
        """Keep a booking as the server sent it, unless a later version is kept or it was removed since.

        A booking (now) outside the kept window is not kept: one moved out of it leaves the cache.
        """
        reference, version = booking["reference"], int(booking.get("version", 1))
        start = _utc_key(booking["start"])
        with self._lock:
            self._freshness.note(reference)
            if self._freshness.is_removed(reference, version):
                return
            kept = self._db.execute(
                "SELECT version FROM booking WHERE reference = ?", (reference,)
            ).fetchone()
            if kept is not None and int(kept[0]) > version:
                return
            first, end = self._prune()
            if not first <= start < end:
                self._db.execute("DELETE FROM booking WHERE reference = ?", (reference,))
                return
            self._db.execute(
                "INSERT OR REPLACE INTO booking VALUES (?, ?, ?, ?)",
                (reference, start, version, self._sealed(booking)),
            )

    def remove(self, reference: str, version: int = 0) -> None:
        with self._lock:
            self._freshness.note_removed(reference, version)
            self._db.execute("DELETE FROM booking WHERE reference = ?", (reference,))

    def bookings_between(self, start_iso: str, end_iso: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT reference, sealed FROM booking WHERE start >= ? AND start < ? ORDER BY start",
                (start_iso, end_iso),
            ).fetchall()
            opened = [self._opened(reference, sealed) for reference, sealed in rows]
        return [booking for booking in opened if booking is not None]

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
        """Keep a write (sealed: notes and remarks are about the citizen) until it is ``done``."""
        plain = json.dumps([action.method, action.path, action.body, action.reference, action.label])
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO queue (sealed) VALUES (?)", (self._sealer.seal(plain.encode(), b"queue"),)
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
            rows = self._db.execute("SELECT id, sealed FROM queue ORDER BY id").fetchall()
        actions = []
        for row_id, sealed in rows:
            plain = self._sealer.open(sealed, b"queue")
            if plain is None:
                log.warning("a queued write could not be opened: left out")
                continue
            method, path, body, reference, label = json.loads(plain)
            actions.append(Action(method, path, body, reference, label, int(row_id)))
        return actions

    def done(self, action_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM queue WHERE id = ?", (action_id,))


def utc_key(moment: datetime) -> str:
    """``2026-12-01T06:00:00``: ISO without fraction or offset (``isoformat`` is ~3× ``strftime``)."""
    return moment.astimezone(UTC).isoformat()[:19]


def _utc_key(iso: str) -> str:
    """Sortable UTC key of an ISO time with an offset, so range queries compare instants."""
    return utc_key(datetime.fromisoformat(iso))
