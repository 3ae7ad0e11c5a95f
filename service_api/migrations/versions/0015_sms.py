"""Bookings keep the citizen's choice of SMS: the mobile number (E.164) and the opt-in.

Existing bookings opted in to nothing: no number, no SMS.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("citizen_mobile", sa.String(length=20), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("sms_opt_in", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )


def downgrade() -> None:
    # SMS jobs would name a kind the older code does not know; they go with the numbers.
    op.execute("DELETE FROM outbox WHERE kind LIKE 'sms.%'")
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_column("sms_opt_in")
        batch_op.drop_column("citizen_mobile")
