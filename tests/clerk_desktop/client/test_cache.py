"""The offline cache at rest (issue 17): sealed with the keyring's key, only the weeks needed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.errors import KeyringLocked, PasswordSetError

from clerk_desktop.client import token_store
from clerk_desktop.client.actions import Action
from clerk_desktop.client.cache import (
    LocalCache,
    cache_files,
    default_cache_path,
    forget_local_cache,
    kept_window,
    new_key,
    open_local_cache,
    sealing_works,
)
from clerk_desktop.models.booking import ATHENS
from tests.helpers.desktop import MemoryKeyring

SERVER, CLERK = "http://127.0.0.1:5000", "clerk_a"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=ATHENS)  # a Tuesday: kept from Monday 23 Nov to Monday 4 Jan
NAME, PHONE, EMAIL = "Μαρία Παπαδοπούλου", "+306941234567", "maria.pap@example.org"
NOTE = "Έφερε μόνο το διαβατήριο της κυρίας Παπαδοπούλου"
WIDE = ("2026-01-01T00:00:00", "2028-01-01T00:00:00")


def booking(reference: str, start: datetime, *, version: int = 1, name: str = NAME) -> dict[str, Any]:
    return {
        "reference": reference,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=15)).isoformat(),
        "status": "confirmed",
        "version": version,
        "citizen": {"name": name, "phone": PHONE, "email": EMAIL},
        "notes": NOTE,
    }


def raw_bytes(path: Path) -> bytes:
    """Every byte SQLite keeps for this cache: the database and its write-ahead log."""
    return b"".join(file.read_bytes() for file in cache_files(path) if file.exists())


def personal_bytes() -> list[bytes]:
    texts = [NAME, "Παπαδοπούλου", PHONE, "6941234567", EMAIL, NOTE, "διαβατήριο"]
    return [t.encode("utf-8") for t in texts] + [t.encode("utf-16-le") for t in texts]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return default_cache_path(SERVER, CLERK)


def test_the_file_holds_no_citizen_name_phone_email_or_note(tmp_path: Path) -> None:
    path, key = tmp_path / "cache.sqlite3", new_key()
    cache = LocalCache(path, key, now=lambda: NOW)
    cache.replace_range(*WIDE, [booking("AAAA-1111", NOW), booking("BBBB-2222", NOW + timedelta(days=1))])
    cache.upsert(booking("CCCC-3333", NOW + timedelta(days=2)))
    cache.enqueue(Action.notes("AAAA-1111", NOTE))
    cache.enqueue(Action.identity("AAAA-1111", "passport", True, None, NOTE))
    cache.enqueue(Action.outcome("AAAA-1111", "completed", NOTE))
    cache.put("cursor", "42")
    written = raw_bytes(path)  # while open: much of it is still in the write-ahead log
    assert b"AAAA-1111" in written  # the reference stays readable: the rows are found by it
    for secret in personal_bytes():
        assert secret not in written, secret
    cache.close()
    closed = raw_bytes(path)
    for secret in personal_bytes():
        assert secret not in closed, secret
    # With its key everything reads back as it was written.
    again = LocalCache(path, key, now=lambda: NOW)
    assert [b["citizen"]["name"] for b in again.bookings_between(*WIDE)] == [NAME] * 3
    assert [(a.label, (a.body or {}).get("note", (a.body or {}).get("notes"))) for a in again.pending()] == [
        ("notes", NOTE),
        ("identity", NOTE),
        ("outcome", NOTE),
    ]
    assert again.get("cursor") == "42"
    again.close()


def test_only_the_weeks_the_clerk_works_offline_are_kept(tmp_path: Path) -> None:
    assert kept_window(NOW) == ("2026-11-22T22:00:00", "2027-01-03T22:00:00")  # Athens midnights in UTC
    now = [NOW]
    path, key = tmp_path / "cache.sqlite3", new_key()
    cache = LocalCache(path, key, now=lambda: now[0])
    first_kept = datetime(2026, 11, 23, 0, 0, tzinfo=ATHENS)
    first_not = datetime(2027, 1, 4, 0, 0, tzinfo=ATHENS)
    rows = [
        booking("OLD1-0000", first_kept - timedelta(minutes=30)),
        booking("KEPT-0001", first_kept),
        booking("KEPT-0002", NOW),
        booking("KEPT-0003", first_not - timedelta(minutes=30)),
        booking("FAR1-0000", first_not),
        booking("FAR2-0000", NOW + timedelta(days=90)),
    ]
    cache.replace_range(*WIDE, rows)
    cache.upsert(booking("FAR3-0000", NOW + timedelta(days=60)))
    assert [b["reference"] for b in cache.bookings_between(*WIDE)] == ["KEPT-0001", "KEPT-0002", "KEPT-0003"]
    # A kept booking moved (by the feed) out of the weeks kept leaves the cache.
    cache.upsert(booking("KEPT-0003", NOW + timedelta(days=70), version=2))
    assert [b["reference"] for b in cache.bookings_between(*WIDE)] == ["KEPT-0001", "KEPT-0002"]
    cache.close()
    # A week later the window has moved: the start prunes the week that fell out of it.
    now[0] = NOW + timedelta(weeks=1)
    later = LocalCache(path, key, now=lambda: now[0])
    assert [b["reference"] for b in later.bookings_between(*WIDE)] == ["KEPT-0002"]
    later.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT reference FROM booking").fetchall() == [("KEPT-0002",)]
    # Saving prunes too, while the program stays open across the weeks.
    cache = LocalCache(path, key, now=lambda: now[0])
    now[0] = NOW + timedelta(weeks=4)
    cache.upsert(booking("NEW1-0000", now[0]))
    assert [b["reference"] for b in cache.bookings_between(*WIDE)] == ["NEW1-0000"]
    cache.close()


def test_a_wrong_key_means_an_empty_cache_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = LocalCache(path, new_key(), now=lambda: NOW)
    cache.replace_range(*WIDE, [booking("AAAA-1111", NOW)])
    cache.enqueue(Action.notes("AAAA-1111", NOTE))
    cache.put("cursor", "42")
    cache.close()
    other = LocalCache(path, new_key(), now=lambda: NOW)
    assert other.bookings_between(*WIDE) == [] and other.pending() == [] and other.get("cursor") is None
    other.upsert(booking("BBBB-2222", NOW))  # and it works as a new cache
    assert [b["reference"] for b in other.bookings_between(*WIDE)] == ["BBBB-2222"]
    other.close()


def test_a_row_that_does_not_open_is_left_out(tmp_path: Path) -> None:
    path, key = tmp_path / "cache.sqlite3", new_key()
    cache = LocalCache(path, key, now=lambda: NOW)
    cache.replace_range(*WIDE, [booking("AAAA-1111", NOW), booking("BBBB-2222", NOW + timedelta(hours=1))])
    cache.enqueue(Action.notes("AAAA-1111", NOTE))
    cache.close()
    with sqlite3.connect(path) as db:
        # Swapped bodies: each is bound to its own reference, so neither opens under the other's.
        (a,), (b,) = db.execute("SELECT sealed FROM booking ORDER BY reference").fetchall()
        db.execute("UPDATE booking SET sealed = ? WHERE reference = 'AAAA-1111'", (b,))
        db.execute("UPDATE booking SET sealed = ? WHERE reference = 'BBBB-2222'", (b"garbage",))
        db.execute("UPDATE queue SET sealed = ?", (a,))
    cache = LocalCache(path, key, now=lambda: NOW)
    assert cache.bookings_between(*WIDE) == [] and cache.pending() == []
    cache.close()


def test_a_file_that_is_not_a_cache_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"not a database at all " * 100)
    cache = LocalCache(path, new_key(), now=lambda: NOW)
    assert cache.bookings_between(*WIDE) == []
    cache.close()


OLD_SCHEMA = """
CREATE TABLE booking (reference TEXT PRIMARY KEY, start TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, path TEXT NOT NULL, body TEXT,
    reference TEXT NOT NULL, label TEXT NOT NULL
);
"""


def write_plain_file(path: Path, *, queued: bool) -> None:
    """What versions before issue 17 wrote: the citizen's details in plain text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(OLD_SCHEMA)
        db.execute(
            "INSERT INTO booking VALUES (?, ?, ?)",
            ("AAAA-1111", "2026-12-01T06:00:00", f'{{"citizen": {{"name": "{NAME}"}}}}'),
        )
        if queued:
            db.execute(
                "INSERT INTO queue (method, path, body, reference, label) VALUES (?, ?, ?, ?, ?)",
                ("PUT", "/api/v1/bookings/AAAA-1111/notes", f'{{"notes": "{NOTE}"}}', "AAAA-1111", "notes"),
            )
            db.execute(
                "INSERT INTO queue (method, path, body, reference, label) VALUES (?, ?, ?, ?, ?)",
                ("POST", "/api/v1/bookings/AAAA-1111/check-in", "null", "AAAA-1111", "check_in"),
            )
    db.close()
    assert NAME.encode() in raw_bytes(path)


def test_an_older_plain_file_is_removed_on_first_start_and_its_queued_writes_kept(
    cache_home: Path, memory_keyring: MemoryKeyring
) -> None:
    write_plain_file(cache_home, queued=True)
    # Two other clerks' files from the older version: one with nothing to send, one with writes.
    idle, busy = (
        cache_home.with_name("0000000000000001.sqlite3"),
        cache_home.with_name("0000000000000002.sqlite3"),
    )
    write_plain_file(idle, queued=False)
    write_plain_file(busy, queued=True)
    cache = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    assert cache.on_disk and cache.bookings_between(*WIDE) == []
    # The clerk's unsent work is not lost with the file: it is sealed into the new one, in order.
    assert [(a.label, a.body) for a in cache.pending()] == [("notes", {"notes": NOTE}), ("check_in", None)]
    cache.close()
    for secret in personal_bytes():
        assert secret not in raw_bytes(cache_home), secret
    assert not idle.exists()  # nothing of that clerk's to lose: gone
    assert busy.exists()  # that clerk's writes wait for their own next start


def test_the_key_is_kept_in_the_keyring_and_the_next_start_reads_the_cache(
    cache_home: Path, memory_keyring: MemoryKeyring
) -> None:
    cache = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    cache.upsert(booking("AAAA-1111", NOW))
    cache.close()
    [(service, account)] = memory_keyring.secrets
    assert service == token_store.CACHE_KEY_SERVICE_NAME and account == f"{SERVER}|{CLERK}"
    again = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    assert [b["citizen"]["name"] for b in again.bookings_between(*WIDE)] == [NAME]
    again.close()
    # Another clerk on the same PC: another file, another key.
    theirs = open_local_cache(SERVER, "clerk_b", now=lambda: NOW)
    assert theirs.path != cache.path and theirs.bookings_between(*WIDE) == []
    theirs.close()
    assert len(memory_keyring.secrets) == 2


def test_a_key_missing_from_the_keyring_means_an_empty_cache(
    cache_home: Path, memory_keyring: MemoryKeyring
) -> None:
    cache = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    cache.upsert(booking("AAAA-1111", NOW))
    cache.close()
    memory_keyring.secrets.clear()  # e.g. the keyring was reset
    fresh = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    assert fresh.on_disk and fresh.bookings_between(*WIDE) == []
    fresh.close()
    memory_keyring.secrets[(token_store.CACHE_KEY_SERVICE_NAME, f"{SERVER}|{CLERK}")] = "not a key"
    broken = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    assert broken.on_disk and broken.bookings_between(*WIDE) == []
    broken.close()


def test_sign_out_forgets_the_file_and_its_key(cache_home: Path, memory_keyring: MemoryKeyring) -> None:
    cache = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    cache.upsert(booking("AAAA-1111", NOW))
    cache.close()
    assert cache_home.exists() and memory_keyring.secrets
    forget_local_cache(SERVER, CLERK)
    assert not any(file.exists() for file in cache_files(cache_home))
    assert not memory_keyring.secrets


class NoKeyring(MemoryKeyring):
    """A machine whose keyring keeps nothing."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("no keyring on this machine")


class LockedKeyring(MemoryKeyring):
    """A keyring that cannot be asked now (locked): what it keeps may come back later."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")


def test_without_a_keyring_the_cache_stays_in_memory_and_no_file_is_written(cache_home: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        cache = open_local_cache(SERVER, CLERK, now=lambda: NOW)
        assert not cache.on_disk and cache.keyring_missing
        cache.replace_range(*WIDE, [booking("AAAA-1111", NOW)])
        cache.enqueue(Action.notes("AAAA-1111", NOTE))
        assert [b["reference"] for b in cache.bookings_between(*WIDE)] == ["AAAA-1111"]
        assert len(cache.pending()) == 1
        cache.close()
        assert not cache_home.parent.exists() or not any(cache_home.parent.iterdir())
    finally:
        keyring.set_keyring(previous)


def test_a_locked_keyring_leaves_the_sealed_file_for_later(
    cache_home: Path, memory_keyring: MemoryKeyring
) -> None:
    cache = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    cache.upsert(booking("AAAA-1111", NOW))
    cache.close()
    keyring.set_keyring(LockedKeyring())
    in_memory = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    assert not in_memory.on_disk and in_memory.bookings_between(*WIDE) == []
    in_memory.close()
    keyring.set_keyring(memory_keyring)  # unlocked again: the cache is there
    back = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    assert [b["reference"] for b in back.bookings_between(*WIDE)] == ["AAAA-1111"]
    back.close()


def test_the_file_is_for_its_user_only(cache_home: Path, memory_keyring: MemoryKeyring) -> None:
    cache = open_local_cache(SERVER, CLERK, now=lambda: NOW)
    cache.close()
    assert cache_home.stat().st_mode & 0o077 == 0
    assert cache_home.parent.stat().st_mode & 0o077 == 0


def test_sealing_works() -> None:
    assert sealing_works()
