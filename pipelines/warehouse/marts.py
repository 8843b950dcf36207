"""The analyst views: stable names and documented columns here, each view's SQL in `sql/<view>.sql`.

The SQL is portable on purpose: dates are compared as yyyymmdd integers taken from their ISO
text, months are the first 7 characters of that text. The one dialect-specific fragment,
"days since", is put in place of `$DAYS_SINCE_LAST` from `_DIALECT`. Thresholds come from
reference tables the SQL joins (`ref_setting`, `ref_vocabulary`, `ref_reporting_period`), never
from values written into it. Views are recreated when their SQL changes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from sqlalchemy import Connection, delete, insert, select

from pipelines.warehouse.tables import dim_cadre, etl_view_definition

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class View:
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (column, description) in SELECT order

    @property
    def sql(self) -> str:
        """The SELECT of `sql/<name>.sql`, as written (with its comments and placeholders)."""
        return view_sql(self.name)

    def select_sql(self, dialect: str) -> str:
        """The SELECT for `dialect` ("sqlite" or "postgresql")."""
        sql = self.sql
        for placeholder, fragments in _DIALECT.items():
            sql = sql.replace(placeholder, fragments[dialect])
        return sql


@cache
def view_sql(name: str) -> str:
    text = files("pipelines.warehouse").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")
    return text.strip().rstrip(";")


_DIALECT = {
    "$DAYS_SINCE_LAST": {
        "sqlite": "CAST(julianday(date('now')) - julianday(date(a.last_received_at)) AS INTEGER)",
        "postgresql": "(CAST((now() AT TIME ZONE 'UTC') AS DATE) - CAST(a.last_received_at AS DATE))",
    },
}

_DIM_COLUMNS = tuple((c.name, c.comment or "") for c in dim_cadre.columns)

DIM_CADRE_CURRENT = View(
    "dim_cadre_current",
    "每位干部的当前版本（is_current），一人一行。同时在多个乡镇现行花名册中的人也只有一行（主记录所在乡镇：沿用当前版本的乡镇，"
    "否则取最后载入的），其余每个乡镇在 etl_conflict 中有一行 attribute = 'township'，直到只剩一个花名册列出此人。"
    "The current version of every cadre still in some current roster, one row per person. A person on several "
    "townships' current rosters is one row here (the primary record's township) and one open etl_conflict row "
    "(attribute 'township') per other township: counted once, never hidden.",
    _DIM_COLUMNS,
)

DIM_CADRE_LATEST = View(
    "dim_cadre_latest",
    "每人一行：当前版本，或已不在任何花名册中时的最后版本。One row per real person: the latest version.",
    _DIM_COLUMNS,
)

MART_MENTORING_SUMMARY = View(
    "mart_mentoring_summary",
    "帮带对子汇总：每个乡镇、每个区县（全区合计）和全省合计各项目的导师、对子、培养对象与年轻干部数。"
    "Mentoring per township, per district and province total, per programme. "
    "种子句：level='district' 且 programme='导师引航'。",
    (
        ("level", "township（乡镇行）、district（全区合计行）或 province（全省合计行）。Row level."),
        ("district", "区县；全省合计行为空。District, NULL on the province total row."),
        ("township", "乡镇/街道；合计行为空。Township, NULL on total rows."),
        ("programme", "项目：导师引航 / 以新促老 / 挂职锻炼。Programme."),
        ("mentors", "导师人数（去重的导师干部）。Distinct mentor cadres."),
        ("pairs", "帮带对子数（去重的导师–培养对象组合）。Distinct mentor–mentee pairs."),
        ("mentees", "培养对象人数（去重）。Distinct mentees."),
        (
            "young_mentees",
            "年轻培养对象：结对时未满 young_age 岁，或参加工作不满 young_recent_years 年（ref_setting，与填报规则同一设置）。"
            "Mentees under young_age at pairing start or who started work within young_recent_years before it.",
        ),
        ("batches", "批次数（挂职锻炼）。Distinct batches (挂职锻炼)."),
    ),
)

MART_EVALUATION_ALERTS = View(
    "mart_evaluation_alerts",
    "测评提醒：对子最近两次测评为相邻季度且同为优秀（经验交流）或同为不合格（检讨发言）。"
    "Pairs whose last two consecutive quarters are both 优秀 or both 不合格.",
    (
        ("district", "区县。District."),
        ("township", "乡镇/街道（测评文件所在）。Township of the evaluation file."),
        ("programme", "项目（测评表填写时）。Programme, when the sheet gives it."),
        ("mentor_key", "导师干部键。Mentor's cadre key."),
        ("mentor_name", "导师姓名。Mentor's name."),
        ("mentee_key", "培养对象干部键。Mentee's cadre key."),
        ("mentee_name", "培养对象姓名。Mentee's name."),
        ("previous_quarter", "前一季度，如 2023Q2。The earlier quarter."),
        ("last_quarter", "最近季度，如 2023Q3。The latest quarter."),
        ("result", "两次相同的测评结果。The result both quarters share."),
        ("alert", "经验交流（两次优秀）或 检讨发言（两次不合格）。What the mentor does at the staff meeting."),
        ("file_sha256", "最近一次测评的来源文件。File of the latest evaluation."),
        ("sheet", "来源工作表。Sheet."),
        ("source_row", "来源 Excel 行号。Excel row."),
    ),
)


MART_TRAINING_ATTENDANCE = View(
    "mart_training_attendance",
    "培训出勤：每个乡镇、培训类型、月份的场次、学员、出勤率与学时。Training per township, type and month.",
    (
        ("district", "区县。District."),
        ("township", "乡镇/街道。Township."),
        ("training_type", "培训类型；文件没有培训类型时为“未知”。Kind of session; 未知 when not given."),
        ("month", "月份 YYYY-MM。Month."),
        ("sessions", "场次（日期+主题+主讲人去重）。Distinct sessions (date, topic, trainer)."),
        ("enrolled", "应到人次（记录行数）。Attendance records."),
        ("attended", "实到人次（出勤）。Records marked 出勤."),
        ("attendance_unknown", "出勤未知人次（文件没有出勤列或未填）。Records without attendance."),
        ("attendees", "实到人数（去重干部）。Distinct cadres who attended."),
        ("attendance_rate", "出勤率 = 实到人次 /（应到人次 − 出勤未知人次）；全部未知为空。attended / known."),
        ("session_hours", "授课学时（每场取学时一次）。Hours taught, each session once."),
        ("attendee_hours", "学员学时合计（仅出勤）。Hours credited to attendees."),
    ),
)

MART_GRADUATE_PLACEMENT_DETAIL = View(
    "mart_graduate_placement_detail",
    "选调生明细：每位当前选调生一行。One row per selected graduate (选调生) in a current roster.",
    (
        ("district", "区县。District."),
        ("township", "乡镇/街道。Township folder."),
        ("township_type", "街道办事处 / 乡镇（按文件夹名称结尾）。Office type by folder name."),
        ("cadre_key", "干部键。Cadre key."),
        ("id_masked", "脱敏身份证号。Masked ID number."),
        ("name", "姓名。Name."),
        ("unit", "工作单位。Work unit."),
        ("post", "职务。Post."),
        ("rank", "职级。Rank."),
        ("work_start_date", "参加工作（安置）时间。Placement date."),
        ("in_street_office", "1 = 在街道办事处。Serving in a street office."),
        ("in_township_office", "1 = 在乡镇。Serving in a township office."),
        (
            "section_level",
            "1 = 科级（职级在 section_level_ranks 中）；职级未知为空。At section level; NULL if unknown.",
        ),
        (
            "party_status",
            "member（中共党员/预备党员）/ applied（已递交申请）/ neither / unknown（未填）。Party status.",
        ),
        (
            "joined_before_work",
            "1 = 参加工作前入党（如在校期间）；日期未知为空。Joined before work start; NULL if unknown.",
        ),
        (
            "transferred_within_year",
            "1 = 安置后一年内调动（dim_cadre 历史中乡镇或单位变化）。Transferred within one year of placement.",
        ),
    ),
)

MART_GRADUATE_PLACEMENT = View(
    "mart_graduate_placement",
    "选调生安置：每个区县的总数、在街道/乡镇、科级、政治面貌与一年内调动。Selected graduates per district.",
    (
        ("district", "区县。District."),
        ("total", "选调生总数。Selected graduates in current rosters."),
        ("in_street_offices", "在街道办事处。Serving in street offices."),
        ("in_township_offices", "在乡镇。Serving in township offices."),
        ("at_section_level", "科级。At section level (正科级/副科级)."),
        ("party_members", "党员（含预备党员）。Party members."),
        ("joined_before_work", "其中参加工作前入党。Members who joined before work start."),
        ("joined_after_work", "其中参加工作后入党。Members who joined after."),
        ("applied", "已递交入党申请（重点培养对象）。Non-members who applied."),
        ("neither", "既非党员也未申请。Neither."),
        ("party_status_unknown", "政治面貌未知（文件没有该列或未填）。Political status not given."),
        ("rank_unknown", "职级未知，不计入科级。Rank not given; not counted at section level."),
        ("transferred_within_year", "安置后一年内调动的人数（应为 0）。Transferred within one year; should be 0."),
    ),
)

MART_SUBMISSION_STATUS = View(
    "mart_submission_status",
    "报送情况：每个乡镇、每种记录的当前文件、最近报送时间、入库与拒收行数、距今天数。Submission status.",
    (
        ("district", "区县。District."),
        ("township", "乡镇/街道。Township."),
        ("township_key", "乡镇键。Township key."),
        ("kind", "记录类别。Record kind."),
        ("files", "当前文件数。Current files of this kind."),
        ("last_file", "最近报送的文件（相对乡镇文件夹）。Most recently received current file."),
        ("last_received_at", "最近报送时间（UTC）。When it was received."),
        ("rows_loaded", "当前文件入库行合计。Rows loaded from current files."),
        ("rows_rejected", "当前文件拒收行合计。Rows rejected in current files."),
        ("days_since_last", "距最近报送的天数；从未报送为空。Days since the last submission."),
    ),
)

# creation order: a view comes after the views it reads
VIEWS: tuple[View, ...] = (
    DIM_CADRE_CURRENT,
    DIM_CADRE_LATEST,
    MART_MENTORING_SUMMARY,
    MART_EVALUATION_ALERTS,
    MART_TRAINING_ATTENDANCE,
    MART_GRADUATE_PLACEMENT_DETAIL,
    MART_GRADUATE_PLACEMENT,
    MART_SUBMISSION_STATUS,
)


# PostgreSQL: a view reads its tables as the querying role, so row-level security on the tables
# (`cadre-etl db grant ROLE --district …`) limits what an analyst sees through the views too.
_VIEW_OPTIONS = {"sqlite": "", "postgresql": " WITH (security_invoker = true)"}


def _sha(sql: str) -> str:
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()


def drop_views(connection: Connection, views: Sequence[View] = VIEWS) -> None:
    quote = connection.dialect.identifier_preparer.quote
    for view in reversed(views):
        connection.exec_driver_sql("DROP VIEW IF EXISTS " + quote(view.name))


def sync_views(connection: Connection, force: bool = False, views: Sequence[View] = VIEWS) -> bool:
    """(Re)create every view of `views` (in order) when any definition changed, or when forced. Returns whether it did."""
    dialect = connection.dialect.name
    wanted = {v.name: _sha(_VIEW_OPTIONS[dialect] + v.select_sql(dialect)) for v in views}
    t = etl_view_definition
    have = {row.view_name: row.sql_sha256 for row in connection.execute(select(t.c.view_name, t.c.sql_sha256))}
    if have == wanted and not force:
        return False
    log.info("recreating the warehouse views")
    drop_views(connection, views)
    quote = connection.dialect.identifier_preparer.quote
    for view in views:
        sql = view.select_sql(dialect)
        if "%" in sql:
            raise ValueError(f"view {view.name}: '%' is not allowed in view SQL")
        connection.exec_driver_sql("CREATE VIEW " + quote(view.name) + _VIEW_OPTIONS[dialect] + " AS " + sql)
    connection.execute(delete(t))
    connection.execute(insert(t), [{"view_name": name, "sql_sha256": sha} for name, sha in wanted.items()])
    return True
