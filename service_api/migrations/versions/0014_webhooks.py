"""Webhooks: the endpoints admins register, and one delivery-log row per attempt.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "webhook_endpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("personal_data", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "personal_data IN ('none', 'contact')", name=op.f("ck_webhook_endpoint_personal_data_known")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["staff.id"],
            name=op.f("fk_webhook_endpoint_created_by_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoint")),
        # Ids are never reused on SQLite either: queued deliveries name their endpoint by id.
        sqlite_autoincrement=True,
    )
    op.create_table(
        "webhook_delivery",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", _BIG_ID, nullable=True),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("booking_reference", sa.String(length=20), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoint.id"],
            name=op.f("fk_webhook_delivery_endpoint_id_webhook_endpoint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_webhook_delivery_outbox_id_outbox"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index("ix_webhook_delivery_endpoint", ["endpoint_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_webhook_delivery_outbox_id"), ["outbox_id"], unique=False)


def downgrade() -> None:
    # Pending deliveries would find no endpoint: they go with it.
    op.execute("DELETE FROM outbox WHERE kind = 'webhook.delivery'")
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_outbox_id"))
        batch_op.drop_index("ix_webhook_delivery_endpoint")
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_endpoint")
