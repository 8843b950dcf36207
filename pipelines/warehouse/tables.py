"""SQLAlchemy Core tables of the warehouse. Alembic migrations must agree with these.

Two stores: `metadata` holds what analysts see (IDs only as cadre keys and masked numbers);
`restricted_metadata` holds the raw ID numbers, in a separate SQLite file or a separate
PostgreSQL schema. Tables carry no schema name: the engine's search path (PostgreSQL) or
file (SQLite) decides where they live.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import BigInteger, TypeEngine

from pipelines.warehouse.fields import FACT_TABLES, RECORD_TABLES, RecordColumn, history_role, record_columns

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
restricted_metadata = MetaData(naming_convention=NAMING)

KEY = String(64)  # HMAC-SHA256 hex
SHA = String(64)


def _trail() -> list[Column]:
    """Where a row came from: the file's content hash, the sheet and the Excel row number."""
    return [
        Column("file_sha256", SHA, nullable=False, comment="来源文件 SHA-256。sha256 of the source file version."),
        Column("sheet", String(200), nullable=False, comment="来源工作表。Sheet name (a CSV file is one sheet)."),
        Column("source_row", Integer, nullable=False, comment="来源 Excel 行号。Excel row number in the sheet."),
    ]


def _place() -> list[Column]:
    return [
        Column("district", String(100), nullable=False, comment="区县（上级文件夹）。District folder."),
        Column(
            "township", String(100), nullable=False, comment="乡镇/街道（文件夹）。Township or street office folder."
        ),
    ]


_TYPES: dict[str, type[TypeEngine]] = {"text": Text, "date": Date, "int": Integer, "float": Float}


def _column(spec: RecordColumn) -> Column:
    sqltype: TypeEngine = KEY if spec.role == "key" else String(24) if spec.role == "masked" else _TYPES[spec.type]()
    return Column(spec.column, sqltype, nullable=spec.nullable, comment=spec.comment)


etl_manifest = Table(
    "etl_manifest",
    metadata,
    Column("manifest_id", Integer, primary_key=True, comment="清单行号。Manifest row id."),
    Column("township_key", String(200), nullable=False, comment="乡镇键 <区县>/<乡镇>。Township key."),
    *_place(),
    Column(
        "kind", String(20), nullable=False, comment="记录类别（cadres/pairings/evaluations/trainings/unclassified）。"
    ),
    Column("path", Text, nullable=False, comment="读取时的文件路径。File path as read."),
    Column("relative_path", Text, nullable=False, comment="相对乡镇文件夹的路径。Path inside the township folder."),
    Column("sha256", SHA, nullable=False, comment="文件内容 SHA-256；存档于 archive/<前两位>/<sha256>。"),
    Column("size", BigInteger, nullable=False, comment="文件字节数。File size in bytes."),
    Column("mtime_ns", BigInteger, nullable=True, comment="文件修改时间（纳秒）。File mtime, ns."),
    Column("rows_read", Integer, nullable=False, comment="读取的数据行。Data rows read (this kind's sheets)."),
    Column("rows_loaded", Integer, nullable=False, comment="入库行。Rows loaded."),
    Column("rows_rejected", Integer, nullable=False, comment="拒收行。Rows rejected (ingest rules or load)."),
    Column("rows_skipped", Integer, nullable=False, comment="跳过行（空行、合计等）。Rows skipped."),
    Column("received_at", DateTime, nullable=False, comment="入库时间（UTC）。When the warehouse received it."),
    Column("is_current", Boolean, nullable=False, comment="是否为当前文件版本。In the township's current state."),
    Column("superseded_at", DateTime, nullable=True, comment="被替换或移除的时间（UTC）。When replaced or removed."),
    Index(None, "township_key", "kind", "is_current"),
    Index(None, "sha256"),
    comment="来源文件清单：每个文件版本、每种记录一行。One row per file version and record kind.",
)

etl_rejected_row = Table(
    "etl_rejected_row",
    metadata,
    Column("rejected_id", Integer, primary_key=True, comment="行号。Row id."),
    Column("manifest_id", ForeignKey("etl_manifest.manifest_id"), nullable=False, comment="清单行。Manifest row."),
    *_place(),
    Column("kind", String(20), nullable=False, comment="记录类别。Record kind."),
    Column("path", Text, nullable=False, comment="文件路径。File path as read."),
    Column("file_sha256", SHA, nullable=False, comment="文件 SHA-256。sha256 of the file version."),
    Column("sheet", String(200), nullable=True, comment="工作表；文件级错误为空。Sheet, NULL for file-level errors."),
    Column("source_row", Integer, nullable=True, comment="Excel 行号；文件级为空。Excel row, NULL for the file."),
    Column("column_name", Text, nullable=True, comment="列名。Column as written in the file."),
    Column("value", Text, nullable=True, comment="单元格值（身份证号已脱敏）。Cell value, ID numbers masked."),
    Column("rule", String(100), nullable=False, comment="规则编号。Stable rule id."),
    Column("severity", String(10), nullable=False, comment="error 拒收该行；warning 仅提示。error rejects the row."),
    Column("reason_zh", Text, nullable=False, comment="原因（中文）。Reason for the office."),
    Column("reason_en", Text, nullable=False, comment="原因（英文）。Reason for engineers."),
    Column("stage", String(10), nullable=False, comment="ingest（校验）或 load（入库时无法关联）。Where it was found."),
    Index(None, "manifest_id"),
    comment="拒收行与问题：校验错误、警告、文件级错误、入库时无法关联的引用。Problems and rejected rows.",
)

etl_township_state = Table(
    "etl_township_state",
    metadata,
    Column("township_key", String(200), primary_key=True, comment="乡镇键。Township key <district>/<township>."),
    Column("fingerprint", SHA, nullable=False, comment="最近一次完整入库的文件夹指纹。Folder fingerprint."),
    Column("loaded_at", DateTime, nullable=False, comment="入库时间（UTC）。When it was loaded."),
    comment="传感器游标：每个乡镇最近一次完整入库的指纹。Sensor cursor per township.",
)

etl_pending_change = Table(
    "etl_pending_change",
    metadata,
    Column("change_id", Integer, primary_key=True, comment="变化号。Change id."),
    Column(
        "manifest_id",
        Integer,
        nullable=True,
        comment="其记录成为或不再是当前记录的清单行；为空：全部重新合并。"
        "Manifest row whose records became or stopped being current; NULL: consolidate everything.",
    ),
    comment="待合并的变化：入库时写入，合并后删除；合并只处理这些清单行涉及的干部与事实。"
    "Changes consolidation has not taken in yet: written by loads, deleted by consolidation.",
)

dim_township = Table(
    "dim_township",
    metadata,
    Column("township_key", String(200), primary_key=True, comment="乡镇键。Township key <district>/<township>."),
    *_place(),
    Column("township_type", String(20), nullable=True, comment="按名称结尾：街道办事处 / 乡镇；其他为空。Office type."),
    Column("first_received_at", DateTime, nullable=False, comment="首次入库时间（UTC）。First load."),
    comment="乡镇与街道：每个报送文件夹一行。One row per drop folder.",
)

ref_vocabulary = Table(
    "ref_vocabulary",
    metadata,
    Column("vocabulary", String(50), primary_key=True, comment="词表名。Vocabulary name."),
    Column("value", String(100), primary_key=True, comment="取值。Value."),
    Column("label", String(100), nullable=True, comment="说明或映射。Label or mapped value."),
    Column("position", Integer, nullable=False, comment="顺序。Order in the vocabulary."),
    comment="参考词表（来自 schemas/vocabularies.yaml），供视图使用。Reference vocabularies used by views.",
)

ref_setting = Table(
    "ref_setting",
    metadata,
    Column("setting_id", Integer, primary_key=True, comment="固定为 1：只有一行。Always 1: the one row."),
    Column(
        "young_age",
        Integer,
        nullable=False,
        comment="年轻干部：未满此年龄（周岁）。A cadre under this age is young (IngestSettings.young_age).",
    ),
    Column(
        "young_recent_years",
        Integer,
        nullable=False,
        comment="…或参加工作不满此年数。…or one who started work within this many years (young_recent_years).",
    ),
    comment="设置（一行）：填报规则所用的年轻干部年龄与工龄，视图按同一设置计算；每次升级时写入。"
    "The settings the views share with the ingest rules (one row), written at every upgrade.",
)

ref_reporting_period = Table(
    "ref_reporting_period",
    metadata,
    Column("setting_id", Integer, primary_key=True, comment="固定为 1：只有一行。Always 1: the one row."),
    Column("as_of_date", Date, nullable=False, comment="报告日期：视图按此日期计算。The reporting date the views use."),
    Column("as_of_source", String(40), nullable=False, comment="日期来源：--as-of / CADRE_ETL_AS_OF / 运行日期。"),
    Column(
        "period",
        String(10),
        nullable=False,
        comment="报送周期：month（按月）或 quarter（按季）。Reporting period kind.",
    ),
    Column(
        "period_label", String(10), nullable=False, comment="报告日期所在的周期，如 2023Q4、2023-12。Current period."
    ),
    Column("period_start", Date, nullable=False, comment="本周期第一天。First day of the current period."),
    Column("period_end", Date, nullable=False, comment="本周期最后一天。Last day of the current period."),
    comment="报告参数（一行）：报告日期与报送周期；视图从这里取日期，不取系统时间。The reporting date and period.",
)

ref_expected_township = Table(
    "ref_expected_township",
    metadata,
    Column("township_key", String(200), primary_key=True, comment="乡镇键。Township key <district>/<township>."),
    Column("kind", String(20), primary_key=True, comment="应报送的记录类别。Record kind the township must send."),
    *_place(),
    Column("registry_file", Text, nullable=False, comment="名单文件（相对 sources）。Registry file it comes from."),
    comment="应报送名单（来自 sources/<区县>/_townships.yaml）：每个乡镇每类报表一行。Expected submissions.",
)

etl_view_definition = Table(
    "etl_view_definition",
    metadata,
    Column("view_name", String(100), primary_key=True, comment="视图名。View name."),
    Column("sql_sha256", SHA, nullable=False, comment="视图 SQL 的 SHA-256。sha256 of the view's SQL."),
    comment="已创建视图的定义指纹，定义变化时重建。Fingerprints of created views.",
)


def _record_table(kind: str, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("record_id", Integer, primary_key=True, comment="记录号。Record id."),
        Column("manifest_id", ForeignKey("etl_manifest.manifest_id"), nullable=False, comment="清单行。Manifest row."),
        *_place(),
        *_trail(),
        *(_column(spec) for spec in record_columns(kind)),
        Index(None, "manifest_id"),
        *([Index(None, "cadre_key")] if kind == "cadres" else []),  # loads and consolidation look people up by key
        comment=f"{kind} 原始记录（所有版本，当前版本见 etl_manifest.is_current）。Every accepted row ever received.",
    )


def _fact_table(kind: str, name: str) -> Table:
    keys = [spec for spec in record_columns(kind) if spec.role == "key"]
    return Table(
        name,
        metadata,
        Column("record_id", Integer, primary_key=True, comment="来源记录号（rec_ 表）。Source record id."),
        *_place(),
        *_trail(),
        *(_column(spec) for spec in record_columns(kind) if spec.role != "masked"),
        *(Index(None, spec.column) for spec in keys),
        # a changed township's training aggregates are recomputed from its facts alone
        *([Index(None, "district", "township")] if kind == "trainings" else []),
        comment=f"{kind} 当前事实，按干部键关联 dim_cadre。Current facts by cadre key.",
    )


REC: dict[str, Table] = {kind: _record_table(kind, name) for kind, name in RECORD_TABLES.items()}
FACT: dict[str, Table] = {kind: _fact_table(kind, name) for kind, name in FACT_TABLES.items()}


def _dim_cadre_columns() -> list[Column]:
    """The roster's columns as versioned attributes; a tracked attribute's change opens a new version."""
    out: list[Column] = []
    for spec in record_columns("cadres"):
        if spec.role == "key":
            continue
        column = _column(spec)
        if history_role("cadres", spec.field) == "tracked":
            column.comment = f"{spec.comment}（变化开启新版本 / a change opens a new version）"
        out.append(column)
    return out


dim_cadre = Table(
    "dim_cadre",
    metadata,
    Column("cadre_version_id", Integer, primary_key=True, comment="版本号。Version id."),
    Column("cadre_key", KEY, nullable=False, comment="干部键：身份证号的 HMAC-SHA256。One key per real person."),
    *_dim_cadre_columns(),
    Column("township_key", String(200), nullable=False, comment="乡镇键（变化开启新版本）。Township key."),
    *_place(),
    Column("valid_from", DateTime, nullable=False, comment="版本生效时间（UTC，入库时间）。Version valid from."),
    Column("valid_to", DateTime, nullable=True, comment="版本失效时间；当前版本为空。Valid to; NULL when current."),
    Column("is_current", Boolean, nullable=False, comment="是否当前版本。Current version."),
    Column("record_id", Integer, nullable=False, comment="确立该版本的 rec_cadre 记录。Record that set it."),
    *_trail(),
    Index(None, "cadre_key", "is_current"),
    comment="干部维度（缓慢变化维 2 型）：一人多版本，至多一个当前版本。Cadres, SCD type 2.",
)

etl_conflict = Table(
    "etl_conflict",
    metadata,
    Column("conflict_id", Integer, primary_key=True, comment="冲突号。Conflict id."),
    Column("cadre_key", KEY, nullable=False, comment="干部键。Cadre key."),
    Column(
        "attribute",
        String(20),
        nullable=False,
        comment="不一致的属性：name/gender/birth_date/ethnicity，或 township（同一人在多个乡镇的现行花名册中）。"
        "Attribute that differs; township: the person is on several townships' current rosters.",
    ),
    Column("value_a", Text, nullable=True, comment="来源 A 的值（当前采用的记录）。Value in source A (the one used)."),
    Column("township_key_a", String(200), nullable=False, comment="来源 A 乡镇。Township of source A."),
    Column("file_sha256_a", SHA, nullable=False, comment="来源 A 文件。File of source A."),
    Column("sheet_a", String(200), nullable=False, comment="来源 A 工作表。Sheet of source A."),
    Column("source_row_a", Integer, nullable=False, comment="来源 A 行号。Excel row of source A."),
    Column("value_b", Text, nullable=True, comment="来源 B 的值。Value in source B."),
    Column("township_key_b", String(200), nullable=False, comment="来源 B 乡镇。Township of source B."),
    Column("file_sha256_b", SHA, nullable=False, comment="来源 B 文件。File of source B."),
    Column("sheet_b", String(200), nullable=False, comment="来源 B 工作表。Sheet of source B."),
    Column("source_row_b", Integer, nullable=False, comment="来源 B 行号。Excel row of source B."),
    Column("detected_at", DateTime, nullable=False, comment="发现时间（UTC）。When detected."),
    Column("resolved_at", DateTime, nullable=True, comment="消除时间；未消除为空。When it went away."),
    Index(None, "cadre_key"),
    comment="同一人在不同来源中出生年月、性别、姓名或民族不一致，或同时在多个乡镇的现行花名册中（每多一个乡镇一行，"
    "dim_cadre_current 仍只有一行，乡镇取主记录）。Disagreements between sources, and people on several "
    "townships' current rosters (one row per extra township; dim_cadre_current keeps one row per person).",
)

cadre_identity = Table(
    "cadre_identity",
    restricted_metadata,
    Column("cadre_key", KEY, primary_key=True, comment="干部键。Cadre key (HMAC-SHA256)."),
    Column("id_number", String(18), nullable=False, comment="身份证号（受限）。Raw ID number, restricted."),
    Column("first_seen_at", DateTime, nullable=False, comment="首次见到的时间（UTC）。First seen."),
    comment="受限：干部键与身份证号的对应。Restricted: cadre key to raw ID number.",
)


def _aggregate(name: str, comment: str, *columns: Column) -> Table:
    """A table of a view's figures (aggregates.py): every row belongs to one township, recomputed by township."""
    return Table(name, metadata, *_place(), *columns, Index(None, "district", "township"), comment=comment)


def _counts(*names: tuple[str, str]) -> list[Column]:
    return [Column(name, Integer, nullable=True, comment=comment) for name, comment in names]


agg_training_month = _aggregate(
    "agg_training_month",
    "mart_training_attendance 的数字：每个乡镇、培训类型、月份一行；合并时只重算有变化的乡镇"
    "（sql/agg_training_month.sql）。The training view's figures, recomputed per changed township.",
    Column("training_type", Text, nullable=False, comment="培训类型；未填为“未知”。Kind of session."),
    Column("month", String(7), nullable=False, comment="月份 YYYY-MM。Month of the sessions."),
    *_counts(
        ("sessions", "场次（日期+主题+主讲人去重）。Sessions held."),
        ("enrolled", "应到人次。Attendance records."),
        ("attended", "出勤人次。Records marked 出勤."),
        ("attendance_unknown", "出勤未填的人次。Records without attendance."),
        ("attendees", "出勤的不同干部数。Distinct cadres who attended."),
    ),
    Column("session_hours", Float, nullable=True, comment="学时（每场一次）。Hours, once per session."),
    Column("attendee_hours", Float, nullable=True, comment="学员出勤学时合计。Hours credited to attendees."),
)

agg_training_person = _aggregate(
    "agg_training_person",
    "mart_training_person 的数字：每人、每种培训、每个周期一行，截至报告日期；合并时只重算有变化的乡镇，"
    "报告日期或周期的变化使之全部重算（sql/agg_training_person.sql）。Per-person training figures behind the view.",
    Column("training_type", Text, nullable=False, comment="培训类型；未填为“未知”。Kind of session."),
    Column("period", String(7), nullable=False, comment="周期：YYYY-MM 或 YYYYQn。Reporting period of the sessions."),
    Column("attendee_key", KEY, nullable=True, comment="学员干部键；无法确定时为空。Attendee's cadre key."),
    Column("attendee_name", Text, nullable=True, comment="表中所填姓名。Name as written in the sheet."),
    *_counts(
        ("sessions_held", "本乡镇本周期该类型举办的场次。Sessions the township held."),
        ("sessions_expected", "应到场次（分母）。Sessions the person was expected at."),
        ("attended", "出勤场次。Sessions attended."),
        ("excused", "请假场次。Sessions excused."),
        ("absent", "缺勤场次。Sessions missed."),
        ("attendance_unknown", "出勤未填的场次。Sessions without attendance."),
    ),
    Column("hours_attended", Float, nullable=True, comment="出勤学时合计。Hours credited."),
    Column("id_masked", String(24), nullable=True, comment="学员当前的脱敏身份证号。Attendee's masked ID number."),
    Column(
        "cadre_name",
        Text,
        nullable=True,
        comment="学员的当前姓名（dim_cadre_latest）；合并改动其花名册时更新。Attendee's current name.",
    ),
    Index(None, "attendee_key"),
)


def _pair() -> list[Column]:
    """A mentoring pair as an evaluation names it (names as written; the views join the current ones)."""
    return [
        Column("programme", Text, nullable=True, comment="帮带项目。Mentoring programme."),
        Column("mentor_key", KEY, nullable=True, comment="导师干部键。Mentor's cadre key."),
        Column("mentor_name", Text, nullable=True, comment="表中所填导师姓名。Mentor's name as written."),
        Column("mentee_key", KEY, nullable=True, comment="培养对象干部键。Mentee's cadre key."),
        Column("mentee_name", Text, nullable=True, comment="表中所填培养对象姓名。Mentee's name as written."),
    ]


agg_evaluation_alert = _aggregate(
    "agg_evaluation_alert",
    "mart_evaluation_alerts 的对子：最近两次测评为相邻季度且同为优秀或不合格；合并时只重算有变化的乡镇"
    "（sql/agg_evaluation_alert.sql）。The alert view's pairs, recomputed per changed township.",
    *_pair(),
    Column("previous_quarter", String(10), nullable=False, comment="上一季度，如 2023Q3。The quarter before."),
    Column("last_quarter", String(10), nullable=False, comment="最近一次测评的季度。The pair's latest quarter."),
    Column("result", Text, nullable=False, comment="两季度相同的结果：优秀或不合格。The result both quarters had."),
    *_trail(),
)

agg_evaluation_streak = _aggregate(
    "agg_evaluation_streak",
    "mart_evaluation_alert_history 的连续段：每个对子每个季度一行，截至报告日期所在季度；合并时只重算有变化的"
    "乡镇，报告日期跨入有测评的季度时全部重算（sql/agg_evaluation_streak.sql）。The alert history's streaks.",
    Column("record_id", Integer, nullable=False, comment="测评记录号（rec_evaluation）。Evaluation record id."),
    *_pair(),
    Column("quarter", String(10), nullable=False, comment="季度，如 2023Q4。Quarter of the evaluation."),
    Column("streak_start", String(10), nullable=False, comment="连续段的第一个季度。First quarter of the streak."),
    Column("streak_length", Integer, nullable=False, comment="至此连续的季度数（≥ 2）。Quarters in a row so far."),
    Column("result", Text, nullable=False, comment="优秀或不合格。The repeated result."),
    Column("is_latest", Integer, nullable=False, comment="1：该对子截至报告日期最近的季度。1 on the latest quarter."),
    *_trail(),
)

agg_evaluation_result = _aggregate(
    "agg_evaluation_result",
    "mart_evaluation_results 的数字：每个乡镇、季度、测评结果的对子数，全部季度（视图按报告日期筛选）；合并时只重算"
    "有变化的乡镇（sql/agg_evaluation_result.sql）。The evaluation results' pair counts, recomputed per changed township.",
    Column("year", Integer, nullable=False, comment="测评年度。Year."),
    Column("quarter", Integer, nullable=False, comment="季度 1–4。Quarter."),
    Column("result", Text, nullable=True, comment="测评结果。Result."),
    Column("pairs", Integer, nullable=False, comment="对子数（同一对子同一季度只计一次）。Pairs with this result."),
)

etl_aggregate_definition = Table(
    "etl_aggregate_definition",
    metadata,
    Column("aggregate_name", String(100), primary_key=True, comment="汇总表名。Aggregate table."),
    Column("sql_sha256", SHA, nullable=False, comment="汇总 SQL 的 SHA-256。sha256 of its SQL."),
    comment="汇总表按哪一版 SQL 全部计算过；SQL 变化（或新仓库）时全部重算。Fingerprints of the aggregates' SQL.",
)
