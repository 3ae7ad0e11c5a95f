"""The two databases every store test runs on: SQLite always, PostgreSQL when a URL is given."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from service_api.db import normalise_url
from service_api.models import Base

PG_URL = os.environ.get("DIMOS_TEST_POSTGRES_URL", "")
if os.environ.get("DIMOS_REQUIRE_POSTGRES") and not PG_URL:
    raise RuntimeError("DIMOS_REQUIRE_POSTGRES is set but DIMOS_TEST_POSTGRES_URL is not")

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL URL")),
]


def truncate_pg(url: str) -> None:
    engine = create_engine(normalise_url(url))
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
