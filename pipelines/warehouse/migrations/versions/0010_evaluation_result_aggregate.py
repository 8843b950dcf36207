"""mart_evaluation_results' pair counts in a table recomputed per changed township: agg_evaluation_result.

It has no row in etl_aggregate_definition, so the first upgrade after this one computes it in full.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLE = "agg_evaluation_result"
COMMENT = (
    "mart_evaluation_results 的数字：每个乡镇、季度、测评结果的对子数，全部季度（视图按报告日期筛选）；合并时只重算"
    "有变化的乡镇（sql/agg_evaluation_result.sql）。The evaluation results' pair counts, recomputed per changed township."
)


def upgrade(store: str) -> None:
    if store != "analyst":
        return
    op.create_table(
        TABLE,
        sa.Column("district", sa.String(100), nullable=False, comment="区县（上级文件夹）。District folder."),
        sa.Column("township", sa.String(100), nullable=False, comment="乡镇/街道（文件夹）。Township or street office folder."),
        sa.Column("year", sa.Integer(), nullable=False, comment="测评年度。Year."),
        sa.Column("quarter", sa.Integer(), nullable=False, comment="季度 1–4。Quarter."),
        sa.Column("result", sa.Text(), nullable=True, comment="测评结果。Result."),
        sa.Column("pairs", sa.Integer(), nullable=False, comment="对子数（同一对子同一季度只计一次）。Pairs with this result."),
        comment=COMMENT,
    )
    op.create_index(op.f(f"ix_{TABLE}_district_township"), TABLE, ["district", "township"], unique=False)


def downgrade(store: str) -> None:
    if store != "analyst":
        return
    # the view reads the table; migrate recreates the views after any migration
    op.execute("DROP VIEW IF EXISTS mart_evaluation_results")
    op.drop_index(op.f(f"ix_{TABLE}_district_township"), table_name=TABLE)
    op.drop_table(TABLE)
