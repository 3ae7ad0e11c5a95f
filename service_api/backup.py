"""Backups of the service's database, their rotation, and restoring one into an empty database.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot while the service keeps writing) and
``pg_restore --no-owner`` in one transaction. SQLite: the online backup API of ``sqlite3``, safe while
the service serves. Backups hold citizens' personal data, so rotation never keeps one longer than the
retention period (``DIMOS_RETENTION_DAYS``) and files are readable by their owner only.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from service_api.db import normalise_url

# dimos-20261202T011500Z-postgresql.dump / dimos-20261202T011500Z-sqlite.sqlite3
NAME = re.compile(r"^dimos-(?P<stamp>\d{8}T\d{6}Z)-(?P<kind>postgresql|sqlite)\.(?:dump|sqlite3)$")
STAMP = "%Y%m%dT%H%M%SZ"
SUFFIX = {"postgresql": "dump", "sqlite": "sqlite3"}
# How each kind of file begins, so restore trusts the content and not only the name.
MAGIC = {"postgresql": b"PGDMP", "sqlite": b"SQLite format 3\x00"}
TOOL_TIMEOUT_SECONDS = 6 * 3600


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class BackupReport:
    path: Path
    kind: str
    deleted: list[Path] = field(default_factory=list)


@dataclass
class RestoreReport:
    kind: str
    revision: str | None


def backend(url: str) -> str:
    """``postgresql`` or ``sqlite``: the only two databases the service runs on."""
    name = make_url(normalise_url(url)).get_backend_name()
    if name not in SUFFIX:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {name}")
    return name


def backup(
    url: str, directory: Path, *, now: datetime, keep_days: int, keep: int | None = None
) -> BackupReport:
    """Write one backup of the database at ``url`` into ``directory``, then rotate the old ones.

    The file appears under its final name only once complete, so a crash never leaves a backup that
    looks whole; rotation runs only after a successful backup, so a failing backup never empties the folder.
    """
    kind = backend(url)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = directory / f"dimos-{now.astimezone(UTC).strftime(STAMP)}-{kind}.{SUFFIX[kind]}"
    if target.exists():
        raise BackupError(f"{target} already exists; wait a second and run the backup again")
    partial = target.with_name(target.name + ".partial")
    try:
        with _private_files():
            if kind == "postgresql":
                _pg_dump(url, partial)
            else:
                _sqlite_copy(_sqlite_path(url), partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    deleted = rotate(directory, now=now, keep_days=keep_days, keep=keep)
    return BackupReport(target, kind, deleted)


def rotate(directory: Path, *, now: datetime, keep_days: int, keep: int | None = None) -> list[Path]:
    """Delete this service's backups older than ``keep_days``, and beyond the ``keep`` newest.

    The age is the UTC time in the file's name (a copy keeps it; a file's mtime may not). The newest
    backup is never deleted, and files not named like a backup are never touched.
    """
    if keep_days < 1:
        raise BackupError("backups must be kept at least 1 day")
    if keep is not None and keep < 1:
        raise BackupError("at least the newest backup must be kept (--keep 1 or more)")
    found = sorted(_backups(directory), reverse=True)  # newest first
    cutoff = now - timedelta(days=keep_days)
    doomed = [
        path for n, (stamp, path) in enumerate(found) if n > 0 and (stamp < cutoff or (keep and n >= keep))
    ]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def restore(url: str, file: Path) -> RestoreReport:
    """Restore ``file`` into the database at ``url``, which must be empty; its schema stays the backup's."""
    kind = backend(url)
    found = file_kind(file)
    if found != kind:
        raise BackupError(f"{file} is a {found} backup, but the database to restore into is {kind}")
    if not is_empty(url):
        raise BackupError(
            "the database to restore into is not empty (it has tables); restore only into a new, empty "
            "database, so nothing of the current data is mixed with or lost to the backup"
        )
    if kind == "postgresql":
        _pg_restore(url, file)
    else:
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with _private_files():
            _sqlite_copy(file, path)
    return RestoreReport(kind, schema_revision(url))


def file_kind(file: Path) -> str:
    """Which database a backup file is of, read from its first bytes."""
    try:
        with file.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise BackupError(f"cannot read {file}: {exc.strerror}") from exc
    for kind, magic in MAGIC.items():
        if head.startswith(magic):
            return kind
    raise BackupError(f"{file} is neither a PostgreSQL custom-format dump nor an SQLite database")


def is_empty(url: str) -> bool:
    """True when the database has no table at all (a missing SQLite file is empty too)."""
    if backend(url) == "sqlite":
        path = _sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            return True
        with closing(sqlite3.connect(path, timeout=30)) as conn:
            return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] == 0
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            count = conn.scalar(
                text(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            )
        return count == 0
    finally:
        engine.dispose()


def schema_revision(url: str) -> str | None:
    """The Alembic revision the database is at (None when it has none)."""
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        engine.dispose()


def _backups(directory: Path) -> Iterator[tuple[datetime, Path]]:
    for path in directory.iterdir():
        match = NAME.match(path.name)
        if match and path.is_file():
            yield datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC), path


@contextmanager
def _private_files() -> Iterator[None]:
    """Files made inside are readable by their owner only: a backup holds personal data."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _sqlite_path(url: str) -> Path:
    database = make_url(normalise_url(url)).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with the online backup API: one consistent snapshot, while writers carry on (WAL)."""
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        # One self-contained file: no -wal beside it to forget when it is copied away.
        dst.execute("PRAGMA journal_mode=DELETE")


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH; install the PostgreSQL client programs of the server's major "
            "version or newer (Debian 12: apt install postgresql-client-15)"
        )
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it, and an environment carrying its password (never on a command line)."""
    parsed: URL = make_url(normalise_url(url))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} did not finish in {TOOL_TIMEOUT_SECONDS // 3600} hours") from exc
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")


def _pg_dump(url: str, target: Path) -> None:
    dsn, env = _libpq(url)
    command = [_pg_tool("pg_dump"), "--format=custom", "--file", str(target), "--dbname", dsn]
    _run(command, env, "pg_dump")


def _pg_restore(url: str, file: Path) -> None:
    dsn, env = _libpq(url)
    command = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",  # a failed restore leaves the database as empty as it was
        "--exit-on-error",
        "--dbname",
        dsn,
        str(file),
    ]
    _run(command, env, "pg_restore")
