"""Bookings keep the citizen's connection check (issue 18): when, and what the browser, camera and
microphone answered.

Existing bookings have never been checked: all four are empty.

Revision ID: 0018
Revises: 0021
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preflight_checked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("preflight_browser", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("preflight_camera", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("preflight_microphone", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_column("preflight_microphone")
        batch_op.drop_column("preflight_camera")
        batch_op.drop_column("preflight_browser")
        batch_op.drop_column("preflight_checked_at")
