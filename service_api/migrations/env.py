"""Alembic environment: runs against the URL the service was configured with."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from service_api.db import make_engine
from service_api.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite and not connection.in_transaction():
        # A table rebuilt in batch mode drops the old one, and with foreign keys on SQLite first deletes
        # its rows: ON DELETE CASCADE would empty every child table (rebuilding ``staff`` took the
        # sign-ins with it). SQLite's own recipe: keys off outside the transaction, checked before commit.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(
                        f"the migration left rows whose foreign keys point nowhere: {broken[:5]}"
                    )
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


run_migrations_online()
