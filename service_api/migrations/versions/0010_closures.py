"""Closures beyond a yearly date (relative to Orthodox Easter, of some hours only); service descriptions.

A closure of some hours may share its day with another (a morning and an afternoon), so the one
closure per day rule goes; the catalogue writer refuses exact repeats instead.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-01 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description_el", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("description_en", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("holiday", schema=None) as batch_op:
        batch_op.drop_constraint("uq_holiday_day", type_="unique")
        batch_op.alter_column("month", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("day", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("easter_offset", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("end_time", sa.Time(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_holiday_has_date"),
            "easter_offset IS NOT NULL OR (month IS NOT NULL AND day IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            op.f("ck_holiday_hours_paired"), "(start_time IS NULL) = (end_time IS NULL)"
        )


def downgrade() -> None:
    op.execute("DELETE FROM holiday WHERE easter_offset IS NOT NULL OR start_time IS NOT NULL")
    with op.batch_alter_table("holiday", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_holiday_hours_paired"), type_="check")
        batch_op.drop_constraint(op.f("ck_holiday_has_date"), type_="check")
        batch_op.drop_column("end_time")
        batch_op.drop_column("start_time")
        batch_op.drop_column("easter_offset")
        batch_op.alter_column("day", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("month", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_holiday_day", ["municipality_id", "year", "month", "day"])
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("description_en")
        batch_op.drop_column("description_el")
