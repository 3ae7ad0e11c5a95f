"""Absences get a kind (leave, sickness, training, other) and a status (approved, requested, rejected).

Clerks may now request an absence that blocks nothing until a supervisor approves it; who requested
and who decided are kept. Existing absences were recorded by supervisors: they become approved, kind
other.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=10), server_default="other", nullable=False))
        batch_op.add_column(
            sa.Column("status", sa.String(length=10), server_default="approved", nullable=False)
        )
        batch_op.add_column(sa.Column("requested_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("decision_reason", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_absence_requested_by_staff"),
            "staff",
            ["requested_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_absence_decided_by_staff"), "staff", ["decided_by"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_check_constraint(
            op.f("ck_absence_kind_known"), "kind IN ('leave', 'sickness', 'training', 'other')"
        )
        batch_op.create_check_constraint(
            op.f("ck_absence_status_known"), "status IN ('approved', 'requested', 'rejected')"
        )


def downgrade() -> None:
    # Requests and refusals never blocked anyone; without a status they would, so they go.
    op.execute("DELETE FROM absence WHERE status <> 'approved'")
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_absence_status_known"), type_="check")
        batch_op.drop_constraint(op.f("ck_absence_kind_known"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_absence_decided_by_staff"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_absence_requested_by_staff"), type_="foreignkey")
        batch_op.drop_column("decision_reason")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("decided_by")
        batch_op.drop_column("requested_by")
        batch_op.drop_column("status")
        batch_op.drop_column("kind")
