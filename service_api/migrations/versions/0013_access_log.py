"""The access log of staff reads of personal data, append-only; the data-protection officer's role.

Every read of a booking's personal data by staff leaves a row (who, when, which booking, how). Triggers
on both databases refuse to change a row and refuse to delete one, except rows older than the cutoff a
purge in progress has written to ``access_log_purge`` in its own transaction (the retention purge,
after the kept period). The staff role check learns ``dpo``.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CHANNELS = "'panel', 'list', 'feed', 'drill_down', 'csv_export', 'calendar_feed', 'subject_access'"
ROLES_BEFORE = "role IN ('clerk', 'supervisor', 'admin')"
ROLES_AFTER = "role IN ('clerk', 'supervisor', 'admin', 'dpo')"

# A DELETE goes through only for a row older than the cutoff of a purge under way; nothing else.
PURGING = "EXISTS (SELECT 1 FROM access_log_purge WHERE access_log_purge.before > OLD.at)"

POSTGRES_GUARD = f"""
CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND {PURGING} THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
"""

SQLITE_GUARD = (
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log WHEN NOT {PURGING}
    BEGIN SELECT RAISE(ABORT, 'access_log is append-only: DELETE refused'); END""",
)


def upgrade() -> None:
    op.create_table(
        "access_log_purge",
        sa.Column("before", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("before", name=op.f("pk_access_log_purge")),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.CheckConstraint(f"channel IN ({CHANNELS})", name=op.f("ck_access_log_channel_known")),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["booking.id"], name=op.f("fk_access_log_booking_id_booking")
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_access_log_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index(op.f("ix_access_log_at"), "access_log", ["at"])
    op.create_index("ix_access_log_staff_id_id", "access_log", ["staff_id", "id"])
    op.create_index("ix_access_log_booking_id_id", "access_log", ["booking_id", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_GUARD)
    else:
        for statement in SQLITE_GUARD:
            op.execute(statement)
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_staff_role_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_staff_role_known"), ROLES_AFTER)


def downgrade() -> None:
    # A dpo has no place in the older schema; their account goes (the log that names them goes first).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER access_log_append_only ON access_log")
        op.execute("DROP FUNCTION access_log_append_only()")
    else:
        op.execute("DROP TRIGGER access_log_no_delete")
        op.execute("DROP TRIGGER access_log_no_update")
    op.drop_index("ix_access_log_booking_id_id", table_name="access_log")
    op.drop_index("ix_access_log_staff_id_id", table_name="access_log")
    op.drop_index(op.f("ix_access_log_at"), table_name="access_log")
    op.drop_table("access_log")
    op.drop_table("access_log_purge")
    op.execute("DELETE FROM staff WHERE role = 'dpo'")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_staff_role_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_staff_role_known"), ROLES_BEFORE)
