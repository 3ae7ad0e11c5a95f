"""Accessibility needs (issue 18): a booking's needs, a service's extra time, a clerk's support.

Existing bookings asked for nothing; existing services give 15 minutes of extra time; existing
clerks offer no sign language and no interpreting until an administrator says so.

Revision ID: 0017
Revises: 0018
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extra_time_minutes", sa.Integer(), server_default=sa.text("15"), nullable=False)
        )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("supports", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.add_column(sa.Column("needs", sa.JSON(), server_default=sa.text("'{}'"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_column("needs")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("supports")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("extra_time_minutes")
