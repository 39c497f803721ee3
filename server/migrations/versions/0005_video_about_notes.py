"""Video calls: what the visitor was reading when they asked (about_*), the lawyer's sealed notes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
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


def downgrade() -> None:
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
