"""Ingest items: purged_at, when personal data was deleted after the retention period

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 14:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ingest_items", schema=None) as batch_op:
        batch_op.drop_column("purged_at")
