"""Content-pack publishing: published packs, channel pointers, scheduled changes, kiosk groups,
publisher tokens, and each kiosk's pack adoption (from its heartbeat)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

def _device_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("pack_id", sa.String(length=64), nullable=True),
        sa.Column("pack_version", sa.Integer(), nullable=True),
        sa.Column("update_checked_at", sa.DateTime(), nullable=True),
        sa.Column("update_failures", sa.Integer(), nullable=True),
        sa.Column("update_error", sa.String(length=200), nullable=True),
        sa.Column("rolled_back_version", sa.Integer(), nullable=True),
        sa.Column("rolled_back_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "published_packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("packs_version", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(length=40), nullable=False),
        sa.Column("total_bytes", sa.Integer(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_packs")),
        sa.UniqueConstraint("pack_id", "version", name=op.f("uq_published_packs_pack_id_version")),
    )
    op.create_table(
        "channel_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("group_name", sa.String(length=64), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_entries")),
        sa.UniqueConstraint("channel", "group_name", name=op.f("uq_channel_entries_channel_group_name")),
    )
    op.create_table(
        "scheduled_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("group_name", sa.String(length=64), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_changes")),
    )
    op.create_index(
        "ix_scheduled_changes_due",
        "scheduled_changes",
        ["applied_at", "cancelled_at", "due_at"],
        unique=False,
    )
    op.create_table(
        "kiosk_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("township", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_groups")),
        sa.UniqueConstraint("name", name=op.f("uq_kiosk_groups_name")),
    )
    op.create_table(
        "group_members",
        sa.Column("device_id", sa.String(length=40), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_group_members_device_id_devices")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["kiosk_groups.id"], name=op.f("fk_group_members_group_id_kiosk_groups")
        ),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_group_members")),
    )
    op.create_table(
        "publisher_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publisher_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_publisher_tokens_token_hash")),
    )
    with op.batch_alter_table("devices") as batch:
        for column in _device_columns():
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        for column in reversed(_device_columns()):
            batch.drop_column(column.name)
    op.drop_table("publisher_tokens")
    op.drop_table("group_members")
    op.drop_table("kiosk_groups")
    op.drop_index("ix_scheduled_changes_due", table_name="scheduled_changes")
    op.drop_table("scheduled_changes")
    op.drop_table("channel_entries")
    op.drop_table("published_packs")
