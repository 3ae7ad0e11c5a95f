"""Searches that found nothing (issue 18): a per-day count per service and mode, no personal data.

The citizen's availability search calls ``record_once`` when the range asked held no free time. It is
an atomic upsert that increments the day's row, in autocommit (as the rate-limit counters), so two
processes counting at once never lose a miss nor collide.

Only demand counts: the callers leave out staff searches, the manage page's reschedule month and a
search empty only because a need limits the clerks; and one client counts at most once per service,
mode and day (``record_once``), so nobody can inflate the numbers that drive capacity suggestions.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from service_api.db import autocommit
from service_api.models import SearchMiss, Service
from service_api.ratelimits import DatabaseStorage

log = logging.getLogger(__name__)

# How long a client's counted miss is remembered (in ``rate_limit_counter``, which drops lapsed keys):
# past the day it was counted for, whatever the time zones.
_SEEN_SECONDS = 2 * 24 * 3600

_TABLE = cast(Table, SearchMiss.__table__)


def _upsert(dialect: str, values: dict[str, Any]) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(_TABLE).values(**values, count=1)
    return statement.on_conflict_do_update(
        index_elements=[_TABLE.c.service_id, _TABLE.c.mode, _TABLE.c.day],
        set_={"count": _TABLE.c.count + 1},
    )


def record(engine: Engine, *, municipality_id: int, service_id: int, mode: str, day: date) -> None:
    """Count one search of ``service_id`` in ``mode`` on ``day`` that found no free time."""
    values = {"municipality_id": municipality_id, "service_id": service_id, "mode": mode, "day": day}
    with autocommit(engine).connect() as connection:
        connection.execute(_upsert(engine.dialect.name, values))


def client_key(secret: str, address: str) -> str:
    """A keyed hash of the client's address: tells clients apart without keeping the address."""
    key = f"dimos-search-miss:{secret}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def record_once(
    engine: Engine, *, client: str, municipality_id: int, service_id: int, mode: str, day: date
) -> bool:
    """``record`` unless ``client`` (``client_key``) already counted this service, mode and day.

    Never raises: a counter that fails must not fail the citizen's search (logged, no personal data).
    """
    try:
        seen = DatabaseStorage(engine=engine).incr(
            f"search-miss/{client}/{service_id}/{mode}/{day.isoformat()}", _SEEN_SECONDS
        )
        if seen > 1:
            return False
        record(engine, municipality_id=municipality_id, service_id=service_id, mode=mode, day=day)
        return True
    except Exception as failure:  # noqa: BLE001 - any failure: the search goes on uncounted
        log.warning("a search that found nothing was not counted (%s)", type(failure).__name__)
        return False


def misses_since(session: Session, *, municipality_id: int, since: date) -> dict[tuple[int, str], int]:
    """Searches that found nothing since ``since``, per (service, mode)."""
    rows = session.execute(
        select(SearchMiss.service_id, SearchMiss.mode, func.sum(SearchMiss.count))
        .where(SearchMiss.municipality_id == municipality_id, SearchMiss.day >= since)
        .group_by(SearchMiss.service_id, SearchMiss.mode)
    ).all()
    return {(sid, mode): int(total or 0) for sid, mode, total in rows}


def asked_bookable_days(first: date, last: date, *, today: date, now: datetime, horizon_days: int) -> bool:
    """Whether a range asked overlaps the days one could book at all (not the past, not past the horizon).

    A search of last year or of the year after next finding nothing says nothing about demand.
    """
    horizon = (now + timedelta(days=horizon_days)).date()
    return last >= today and first <= horizon


def record_if_bookable(
    engine: Engine,
    *,
    secret: str,
    address: str,
    service: Service,
    mode: str,
    first: date,
    last: date,
    today: date,
    now: datetime,
) -> bool:
    """A citizen's search of ``[first, last]`` that found nothing, counted once per client, service,
    mode and day, when it asked for days one could book at all (the API's search and the form's month)."""
    if not asked_bookable_days(first, last, today=today, now=now, horizon_days=service.horizon_days):
        return False
    return record_once(
        engine,
        client=client_key(secret, address),
        municipality_id=service.municipality_id,
        service_id=service.id,
        mode=mode,
        day=now.date(),
    )
