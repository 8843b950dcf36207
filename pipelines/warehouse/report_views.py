"""The analyst views behind the district report: young cadres, per-person training, alert history,
evaluation results per quarter and submissions against the expected-townships registry.

Each view reads its date from `ref_reporting_period` (one row: the reporting date and the
reporting period), never from the clock; with no reporting date set, they return no rows.
Their SQL lives in `sql/<view>.sql`, portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

from pipelines.warehouse.marts import View

MART_YOUNG_CADRES = View(
    "mart_young_cadres",
    "年轻干部：截至报告日期（ref_reporting_period.as_of_date）未满 young_age 岁或参加工作不满 young_recent_years 年"
    "（ref_setting，与填报规则同一设置）的在册干部，"
    "按乡镇、区县（全区合计）和全省合计。Young cadres as of the reporting date, per township, district and province.",
    (
        ("level", "township（乡镇行）/ district（全区合计）/ province（全省合计）。Row level."),
        ("district", "区县；全省合计行为空。District, NULL on the province row."),
        ("township", "乡镇/街道；合计行为空。Township, NULL on total rows."),
        ("as_of_date", "报告日期。The reporting date the ages and years are counted to."),
        ("cadres", "报告日期在册干部数（当前花名册，参加工作不晚于报告日期）。Cadres in current rosters by that date."),
        (
            "young_cadres",
            "年轻干部：未满 young_age 岁或参加工作不满 young_recent_years 年（ref_setting，种子定义 35 岁、3 年）。"
            "Under young_age or recruited within young_recent_years (ref_setting).",
        ),
        ("under_35", "其中未满 young_age 岁（列名沿用种子定义）。Of whom under young_age on the reporting date."),
        (
            "recruited_last_3_years",
            "其中参加工作不满 young_recent_years 年。Of whom started work within young_recent_years before it.",
        ),
        (
            "young_unknown",
            "无法判断：未计为年轻干部、但出生或参加工作时间未填。Not counted young, but a date is missing.",
        ),
        (
            "young_share",
            "年轻干部占比 = young_cadres / cadres；无干部为空。Share of young cadres, NULL without cadres.",
        ),
    ),
)

MART_TRAINING_PERSON = View(
    "mart_training_person",
    "个人培训出勤：每人、每种培训、每个报送周期（按月或按季，见 ref_reporting_period.period）的出勤，截至报告日期。"
    "分母：本乡镇举办、培训名单上有此人（出勤、请假或缺勤）的场次。Per-person attendance per training type and period.",
    (
        ("district", "区县。District."),
        ("township", "举办培训的乡镇/街道。Township that held the sessions."),
        ("training_type", "培训类型；未填为“未知”。Kind of session; 未知 when not given."),
        ("period", "周期：按月 YYYY-MM，按季 YYYYQn。Reporting period of the sessions."),
        ("attendee_key", "学员干部键；无法确定时为空（按姓名区分）。Attendee's cadre key; NULL when unknown."),
        ("id_masked", "脱敏身份证号。Masked ID number."),
        ("name", "姓名。Name."),
        ("sessions_held", "本乡镇本周期该类型举办的场次（日期+主题+主讲人去重）。Sessions the township held."),
        (
            "sessions_expected",
            "应到场次（分母）：名单上有此人的场次。Sessions the person was expected at: the denominator.",
        ),
        ("attended", "出勤场次。Sessions attended."),
        ("excused", "请假场次。Sessions excused (请假)."),
        ("absent", "缺勤场次。Sessions missed (缺勤)."),
        ("attendance_unknown", "出勤未填的场次。Sessions whose attendance is not given."),
        (
            "attendance_rate",
            "出勤率 = attended /（sessions_expected − attendance_unknown）；全部未填为空。Attendance rate.",
        ),
        ("hours_attended", "出勤学时合计。Hours credited."),
    ),
)

MART_EVALUATION_ALERT_HISTORY = View(
    "mart_evaluation_alert_history",
    "测评提醒历史：每个对子、每个季度，凡与上一季度同为优秀（经验交流）或同为不合格（检讨发言）即一行，截至报告日期所在季度。"
    "测评取自每个文件的最新版本，文件移走后仍保留。"
    "Every alert streak per pair and quarter, kept after a file is removed.",
    (
        ("district", "区县。District."),
        ("township", "乡镇/街道（测评文件所在）。Township of the evaluation file."),
        ("programme", "项目（测评表填写时）。Programme, when the sheet gives it."),
        ("mentor_key", "导师干部键。Mentor's cadre key."),
        ("mentor_name", "导师姓名。Mentor's name."),
        ("mentee_key", "培养对象干部键。Mentee's cadre key."),
        ("mentee_name", "培养对象姓名。Mentee's name."),
        ("quarter", "提醒所在季度，如 2023Q4。The quarter the alert is due in."),
        ("streak_start", "连续相同结果的第一个季度。First quarter of the streak."),
        ("streak_length", "到本季度为止连续相同结果的季度数（≥ 2）。Consecutive quarters so far."),
        ("result", "连续相同的测评结果：优秀 / 不合格。The shared result."),
        ("alert", "经验交流（连续优秀）或 检讨发言（连续不合格）。What the mentor does at the staff meeting."),
        (
            "is_latest",
            "1 = 该季度是此对子最近一次测评（即 mart_evaluation_alerts 的当期提醒）。The pair's latest quarter.",
        ),
        ("in_current_files", "1 = 该测评仍在当前文件中；0 = 文件已替换或移走。Still in a current file."),
        ("file_sha256", "该季度测评的来源文件。File of the quarter's evaluation."),
        ("sheet", "来源工作表。Sheet."),
        ("source_row", "来源 Excel 行号。Excel row."),
    ),
)

MART_EVALUATION_RESULTS = View(
    "mart_evaluation_results",
    "测评结果分布：每个乡镇、每个季度、每种结果的对子数（当前文件，截至报告日期所在季度）。"
    "Evaluation results per township and quarter.",
    (
        ("district", "区县。District."),
        ("township", "乡镇/街道。Township."),
        ("quarter", "季度，如 2023Q3。Quarter."),
        ("result", "测评结果。Result."),
        ("result_position", "结果在词表中的顺序（优秀在前）。Order of the result in its vocabulary."),
        ("pairs", "该结果的对子数（同一对子同一季度只计一次）。Pairs with this result."),
    ),
)

MART_SUBMISSION_REGISTER = View(
    "mart_submission_register",
    "报送登记：应报送名单（sources/<区县>/_townships.yaml）中每个乡镇每类报表、以及未登记却报送的，"
    "在报告日期所在周期的状态。Submissions against the expected-townships registry and the reporting period.",
    (
        ("district", "区县。District."),
        ("township", "乡镇/街道。Township."),
        ("township_key", "乡镇键。Township key."),
        ("kind", "记录类别。Record kind."),
        ("period", "报送周期，如 2023Q4 或 2023-12。The reporting period containing the reporting date."),
        ("period_start", "周期第一天。First day of the period."),
        ("period_end", "周期最后一天。Last day of the period."),
        ("as_of_date", "报告日期。The reporting date."),
        ("expected", "1 = 在应报送名单中。In the registry."),
        ("files_in_period", "本周期内（至报告日期）收到的文件版本数。File versions received in the period."),
        ("last_received_at", "报告日期前最近一次收到的时间（UTC）。Last receipt up to the reporting date."),
        (
            "status",
            "已报送（本周期收到）/ 逾期（本周期未收到，此前收到过）/ 从未报送 / 未登记（不在名单中却报送了）。"
            "submitted / late / never / not in the registry.",
        ),
    ),
)

# creation order: after marts.VIEWS, whose dim_cadre_latest these read
VIEWS: tuple[View, ...] = (
    MART_YOUNG_CADRES,
    MART_TRAINING_PERSON,
    MART_EVALUATION_ALERT_HISTORY,
    MART_EVALUATION_RESULTS,
    MART_SUBMISSION_REGISTER,
)

# (question, SQL that works unchanged on SQLite and PostgreSQL), rendered into docs/warehouse.md
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "各乡镇年轻干部有多少（截至报告日期）/ young cadres per township as of the reporting date",
        "SELECT level, district, township, as_of_date, cadres, young_cadres, young_share\n"
        "FROM mart_young_cadres\n"
        "ORDER BY level DESC, district, township;",
    ),
    (
        "干部夜校出勤不足 80% 的人（全部周期合计）/ night-school attendance under 80 %",
        "SELECT district, township, name, id_masked,\n"
        "       SUM(attended) AS attended, SUM(sessions_expected - attendance_unknown) AS expected,\n"
        "       ROUND(1.0 * SUM(attended) / SUM(sessions_expected - attendance_unknown), 3) AS rate\n"
        "FROM mart_training_person\n"
        "WHERE training_type = '干部夜校'\n"
        "GROUP BY district, township, attendee_key, name, id_masked\n"
        "HAVING SUM(sessions_expected - attendance_unknown) > 0\n"
        "   AND 1.0 * SUM(attended) / SUM(sessions_expected - attendance_unknown) < 0.8\n"
        "ORDER BY rate;",
    ),
    (
        "历次经验交流与检讨发言 / every alert, every quarter",
        "SELECT quarter, township, mentor_name, mentee_name, streak_length, alert, in_current_files\n"
        "FROM mart_evaluation_alert_history\n"
        "ORDER BY quarter, alert, township, mentor_name;",
    ),
    (
        "每季度测评结果分布 / evaluation results per quarter",
        "SELECT district, quarter, result, SUM(pairs) AS pairs\n"
        "FROM mart_evaluation_results\n"
        "GROUP BY district, quarter, result, result_position\n"
        "ORDER BY district, quarter, result_position;",
    ),
    (
        "本周期谁还没报送 / who has not submitted this period",
        "SELECT district, township, kind, period, status, last_received_at\n"
        "FROM mart_submission_register\n"
        "WHERE status IN ('逾期', '从未报送')\n"
        "ORDER BY district, township, kind;",
    ),
    (
        "全省、全区、乡镇三级导师引航合计 / the seed sentence at every level",
        "SELECT level, district, township, mentors, pairs, young_mentees\n"
        "FROM mart_mentoring_summary\n"
        "WHERE programme = '导师引航' AND level IN ('province', 'district')\n"
        "ORDER BY level DESC, district;",
    ),
)
