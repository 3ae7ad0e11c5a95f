"""Working plans: versions with an effective-from date, alternating weeks, one-off extra hours and closures.

Every existing plan becomes one version in force since always (2000-01-01), every period of it in
every week, so nothing a clerk's availability shows changes.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "working_plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["staff.id"],
            name=op.f("fk_working_plan_version_created_by_staff"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_working_plan_version_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_plan_version")),
        sa.UniqueConstraint("staff_id", "effective_from", name=op.f("uq_working_plan_version_staff_id")),
    )
    with op.batch_alter_table("working_plan_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_working_plan_version_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "plan_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('extra', 'closed')", name=op.f("ck_plan_exception_kind_known")),
        sa.CheckConstraint(
            "(start_time IS NULL AND end_time IS NULL AND kind = 'closed') OR end_time > start_time",
            name=op.f("ck_plan_exception_times_make_sense"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff.id"], name=op.f("fk_plan_exception_created_by_staff"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_plan_exception_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_exception")),
    )
    with op.batch_alter_table("plan_exception", schema=None) as batch_op:
        batch_op.create_index("ix_plan_exception_staff_day", ["staff_id", "day"], unique=False)

    # Today's plans become versions in force since always.
    op.execute(
        "INSERT INTO working_plan_version (staff_id, effective_from, created_at) "
        "SELECT DISTINCT staff_id, DATE '2000-01-01', CURRENT_TIMESTAMP FROM working_period"
        if op.get_bind().dialect.name == "postgresql"
        else "INSERT INTO working_plan_version (staff_id, effective_from, created_at) "
        "SELECT DISTINCT staff_id, '2000-01-01', CURRENT_TIMESTAMP FROM working_period"
    )
    with op.batch_alter_table("working_period", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("weeks", sa.String(length=4), nullable=False, server_default="all"))
    op.execute(
        "UPDATE working_period SET version_id = (SELECT v.id FROM working_plan_version v "
        "WHERE v.staff_id = working_period.staff_id)"
    )
    with op.batch_alter_table("working_period", schema=None) as batch_op:
        batch_op.alter_column("version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("weeks", existing_type=sa.String(length=4), server_default=None)
        batch_op.create_index(batch_op.f("ix_working_period_version_id"), ["version_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_working_period_version_id_working_plan_version"),
            "working_plan_version",
            ["version_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            op.f("ck_working_period_weeks_known"), "weeks IN ('all', 'odd', 'even')"
        )


def downgrade() -> None:
    # Only the version in force today survives a downgrade: the old schema has one plan per clerk.
    op.execute(
        "DELETE FROM working_period WHERE version_id <> (SELECT max(v.id) FROM working_plan_version v "
        "WHERE v.staff_id = working_period.staff_id AND v.effective_from <= CURRENT_DATE)"
    )
    with op.batch_alter_table("working_period", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_working_period_weeks_known"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_working_period_version_id_working_plan_version"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_working_period_version_id"))
        batch_op.drop_column("weeks")
        batch_op.drop_column("version_id")
    with op.batch_alter_table("plan_exception", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_exception_staff_day")
    op.drop_table("plan_exception")
    with op.batch_alter_table("working_plan_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_working_plan_version_staff_id"))
    op.drop_table("working_plan_version")
