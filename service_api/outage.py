"""Telling a database outage (restart, network, pool exhausted, SQLite busy) from a bug or bad input.

An outage is answered 503 with ``Retry-After``, never 500: the client may simply try again, and with
an Idempotency-Key nothing is done twice.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc

RETRY_AFTER_SECONDS = 5
MESSAGE = (
    "The service cannot reach its database for a moment. Nothing was changed that we could not confirm; "
    "please try again in a few seconds."
)


def _driver_outage_types() -> tuple[type[BaseException], ...]:
    # The change log commits on the driver connection itself, so its failures arrive unwrapped.
    types: list[type[BaseException]] = [sqlite3.OperationalError]
    try:
        import psycopg

        types += [psycopg.OperationalError, psycopg.InterfaceError]
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return tuple(types)


_DRIVER_OUTAGES = _driver_outage_types()


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` means the database could not be reached or used just now."""
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free in time
        return True
    if isinstance(error, sa_exc.DBAPIError):
        return error.connection_invalidated or isinstance(
            error, sa_exc.OperationalError | sa_exc.InterfaceError
        )
    return isinstance(error, _DRIVER_OUTAGES)
