"""Searches that found nothing (issue 18): a per-day count per service and mode, no personal data.

The citizen's availability search calls ``record`` when the range asked held no free time. It is
one statement on the hot path: an atomic upsert that increments the day's row, in autocommit (as
the rate-limit counters), so two processes counting at once never lose a miss nor collide.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from service_api.db import autocommit
from service_api.models import SearchMiss

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
