"""Consolidation takes in only what changed: etl_pending_change, and rec_cadre indexed by cadre key.

One row with a NULL manifest is written, so the first consolidation after the upgrade takes in everything
once (a warehouse loaded but not yet consolidated before the upgrade loses nothing).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade(store: str) -> None:
    if store == "analyst":
        _upgrade_analyst()


def downgrade(store: str) -> None:
    if store == "analyst":
        op.drop_index(op.f("ix_rec_cadre_cadre_key"), table_name="rec_cadre")
        op.drop_table("etl_pending_change")


def _upgrade_analyst() -> None:
    pending = op.create_table(
        "etl_pending_change",
        sa.Column("change_id", sa.Integer(), nullable=False, comment="变化号。Change id."),
        sa.Column(
            "manifest_id",
            sa.Integer(),
            nullable=True,
            comment="其记录成为或不再是当前记录的清单行；为空：全部重新合并。"
            "Manifest row whose records became or stopped being current; NULL: consolidate everything.",
        ),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_etl_pending_change")),
        comment="待合并的变化：入库时写入，合并后删除；合并只处理这些清单行涉及的干部与事实。"
        "Changes consolidation has not taken in yet: written by loads, deleted by consolidation.",
    )
    op.create_index(op.f("ix_rec_cadre_cadre_key"), "rec_cadre", ["cadre_key"], unique=False)
    op.bulk_insert(pending, [{"manifest_id": None}])
