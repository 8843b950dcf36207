"""ref_setting: the young-cadre ages the views share with the ingest rules (one row, written at every upgrade).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade(store: str) -> None:
    if store == "analyst":
        op.create_table(
            "ref_setting",
            sa.Column("setting_id", sa.Integer(), nullable=False, comment="固定为 1：只有一行。Always 1: the one row."),
            sa.Column(
                "young_age",
                sa.Integer(),
                nullable=False,
                comment="年轻干部：未满此年龄（周岁）。A cadre under this age is young (IngestSettings.young_age).",
            ),
            sa.Column(
                "young_recent_years",
                sa.Integer(),
                nullable=False,
                comment="…或参加工作不满此年数。…or one who started work within this many years (young_recent_years).",
            ),
            sa.PrimaryKeyConstraint("setting_id", name=op.f("pk_ref_setting")),
            comment="设置（一行）：填报规则所用的年轻干部年龄与工龄，视图按同一设置计算；每次升级时写入。"
            "The settings the views share with the ingest rules (one row), written at every upgrade.",
        )


def downgrade(store: str) -> None:
    if store == "analyst":
        op.drop_table("ref_setting")
