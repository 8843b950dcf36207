"""Analyst views: stable names, documented columns, one SQL text for SQLite and PostgreSQL.

The SQL is portable on purpose: dates are compared as yyyymmdd integers taken from their ISO
text, months are the first 7 characters of that text. The one dialect-specific fragment,
"days since", is chosen from `_DAYS_SINCE`. Views are recreated when their SQL changes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from pipelines.warehouse.tables import dim_cadre, etl_view_definition

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class View:
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (column, description) in SELECT order
    sql: str  # the SELECT; "$DAYS_SINCE_LAST" is replaced per dialect

    def select_sql(self, dialect: str) -> str:
        return self.sql.replace("$DAYS_SINCE_LAST", _DAYS_SINCE[dialect])


_DAYS_SINCE = {
    "sqlite": "CAST(julianday(date('now')) - julianday(date(a.last_received_at)) AS INTEGER)",
    "postgresql": "(CAST((now() AT TIME ZONE 'UTC') AS DATE) - CAST(a.last_received_at AS DATE))",
}


def _ymd(expr: str) -> str:
    """A date or timestamp as the integer yyyymmdd (portable: both dialects render ISO text)."""
    return "CAST(REPLACE(SUBSTR(CAST(" + expr + " AS TEXT), 1, 10), '-', '') AS INTEGER)"


_DIM_COLUMNS = tuple((c.name, c.comment or "") for c in dim_cadre.columns)
_DIM_LIST = ", ".join(name for name, _ in _DIM_COLUMNS)

DIM_CADRE_CURRENT = View(
    "dim_cadre_current",
    "每位干部的当前版本（is_current），一人一行。同时在多个乡镇现行花名册中的人也只有一行（主记录所在乡镇：沿用当前版本的乡镇，"
    "否则取最后载入的），其余每个乡镇在 etl_conflict 中有一行 attribute = 'township'，直到只剩一个花名册列出此人。"
    "The current version of every cadre still in some current roster, one row per person. A person on several "
    "townships' current rosters is one row here (the primary record's township) and one open etl_conflict row "
    "(attribute 'township') per other township: counted once, never hidden.",
    _DIM_COLUMNS,
    "SELECT " + _DIM_LIST + " FROM dim_cadre WHERE is_current",
)

DIM_CADRE_LATEST = View(
    "dim_cadre_latest",
    "每人一行：当前版本，或已不在任何花名册中时的最后版本。One row per real person: the latest version.",
    _DIM_COLUMNS,
    # an anti-join, not a window: PostgreSQL flattens it into the query that joins it, by cadre_key
    "SELECT " + ", ".join("d." + name for name, _ in _DIM_COLUMNS) + " FROM dim_cadre d WHERE NOT EXISTS "
    "(SELECT 1 FROM dim_cadre later WHERE later.cadre_key = d.cadre_key AND (later.valid_from > d.valid_from "
    "OR (later.valid_from = d.valid_from AND later.cadre_version_id > d.cadre_version_id)))",
)

_YOUNG = (
    "CASE WHEN c.cadre_key IS NOT NULL AND ("
    + _ymd("c.birth_date")
    + " + 350000 > "
    + _ymd("f.start_date")
    + " OR "
    + _ymd("c.work_start_date")
    + " + 30000 >= "
    + _ymd("f.start_date")
    + ") THEN 1 ELSE 0 END"
)
_MENTOR_MEASURES = (
    "COUNT(DISTINCT mentor_key) AS mentors, COUNT(DISTINCT mentor_key || '|' || mentee_key) AS pairs, "
    "COUNT(DISTINCT mentee_key) AS mentees, COUNT(DISTINCT CASE WHEN young = 1 THEN mentee_key END) AS young_mentees, "
    "COUNT(DISTINCT batch) AS batches"
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
            "年轻培养对象：结对时未满 35 岁，或参加工作不满 3 年。Mentees under 35 at pairing start "
            "or who started work within 3 years before it.",
        ),
        ("batches", "批次数（挂职锻炼）。Distinct batches (挂职锻炼)."),
    ),
    "WITH pairs AS (SELECT f.district, f.township, f.programme, f.mentor_key, f.mentee_key, f.batch, "
    + _YOUNG
    + " AS young FROM fact_pairing f LEFT JOIN dim_cadre_latest c ON c.cadre_key = f.mentee_key), "
    "by_township AS (SELECT district, township, programme, "
    + _MENTOR_MEASURES
    + " FROM pairs GROUP BY district, township, programme), "
    "by_district AS (SELECT district, programme, " + _MENTOR_MEASURES + " FROM pairs GROUP BY district, programme), "
    "by_province AS (SELECT programme, " + _MENTOR_MEASURES + " FROM pairs GROUP BY programme), "
    "programmes AS (SELECT value AS programme, position FROM ref_vocabulary WHERE vocabulary = 'programme') "
    "SELECT level, district, township, programme, mentors, pairs, mentees, young_mentees, batches FROM ("
    "SELECT 'township' AS level, t.district, t.township, p.programme, p.position, "
    "COALESCE(a.mentors, 0) AS mentors, COALESCE(a.pairs, 0) AS pairs, COALESCE(a.mentees, 0) AS mentees, "
    "COALESCE(a.young_mentees, 0) AS young_mentees, COALESCE(a.batches, 0) AS batches "
    "FROM dim_township t CROSS JOIN programmes p LEFT JOIN by_township a "
    "ON a.district = t.district AND a.township = t.township AND a.programme = p.programme "
    "UNION ALL "
    "SELECT 'district' AS level, d.district, NULL AS township, p.programme, p.position, "
    "COALESCE(a.mentors, 0), COALESCE(a.pairs, 0), COALESCE(a.mentees, 0), COALESCE(a.young_mentees, 0), "
    "COALESCE(a.batches, 0) "
    "FROM (SELECT DISTINCT district FROM dim_township) d CROSS JOIN programmes p LEFT JOIN by_district a "
    "ON a.district = d.district AND a.programme = p.programme "
    "UNION ALL "
    "SELECT 'province' AS level, NULL AS district, NULL AS township, p.programme, p.position, "
    "COALESCE(a.mentors, 0), COALESCE(a.pairs, 0), COALESCE(a.mentees, 0), COALESCE(a.young_mentees, 0), "
    "COALESCE(a.batches, 0) "
    "FROM programmes p LEFT JOIN by_province a ON a.programme = p.programme "
    "WHERE EXISTS (SELECT 1 FROM dim_township)) summary",
)

_PAIR = "district, township, mentor_key, mentee_key, COALESCE(programme, '')"
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
    # the previous evaluation comes from LEAD over the same window, not a self-join of the ranked rows:
    # one pass, a plan that stays linear at province scale
    "WITH ev AS (SELECT e.*, e.year * 4 + e.quarter - 1 AS quarter_index, ROW_NUMBER() OVER (PARTITION BY "
    + _PAIR
    + ", year, quarter ORDER BY record_id DESC) AS duplicate FROM fact_evaluation e), "
    "ranked AS (SELECT ev.*, "
    + ", ".join(
        f"{function} OVER (PARTITION BY {_PAIR} ORDER BY quarter_index DESC) AS {name}"
        for function, name in (
            ("ROW_NUMBER()", "recency"),
            ("LEAD(quarter_index)", "previous_index"),
            ("LEAD(result)", "previous_result"),
            ("LEAD(year)", "previous_year"),
            ("LEAD(quarter)", "previous_quarter_number"),
        )
    )
    + " FROM ev WHERE duplicate = 1) "
    "SELECT a.district, a.township, a.programme, a.mentor_key, COALESCE(m.name, a.mentor_name) AS mentor_name, "
    "a.mentee_key, COALESCE(n.name, a.mentee_name) AS mentee_name, "
    "CAST(a.previous_year AS TEXT) || 'Q' || CAST(a.previous_quarter_number AS TEXT) AS previous_quarter, "
    "CAST(a.year AS TEXT) || 'Q' || CAST(a.quarter AS TEXT) AS last_quarter, a.result, "
    "CASE WHEN a.result = '优秀' THEN '经验交流' ELSE '检讨发言' END AS alert, a.file_sha256, a.sheet, a.source_row "
    "FROM ranked a "
    "LEFT JOIN dim_cadre_latest m ON m.cadre_key = a.mentor_key "
    "LEFT JOIN dim_cadre_latest n ON n.cadre_key = a.mentee_key "
    "WHERE a.recency = 1 AND a.quarter_index = a.previous_index + 1 AND a.result = a.previous_result "
    "AND a.result IN ('优秀', '不合格')",
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
    "WITH t AS (SELECT district, township, COALESCE(training_type, '未知') AS training_type, "
    "SUBSTR(CAST(training_date AS TEXT), 1, 7) AS month, "
    "CAST(training_date AS TEXT) || '|' || COALESCE(topic, '') || '|' || COALESCE(trainer, '') AS session, "
    "attendee_key, hours, attendance FROM fact_training), "
    "sessions AS (SELECT district, township, training_type, month, session, MAX(hours) AS hours FROM t "
    "GROUP BY district, township, training_type, month, session), "
    "session_totals AS (SELECT district, township, training_type, month, COUNT(*) AS sessions, "
    "SUM(hours) AS session_hours FROM sessions GROUP BY district, township, training_type, month), "
    "attendance AS (SELECT district, township, training_type, month, COUNT(*) AS enrolled, "
    "SUM(CASE WHEN attendance = '出勤' THEN 1 ELSE 0 END) AS attended, "
    "SUM(CASE WHEN attendance IS NULL THEN 1 ELSE 0 END) AS attendance_unknown, "
    "COUNT(DISTINCT CASE WHEN attendance = '出勤' THEN attendee_key END) AS attendees, "
    "SUM(CASE WHEN attendance = '出勤' THEN hours ELSE 0 END) AS attendee_hours "
    "FROM t GROUP BY district, township, training_type, month) "
    "SELECT a.district, a.township, a.training_type, a.month, s.sessions, a.enrolled, a.attended, "
    "a.attendance_unknown, a.attendees, "
    "CASE WHEN a.enrolled > a.attendance_unknown "
    "THEN ROUND(1.0 * a.attended / (a.enrolled - a.attendance_unknown), 4) END AS attendance_rate, "
    "s.session_hours, a.attendee_hours "
    "FROM attendance a JOIN session_totals s ON s.district = a.district AND s.township = a.township "
    "AND s.training_type = a.training_type AND s.month = a.month",
)

_IS_MEMBER = (
    "EXISTS (SELECT 1 FROM ref_vocabulary r WHERE r.vocabulary = 'party_members' AND r.value = g.political_status)"
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
    "WITH moves AS (SELECT cadre_key, valid_from, township_key, unit, "
    "LAG(township_key) OVER (PARTITION BY cadre_key ORDER BY valid_from, cadre_version_id) AS previous_township_key, "
    "LAG(unit) OVER (PARTITION BY cadre_key ORDER BY valid_from, cadre_version_id) AS previous_unit FROM dim_cadre), "
    "early AS (SELECT DISTINCT m.cadre_key FROM moves m JOIN dim_cadre_current g ON g.cadre_key = m.cadre_key "
    "WHERE m.previous_township_key IS NOT NULL "
    "AND (m.township_key <> m.previous_township_key OR m.unit <> m.previous_unit) AND "
    + _ymd("m.valid_from")
    + " < "
    + _ymd("g.work_start_date")
    + " + 10000) "
    "SELECT g.district, g.township, t.township_type, g.cadre_key, g.id_masked, g.name, g.unit, g.post, g.rank, "
    "g.work_start_date, CASE WHEN t.township_type = '街道办事处' THEN 1 ELSE 0 END AS in_street_office, "
    "CASE WHEN t.township_type = '乡镇' THEN 1 ELSE 0 END AS in_township_office, "
    "CASE WHEN g.rank IS NULL THEN NULL WHEN EXISTS (SELECT 1 FROM ref_vocabulary r "
    "WHERE r.vocabulary = 'section_level_ranks' AND r.value = g.rank) THEN 1 ELSE 0 END AS section_level, "
    "CASE WHEN g.political_status IS NULL THEN 'unknown' WHEN "
    + _IS_MEMBER
    + " THEN 'member' WHEN g.party_application_date IS NOT NULL THEN 'applied' ELSE 'neither' END AS party_status, "
    "CASE WHEN NOT " + _IS_MEMBER + " THEN 0 WHEN g.party_join_date IS NULL OR g.work_start_date IS NULL THEN NULL "
    "WHEN g.party_join_date < g.work_start_date THEN 1 ELSE 0 END AS joined_before_work, "
    "CASE WHEN e.cadre_key IS NOT NULL THEN 1 ELSE 0 END AS transferred_within_year "
    "FROM dim_cadre_current g LEFT JOIN dim_township t ON t.township_key = g.township_key "
    "LEFT JOIN early e ON e.cadre_key = g.cadre_key WHERE g.category = '选调生'",
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
    "SELECT district, COUNT(*) AS total, SUM(in_street_office) AS in_street_offices, "
    "SUM(in_township_office) AS in_township_offices, SUM(section_level) AS at_section_level, "
    "SUM(CASE WHEN party_status = 'member' THEN 1 ELSE 0 END) AS party_members, "
    "SUM(joined_before_work) AS joined_before_work, "
    "SUM(CASE WHEN party_status = 'member' AND joined_before_work = 0 THEN 1 ELSE 0 END) AS joined_after_work, "
    "SUM(CASE WHEN party_status = 'applied' THEN 1 ELSE 0 END) AS applied, "
    "SUM(CASE WHEN party_status = 'neither' THEN 1 ELSE 0 END) AS neither, "
    "SUM(CASE WHEN party_status = 'unknown' THEN 1 ELSE 0 END) AS party_status_unknown, "
    "SUM(CASE WHEN section_level IS NULL THEN 1 ELSE 0 END) AS rank_unknown, "
    "SUM(transferred_within_year) AS transferred_within_year "
    "FROM mart_graduate_placement_detail GROUP BY district",
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
    "WITH current_files AS (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.township_key, m.kind "
    "ORDER BY m.received_at DESC, m.manifest_id DESC) AS recency FROM etl_manifest m WHERE m.is_current), "
    "a AS (SELECT township_key, kind, COUNT(*) AS files, SUM(rows_loaded) AS rows_loaded, "
    "SUM(rows_rejected) AS rows_rejected, MAX(received_at) AS last_received_at FROM current_files "
    "GROUP BY township_key, kind), "
    "kinds AS (SELECT value AS kind, position FROM ref_vocabulary WHERE vocabulary = 'record_kind') "
    "SELECT t.district, t.township, t.township_key, k.kind, COALESCE(a.files, 0) AS files, "
    "l.relative_path AS last_file, a.last_received_at, COALESCE(a.rows_loaded, 0) AS rows_loaded, "
    "COALESCE(a.rows_rejected, 0) AS rows_rejected, $DAYS_SINCE_LAST AS days_since_last "
    "FROM dim_township t CROSS JOIN kinds k "
    "LEFT JOIN a ON a.township_key = t.township_key AND a.kind = k.kind "
    "LEFT JOIN current_files l ON l.township_key = t.township_key AND l.kind = k.kind AND l.recency = 1",
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
VIEW_NAMES: tuple[str, ...] = tuple(v.name for v in VIEWS)


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
