"""Citizen sign-in: OAuth login states, e-mailed one-time codes and the login audit trail.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:10:31.378347
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citizen_email_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_citizen_email_code_attempts_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_email_code")),
    )
    with op.batch_alter_table("citizen_email_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_email_code_email_hash"), ["email_hash"], unique=False)

    op.create_table(
        "citizen_login_audit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("taxid_hash", sa.String(length=64), nullable=True),
        sa.Column("ip_hash", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('success', 'failure')", name=op.f("ck_citizen_login_audit_outcome_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_login_audit")),
    )
    with op.batch_alter_table("citizen_login_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_login_audit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_login_audit_taxid_hash"), ["taxid_hash"], unique=False)

    op.create_table(
        "citizen_login_state",
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_to", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("state_hash", name=op.f("pk_citizen_login_state")),
    )
    with op.batch_alter_table("citizen_login_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_login_state_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citizen_login_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_login_state_expires_at"))

    op.drop_table("citizen_login_state")
    with op.batch_alter_table("citizen_login_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_login_audit_taxid_hash"))
        batch_op.drop_index(batch_op.f("ix_citizen_login_audit_at"))

    op.drop_table("citizen_login_audit")
    with op.batch_alter_table("citizen_email_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_email_code_email_hash"))

    op.drop_table("citizen_email_code")
