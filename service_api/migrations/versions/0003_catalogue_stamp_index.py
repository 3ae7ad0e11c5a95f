"""Partial index for the catalogue stamp: the newest 'staff' or 'catalogue' change-log row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CATALOGUE_ROWS = sa.text("entity IN ('staff', 'catalogue')")


def upgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index(
            "ix_change_log_catalogue",
            ["seq"],
            unique=False,
            postgresql_where=CATALOGUE_ROWS,
            sqlite_where=CATALOGUE_ROWS,
        )


def downgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_catalogue")
