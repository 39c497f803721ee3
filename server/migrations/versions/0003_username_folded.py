"""Users: username_folded, so user names are unique whatever their case

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    connection = op.get_bind()
    # User names are ASCII (A-Z a-z 0-9 _.-), so lower() is the same in SQLite and PostgreSQL.
    clashes = (
        connection.execute(
            sa.text("SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1")
        )
        .scalars()
        .all()
    )
    if clashes:
        raise RuntimeError(
            "用户名仅大小写不同，无法升级；请先停用并改名其中一个 (user names that differ only in case "
            f"must be renamed before this upgrade: {', '.join(sorted(clashes))})"
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username_folded", sa.String(length=64), nullable=True))
    connection.execute(sa.text("UPDATE users SET username_folded = lower(username)"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("username_folded", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_users_username_folded"), ["username_folded"])


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_username_folded"), type_="unique")
        batch_op.drop_column("username_folded")
