"""Video: what the visitor was reading (about_*), the lawyer's sealed notes, the duty rota, bookings

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("video_calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("about_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("about_title", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("notes_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("notes_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("notes_fetched_at", sa.DateTime(), nullable=True))
    op.create_table(
        "lawyer_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lawyer", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lawyer_shifts")),
    )
    op.create_index("ix_lawyer_shifts_ends_at", "lawyer_shifts", ["ends_at"], unique=False)
    op.create_table(
        "video_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("slot_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_video_bookings_device_id_devices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_bookings")),
    )
    op.create_index("ix_video_bookings_slot_at", "video_bookings", ["slot_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_video_bookings_slot_at", table_name="video_bookings")
    op.drop_table("video_bookings")
    op.drop_index("ix_lawyer_shifts_ends_at", table_name="lawyer_shifts")
    op.drop_table("lawyer_shifts")
    with op.batch_alter_table("video_calls", schema=None) as batch_op:
        for column in (
            "notes_fetched_at",
            "notes_at",
            "notes_sealed",
            "about_title",
            "about_id",
            "about_kind",
        ):
            batch_op.drop_column(column)
