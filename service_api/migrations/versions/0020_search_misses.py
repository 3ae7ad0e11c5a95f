"""Demand-led capacity (issue 18): per service, mode and day, how many searches found no free time.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_miss",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("mode IN ('in_person', 'teleconference')", name=op.f("ck_search_miss_mode_known")),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_search_miss_municipality_id_municipality"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_search_miss_service_id_service"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("service_id", "mode", "day", name=op.f("pk_search_miss")),
    )
    with op.batch_alter_table("search_miss", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_miss_municipality_id"), ["municipality_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("search_miss", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_miss_municipality_id"))
    op.drop_table("search_miss")
