"""Sign-in codes remember which client asked, so one client cannot use up a citizen's allowance.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("citizen_email_code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_citizen_email_code_client_hash"), ["client_hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citizen_email_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_email_code_client_hash"))
        batch_op.drop_column("client_hash")
