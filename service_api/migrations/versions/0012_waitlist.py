"""The waitlist (issue 17): citizens waiting for a time of a service and mode, in the order they joined.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_OPEN = "status IN ('waiting', 'offered')"


def upgrade() -> None:
    op.create_table(
        "waitlist_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("part_of_day", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("citizen_key", sa.String(length=64), nullable=False),
        sa.Column("citizen_email", sa.String(length=254), nullable=False),
        sa.Column("citizen_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("citizen_timezone", sa.String(length=64), nullable=False),
        sa.Column("offer_booking_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('waiting', 'offered', 'booked', 'left', 'expired')",
            name=op.f("ck_waitlist_entry_status_known"),
        ),
        sa.CheckConstraint(
            "part_of_day IN ('morning', 'afternoon', 'any')", name=op.f("ck_waitlist_entry_part_known")
        ),
        sa.CheckConstraint(
            "mode IN ('in_person', 'teleconference')", name=op.f("ck_waitlist_entry_mode_known")
        ),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_waitlist_entry_range_ordered")),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_waitlist_entry_municipality_id_municipality"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_waitlist_entry_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_booking_id"],
            ["booking.id"],
            name=op.f("fk_waitlist_entry_offer_booking_id_booking"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entry")),
        sa.UniqueConstraint("offer_booking_id", name=op.f("uq_waitlist_entry_offer_booking_id")),
    )
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_waitlist_entry_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index("ix_waitlist_queue", ["service_id", "status", "created_at"], unique=False)
        batch_op.create_index(
            "uq_waitlist_open_entry",
            ["citizen_key", "service_id", "mode"],
            unique=True,
            postgresql_where=sa.text(_OPEN),
            sqlite_where=sa.text(_OPEN),
        )


def downgrade() -> None:
    op.drop_table("waitlist_entry")
