"""Joint appointments (issue 18): services may ask for co-applicants; bookings wait for them.

A new booking status ``awaiting_coapplicant`` holds the clerk's time like a confirmed booking, so the
status check and PostgreSQL's no-overlap constraint learn it; ``booking_co_applicant`` keeps who was
invited, whether they confirmed, and their identity check at the desk.

Revision ID: 0016
Revises: 0020
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0020"
branch_labels = None
depends_on = None

_BEFORE = ("held", "confirmed", "checked_in", "completed", "no_show", "cancelled")
_AFTER = (*_BEFORE, "awaiting_coapplicant")
_ACTIVE_BEFORE = ("held", "confirmed", "checked_in", "completed", "no_show")
_ACTIVE_AFTER = (*_ACTIVE_BEFORE, "awaiting_coapplicant")


def _in(values: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _statuses(known: tuple[str, ...], active: tuple[str, ...]) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("ALTER TABLE booking DROP CONSTRAINT booking_no_overlap")
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_booking_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_booking_status_known"), _in(known))
    if postgres:
        op.execute(
            "ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
            "(staff_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
            f"WHERE ({_in(active)})"
        )


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("co_applicants", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("co_applicants_required", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("co_applicant_confirm_hours", sa.Integer(), server_default="48", nullable=False)
        )
    _statuses(_AFTER, _ACTIVE_AFTER)
    op.create_table(
        "booking_co_applicant",
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("afm_hash", sa.String(length=64), nullable=True),
        sa.Column("citizen_key", sa.String(length=64), nullable=False),
        sa.Column("via_taxisnet", sa.Boolean(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document_type", sa.String(length=20), nullable=True),
        sa.Column("verified_by", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('invited', 'confirmed')", name=op.f("ck_booking_co_applicant_status_known")
        ),
        sa.CheckConstraint(
            "document_type IS NULL OR document_type IN ('identity_card', 'passport', 'other')",
            name=op.f("ck_booking_co_applicant_document_known"),
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["booking.id"],
            name=op.f("fk_booking_co_applicant_booking_id_booking"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by"],
            ["staff.id"],
            name=op.f("fk_booking_co_applicant_verified_by_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("booking_id", "position", name=op.f("pk_booking_co_applicant")),
    )
    op.create_index(
        op.f("ix_booking_co_applicant_citizen_key"), "booking_co_applicant", ["citizen_key"], unique=False
    )


def downgrade() -> None:
    # The older schema knows no waiting for co-applicants: such bookings are released (cancelled).
    op.execute(
        "UPDATE booking SET status = 'cancelled', cancel_reason = 'co_applicant_not_confirmed' "
        "WHERE status = 'awaiting_coapplicant'"
    )
    op.execute("DELETE FROM outbox WHERE kind LIKE 'email.co_applicant%'")
    op.drop_index(op.f("ix_booking_co_applicant_citizen_key"), table_name="booking_co_applicant")
    op.drop_table("booking_co_applicant")
    _statuses(_BEFORE, _ACTIVE_BEFORE)
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("co_applicant_confirm_hours")
        batch_op.drop_column("co_applicants_required")
        batch_op.drop_column("co_applicants")
