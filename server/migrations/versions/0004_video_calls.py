"""Video consultation: call records (the queue) and the lawyers' duty state

The `lawyer` console role needs no schema change: users.role is a plain string checked by the
application (server.models.user.ROLES).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "video_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("last_poll_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("lawyer", sa.String(length=64), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.Column("ticket_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], name=op.f("fk_video_calls_device_id_devices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_calls")),
    )
    op.create_index("ix_video_calls_state", "video_calls", ["state", "requested_at"], unique=False)
    op.create_table(
        "lawyer_duty",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_lawyer_duty_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_lawyer_duty")),
    )


def downgrade() -> None:
    op.drop_table("lawyer_duty")
    op.drop_index("ix_video_calls_state", table_name="video_calls")
    op.drop_table("video_calls")
