"""No-show rescue (issue 18): the minutes after the start at which a service's no-shows are rescued, and
what was done about each no-show (the «we missed you» e-mail, the meeting's attendance evidence).

Existing services rescue after 5 minutes; existing bookings have no rescue record.

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("no_show_rescue_minutes", sa.Integer(), server_default="5", nullable=False)
        )
    op.create_table(
        "booking_rescue",
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("missed_you_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed_you_by", sa.Integer(), nullable=True),
        sa.Column("offered_starts", sa.JSON(), nullable=False),
        sa.Column("attendance", sa.String(length=10), server_default="", nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attended_seconds", sa.Integer(), nullable=True),
        sa.Column("attendance_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendance_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("attendance_next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attendance_error", sa.String(length=300), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["booking.id"],
            name=op.f("fk_booking_rescue_booking_id_booking"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["missed_you_by"],
            ["staff.id"],
            name=op.f("fk_booking_rescue_missed_you_by_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("booking_id", name=op.f("pk_booking_rescue")),
    )


def downgrade() -> None:
    # «We missed you» jobs would name a kind the older code does not know; they go with the records.
    op.execute("DELETE FROM outbox WHERE kind = 'email.missed_you'")
    op.drop_table("booking_rescue")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("no_show_rescue_minutes")
