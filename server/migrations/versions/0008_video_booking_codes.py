"""Video bookings: the slip's code, cancellation, check-in; a call remembers the booked slot

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("video_bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("call_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("video_calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("booking_slot_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("video_calls", schema=None) as batch_op:
        batch_op.drop_column("booking_slot_at")
    with op.batch_alter_table("video_bookings", schema=None) as batch_op:
        for column in ("call_id", "cancelled_by", "cancelled_at", "code"):
            batch_op.drop_column(column)
