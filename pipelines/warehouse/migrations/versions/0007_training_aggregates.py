"""The training views' figures in tables recomputed per changed township: agg_training_month, agg_training_person.

etl_aggregate_definition starts empty, so the first upgrade after this one computes both in full.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PLACE = (
    ("district", sa.String(100), False, "区县（上级文件夹）。District folder."),
    ("township", sa.String(100), False, "乡镇/街道（文件夹）。Township or street office folder."),
    ("training_type", sa.Text(), False, "培训类型；未填为“未知”。Kind of session."),
)
MONTH = (
    *PLACE,
    ("month", sa.String(7), False, "月份 YYYY-MM。Month of the sessions."),
    ("sessions", sa.Integer(), True, "场次（日期+主题+主讲人去重）。Sessions held."),
    ("enrolled", sa.Integer(), True, "应到人次。Attendance records."),
    ("attended", sa.Integer(), True, "出勤人次。Records marked 出勤."),
    ("attendance_unknown", sa.Integer(), True, "出勤未填的人次。Records without attendance."),
    ("attendees", sa.Integer(), True, "出勤的不同干部数。Distinct cadres who attended."),
    ("session_hours", sa.Float(), True, "学时（每场一次）。Hours, once per session."),
    ("attendee_hours", sa.Float(), True, "学员出勤学时合计。Hours credited to attendees."),
)
PERSON = (
    *PLACE,
    ("period", sa.String(7), False, "周期：YYYY-MM 或 YYYYQn。Reporting period of the sessions."),
    ("attendee_key", sa.String(64), True, "学员干部键；无法确定时为空。Attendee's cadre key."),
    ("attendee_name", sa.Text(), True, "表中所填姓名。Name as written in the sheet."),
    ("sessions_held", sa.Integer(), True, "本乡镇本周期该类型举办的场次。Sessions the township held."),
    ("sessions_expected", sa.Integer(), True, "应到场次（分母）。Sessions the person was expected at."),
    ("attended", sa.Integer(), True, "出勤场次。Sessions attended."),
    ("excused", sa.Integer(), True, "请假场次。Sessions excused."),
    ("absent", sa.Integer(), True, "缺勤场次。Sessions missed."),
    ("attendance_unknown", sa.Integer(), True, "出勤未填的场次。Sessions without attendance."),
    ("hours_attended", sa.Float(), True, "出勤学时合计。Hours credited."),
)
COMMENTS = {
    "agg_training_month": "mart_training_attendance 的数字：每个乡镇、培训类型、月份一行；合并时只重算有变化的乡镇"
    "（sql/agg_training_month.sql）。The training view's figures, recomputed per changed township.",
    "agg_training_person": "mart_training_person 的数字：每人、每种培训、每个周期一行，截至报告日期；合并时只重算有变化的乡镇，"
    "报告日期或周期的变化使之全部重算（sql/agg_training_person.sql）。Per-person training figures behind the view.",
}


def upgrade(store: str) -> None:
    if store != "analyst":
        return
    for name, columns in (("agg_training_month", MONTH), ("agg_training_person", PERSON)):
        op.create_table(
            name,
            *(sa.Column(c, t, nullable=n, comment=comment) for c, t, n, comment in columns),
            comment=COMMENTS[name],
        )
        op.create_index(op.f(f"ix_{name}_district_township"), name, ["district", "township"], unique=False)
    op.create_table(
        "etl_aggregate_definition",
        sa.Column("aggregate_name", sa.String(100), nullable=False, comment="汇总表名。Aggregate table."),
        sa.Column("sql_sha256", sa.String(64), nullable=False, comment="汇总 SQL 的 SHA-256。sha256 of its SQL."),
        sa.PrimaryKeyConstraint("aggregate_name", name=op.f("pk_etl_aggregate_definition")),
        comment="汇总表按哪一版 SQL 全部计算过；SQL 变化（或新仓库）时全部重算。Fingerprints of the aggregates' SQL.",
    )
    op.create_index(op.f("ix_fact_training_district_township"), "fact_training", ["district", "township"], unique=False)


def downgrade(store: str) -> None:
    if store != "analyst":
        return
    op.drop_index(op.f("ix_fact_training_district_township"), table_name="fact_training")
    op.drop_table("etl_aggregate_definition")
    for name in ("agg_training_person", "agg_training_month"):
        op.drop_index(op.f(f"ix_{name}_district_township"), table_name=name)
        op.drop_table(name)
