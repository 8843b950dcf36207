"""Reporting reference: the reporting date and period, and the expected-townships registry.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade(store: str) -> None:
    if store == "analyst":
        _upgrade_analyst()


def downgrade(store: str) -> None:
    if store == "analyst":
        op.drop_table("ref_expected_township")
        op.drop_table("ref_reporting_period")


def _upgrade_analyst() -> None:
    op.create_table(
        "ref_reporting_period",
        sa.Column("setting_id", sa.Integer(), nullable=False, comment="固定为 1：只有一行。Always 1: the one row."),
        sa.Column(
            "as_of_date",
            sa.Date(),
            nullable=False,
            comment="报告日期：视图按此日期计算。The reporting date the views use.",
        ),
        sa.Column(
            "as_of_source",
            sa.String(length=40),
            nullable=False,
            comment="日期来源：--as-of / CADRE_ETL_AS_OF / 运行日期。",
        ),
        sa.Column(
            "period",
            sa.String(length=10),
            nullable=False,
            comment="报送周期：month（按月）或 quarter（按季）。Reporting period kind.",
        ),
        sa.Column(
            "period_label",
            sa.String(length=10),
            nullable=False,
            comment="报告日期所在的周期，如 2023Q4、2023-12。Current period.",
        ),
        sa.Column("period_start", sa.Date(), nullable=False, comment="本周期第一天。First day of the current period."),
        sa.Column("period_end", sa.Date(), nullable=False, comment="本周期最后一天。Last day of the current period."),
        sa.PrimaryKeyConstraint("setting_id", name=op.f("pk_ref_reporting_period")),
        comment="报告参数（一行）：报告日期与报送周期；视图从这里取日期，不取系统时间。The reporting date and period.",
    )
    op.create_table(
        "ref_expected_township",
        sa.Column(
            "township_key", sa.String(length=200), nullable=False, comment="乡镇键。Township key <district>/<township>."
        ),
        sa.Column(
            "kind",
            sa.String(length=20),
            nullable=False,
            comment="应报送的记录类别。Record kind the township must send.",
        ),
        sa.Column("district", sa.String(length=100), nullable=False, comment="区县（上级文件夹）。District folder."),
        sa.Column(
            "township",
            sa.String(length=100),
            nullable=False,
            comment="乡镇/街道（文件夹）。Township or street office folder.",
        ),
        sa.Column(
            "registry_file", sa.Text(), nullable=False, comment="名单文件（相对 sources）。Registry file it comes from."
        ),
        sa.PrimaryKeyConstraint("township_key", "kind", name=op.f("pk_ref_expected_township")),
        comment="应报送名单（来自 sources/<区县>/_townships.yaml）：每个乡镇每类报表一行。Expected submissions.",
    )
