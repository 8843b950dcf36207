"""The evaluation alert views' pairs and streaks in tables recomputed per changed township.

agg_evaluation_alert (mart_evaluation_alerts) and agg_evaluation_streak (mart_evaluation_alert_history);
the first upgrade after this one computes both in full (they have no row in etl_aggregate_definition).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PLACE = (
    ("district", sa.String(100), False, "区县（上级文件夹）。District folder."),
    ("township", sa.String(100), False, "乡镇/街道（文件夹）。Township or street office folder."),
)
PAIR = (
    ("programme", sa.Text(), True, "帮带项目。Mentoring programme."),
    ("mentor_key", sa.String(64), True, "导师干部键。Mentor's cadre key."),
    ("mentor_name", sa.Text(), True, "表中所填导师姓名。Mentor's name as written."),
    ("mentee_key", sa.String(64), True, "培养对象干部键。Mentee's cadre key."),
    ("mentee_name", sa.Text(), True, "表中所填培养对象姓名。Mentee's name as written."),
)
TRAIL = (
    ("file_sha256", sa.String(64), False, "来源文件 SHA-256。sha256 of the source file version."),
    ("sheet", sa.String(200), False, "来源工作表。Sheet name (a CSV file is one sheet)."),
    ("source_row", sa.Integer(), False, "来源 Excel 行号。Excel row number in the sheet."),
)
ALERT = (
    *PLACE,
    *PAIR,
    ("previous_quarter", sa.String(10), False, "上一季度，如 2023Q3。The quarter before."),
    ("last_quarter", sa.String(10), False, "最近一次测评的季度。The pair's latest quarter."),
    ("result", sa.Text(), False, "两季度相同的结果：优秀或不合格。The result both quarters had."),
    *TRAIL,
)
STREAK = (
    *PLACE,
    ("record_id", sa.Integer(), False, "测评记录号（rec_evaluation）。Evaluation record id."),
    *PAIR,
    ("quarter", sa.String(10), False, "季度，如 2023Q4。Quarter of the evaluation."),
    ("streak_start", sa.String(10), False, "连续段的第一个季度。First quarter of the streak."),
    ("streak_length", sa.Integer(), False, "至此连续的季度数（≥ 2）。Quarters in a row so far."),
    ("result", sa.Text(), False, "优秀或不合格。The repeated result."),
    ("is_latest", sa.Integer(), False, "1：该对子截至报告日期最近的季度。1 on the latest quarter."),
    *TRAIL,
)
COMMENTS = {
    "agg_evaluation_alert": "mart_evaluation_alerts 的对子：最近两次测评为相邻季度且同为优秀或不合格；合并时只重算有变化的乡镇"
    "（sql/agg_evaluation_alert.sql）。The alert view's pairs, recomputed per changed township.",
    "agg_evaluation_streak": "mart_evaluation_alert_history 的连续段：每个对子每个季度一行，截至报告日期所在季度；合并时只重算有变化的"
    "乡镇，报告日期跨入有测评的季度时全部重算（sql/agg_evaluation_streak.sql）。The alert history's streaks.",
}


def upgrade(store: str) -> None:
    if store != "analyst":
        return
    for name, columns in (("agg_evaluation_alert", ALERT), ("agg_evaluation_streak", STREAK)):
        op.create_table(
            name,
            *(sa.Column(c, t, nullable=n, comment=comment) for c, t, n, comment in columns),
            comment=COMMENTS[name],
        )
        op.create_index(op.f(f"ix_{name}_district_township"), name, ["district", "township"], unique=False)


def downgrade(store: str) -> None:
    if store != "analyst":
        return
    for name in ("agg_evaluation_streak", "agg_evaluation_alert"):
        op.drop_index(op.f(f"ix_{name}_district_township"), table_name=name)
        op.drop_table(name)
