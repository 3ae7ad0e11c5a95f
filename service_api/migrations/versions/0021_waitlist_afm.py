"""A TAXISnet citizen's waitlist entry keeps their AFM's keyed hash, as bookings do.

The time offered to them is then booked under their AFM: it shows in «Τα ραντεβού μου», counts
toward their limit with their other bookings, and an export or erasure by AFM finds it. Entries made
before keep no hash: their offers are booked by e-mail, as they were.

Revision ID: 0021
Revises: 0015
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("citizen_afm_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.drop_column("citizen_afm_hash")
