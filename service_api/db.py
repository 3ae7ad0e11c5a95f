"""Engines and sessions: read transactions, and write transactions that lock before they look.

SQLite: WAL, foreign keys, and ``BEGIN IMMEDIATE`` for every write transaction, so two writers
never both read a free slot. PostgreSQL: row locks plus the exclusion constraint in the schema.

A database error never carries a citizen's data into a log: every engine hides the statement's
parameters, and PostgreSQL's error text is cut to what names the schema (see ``_errors_name_no_values``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and use the psycopg 3 driver for both."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """The one way the service makes an engine, so every engine keeps personal data out of its errors."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            poolclass=NullPool if parsed.database in (None, "", ":memory:") else None,
            hide_parameters=True,
        )
        _configure_sqlite(engine)
        return engine
    engine = create_engine(
        url, pool_size=pool_size, max_overflow=pool_size * 2, pool_pre_ping=True, hide_parameters=True
    )
    event.listen(engine, "handle_error", _errors_name_no_values)
    return engine


# SQLSTATE class 22 (data exception: invalid input syntax, value too long, bad encoding, ...): its
# primary message may quote the value itself.
_DATA_EXCEPTION_CLASS = "22"


def _errors_name_no_values(context: ExceptionContext) -> None:
    """Cut PostgreSQL's error text to its primary message before anything logs it.

    The server's DETAIL quotes the values of the row it refused ("Failing row contains (…)",
    "Key (…)=(…)"), and a data exception's message quotes the value. The SQLSTATE and the
    diagnostics (constraint, table, column) stay on the driver's exception for the code that reads them.
    """
    original = context.original_exception
    diag = getattr(original, "diag", None)
    if diag is None:
        return
    code = getattr(original, "sqlstate", None) or ""
    primary = diag.message_primary or "database error"
    if code.startswith(_DATA_EXCEPTION_CLASS):
        primary = f"data exception (column {diag.column_name or '?'}, type {diag.datatype_name or '?'})"
    text = f"{primary} (SQLSTATE {code})" if code else primary
    original.args = (text,)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None:
        kind = type(original)
        wrapped.args = (f"({kind.__module__}.{kind.__name__}) {text}",)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("dimos_autocommit", False):
            return  # each statement commits on its own (the rate-limit counters)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("dimos_write", False) else "BEGIN")


def autocommit(engine: Engine) -> Engine:
    """The engine for single statements that stand alone: no BEGIN/COMMIT round trips around them.

    SQLite's driver already runs in autocommit (``_configure_sqlite``); the option only tells the BEGIN
    hook to stay out (SQLAlchemy's AUTOCOMMIT level would reset pysqlite's setting on every pooled
    connection). PostgreSQL gets the AUTOCOMMIT isolation level.
    """
    if engine.dialect.name == "sqlite":
        return engine.execution_options(dimos_autocommit=True)
    return engine.execution_options(isolation_level="AUTOCOMMIT")


# ``session.info`` key of a callable run with the session right before a write transaction commits.
COMMIT_HOOK = "dimos_before_commit"


class Store:
    """The database as the rest of the service sees it: a read session and a write session."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, pool_size=pool_size)
        self.dialect = self.engine.dialect.name
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(dimos_write=True), expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work. Closing rolls back; loaded objects stay readable afterwards."""
        session = self._read()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any exception."""
        session = self._write()
        try:
            yield session
            # A writer may leave work that has to come last, right before the commit, and may commit
            # the connection itself (the change log does, to send its row and COMMIT together).
            finish = session.info.pop(COMMIT_HOOK, None)
            if finish is not None:
                finish(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
