"""Sealed hand-offs: documents for a visitor's phone and unfinished forms (ciphertext only)

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
    op.create_table(
        "handoffs",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("views_left", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], name=op.f("fk_handoffs_device_id_devices")),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_handoffs")),
    )
    op.create_index("ix_handoffs_expires_at", "handoffs", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_handoffs_expires_at", table_name="handoffs")
    op.drop_table("handoffs")
