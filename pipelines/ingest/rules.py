"""Validation: the rule table, pandera schema checks and the cross-row rules of each kind, as Problems."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines.pandas_engine import Engine

from pipelines.ingest.model import Problem, Severity
from pipelines.ingest.normalize import (
    DATETIME_DTYPE,
    STR_DTYPE,
    CheckedIds,
    Finding,
    id_birth_dates,
    name_keys,
    vocabulary_outputs,
)
from pipelines.ingest.settings import IngestSettings
from schemas import SCHEMAS
from schemas.registry import FieldSpec, field
from schemas.vocab import raw_vocabularies, vocabulary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    """One rule: severity, and message templates (str.format with the finding's parameters)."""

    severity: Severity
    zh: str
    en: str


_E, _W = "error", "warning"
# The rule table. Ids are stable: the warehouse stores them with rejected rows, and offices quote them.
RULES: dict[str, Rule] = {
    # files
    "file.not_found": Rule(_E, "找不到文件 {path}。请检查路径。", "File not found: {path}."),
    "file.wps_format": Rule(
        _E,
        "WPS 专用格式（{suffix}）无法读取。请在 WPS 中“另存为” Excel 格式（.xlsx）后重新报送。",
        "WPS-only format {suffix} cannot be read; save as .xlsx.",
    ),
    "file.unsupported_format": Rule(
        _E,
        "不支持的文件类型（{suffix}）。请另存为 .xlsx（或 .csv）后重新报送。",
        "Unsupported file type {suffix}; send .xlsx, .xls or .csv.",
    ),
    "file.encrypted": Rule(
        _E,
        "文件设置了打开密码，无法读取。请取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存为 .xlsx 重新报送。",
        "The workbook is password-protected (encrypted); remove the password and save as .xlsx.",
    ),
    "file.corrupt": Rule(
        _E,
        "文件已损坏或不是真正的 Excel 文件（可能是改了扩展名）。请用 Excel/WPS 打开后另存为 .xlsx 重新报送。",
        "The file is corrupt or not a real workbook ({detail}); re-save it as .xlsx.",
    ),
    "file.empty": Rule(_E, "文件是空的，没有任何数据。请确认报送的是填好的文件。", "The file is empty."),
    "file.too_large": Rule(
        _E,
        "文件太大（{size_mb:.1f} MB，上限 {limit_mb:.0f} MB）。请删除无关工作表和图片，或按工作表拆分后重新报送。",
        "File is {size_mb:.1f} MB, over the {limit_mb:.0f} MB limit.",
    ),
    "file.too_complex": Rule(
        _E,
        "文件过于复杂，无法在限度内读取（{reason}）。常见原因是远处的单元格里有空格或格式（如第 XFD 列、第 1048576 行）："
        "请删除数据区域以外的行和列，或把数据复制到新工作簿，另存为 .xlsx 后重新报送。",
        "The file is too complex to read within the limits ({reason}; {detail}).",
    ),
    "file.unreadable": Rule(
        _E,
        "读取该文件时读取程序异常退出，文件无法读取。请用 Excel/WPS 打开后另存为新的 .xlsx 重新报送。",
        "The reader stopped abnormally on this file ({detail}).",
    ),
    "file.encoding": Rule(
        _E,
        "CSV 文件的文字编码无法识别（第 {position} 个字节）。请用 Excel 打开后另存为 .xlsx 重新报送。",
        "CSV encoding not recognised (byte {position}); not UTF-8, UTF-16 or GB18030.",
    ),
    "file.sheet_name_too_long": Rule(
        _E,
        "工作表名称（CSV 文件即文件名）长达 {length} 个字符，超过 {limit} 个字符的上限，整个文件未导入。请改短后重新报送。",
        "A sheet name (a CSV file's name) is {length} characters long, over the {limit} limit; nothing loaded.",
    ),
    "file.changed_while_loading": Rule(
        _E,
        "文件在读取后又被改动（可能仍在复制中），本次未导入。复制完成后会自动重新读取，无需处理。",
        "The file changed after it was read (still being copied?); not loaded this time, the next run reads it.",
    ),
    # sheets and headers
    "sheet.unknown_kind": Rule(
        _W,
        "工作表“{sheet}”不是花名册、帮带对子、帮带测评或培训记录，未读取。如有数据，请按模板的表头填写。",
        "Sheet '{sheet}' matches no record kind; not read.",
    ),
    "sheet.closest_kind": Rule(
        _W,
        "工作表“{sheet}”未读取：它最像{kind_title}（第 {header_row} 行像是表头），但缺少必填列：{lacking}。"
        "如果它是{kind_title}，请补上这些列后重新报送。",
        "Sheet '{sheet}' not read: closest to {kind} (header at row {header_row}) but lacks required columns: {lacking}.",
    ),
    "file.no_records": Rule(
        _E,
        "文件中没有可识别的干部花名册、帮带对子、帮带测评或培训记录工作表，什么也没有导入。"
        "请按模板（cadre-etl template）的表头填写后重新报送。",
        "No sheet of this file is a roster, pairing, evaluation or training table; nothing was loaded.",
    ),
    "sheet.header_not_found": Rule(
        _E,
        "工作表“{sheet}”像是{kind_title}，但找不到表头行。请按模板在数据上方保留一行表头。",
        "Sheet '{sheet}' looks like {kind} but has no recognisable header row.",
    ),
    "sheet.hidden": Rule(
        _W,
        "工作表“{sheet}”是隐藏的，其中的数据也已读取。如不应报送，请删除该工作表。",
        "Hidden sheet '{sheet}' was read as well.",
    ),
    "header.unknown": Rule(
        _W,
        "第 {letter} 列的表头“{column}”无法识别，该列未读取。相近的标准表头：{suggestions}。",
        "Unknown header '{column}' in column {letter}; closest known: {suggestions}.",
    ),
    "header.duplicate": Rule(
        _W,
        "第 {letter} 列“{column}”与第 {first} 列是同一项，只读取了第 {first} 列。请删除重复的列。",
        "Column {letter} '{column}' repeats column {first}; only {first} was read.",
    ),
    "header.missing_required": Rule(
        _E,
        "工作表“{sheet}”（第 {header_row} 行为表头）缺少必填列“{label}”，整张表未导入。可用的表头名称：{accepted}。",
        "Sheet '{sheet}' (header at row {header_row}) lacks required column {field} ({label}); accepted: {accepted}.",
    ),
    "header.optional_missing": Rule(
        _W,
        "工作表“{sheet}”没有这些列：{labels}。其余数据照常导入，这些项按空值处理。如有这些信息，请补上对应的列。",
        "Sheet '{sheet}' has no columns for: {fields}; loaded with these left empty (NULL).",
    ),
    "roster.unavailable": Rule(
        _W,
        "未找到本乡镇的干部花名册，无法核对人员是否在册。请把花名册与本表放在同一文件夹。",
        "No roster for this township; people could not be checked against it.",
    ),
    "pairs.unavailable": Rule(
        _W,
        "未找到本乡镇的帮带对子表，无法核对测评的对子是否存在。请把帮带对子表与本表放在同一文件夹。",
        "No pairings for this township; evaluated pairs could not be checked.",
    ),
    # values
    "value.required": Rule(_E, "“{column}”为必填项，不能为空。请补填。", "{column} is required."),
    "value.not_in_vocabulary": Rule(
        _E,
        "“{value}”不是“{column}”的规范填法。请从下拉列表中选择：{allowed}。",
        "'{value}' is not a value of {column}; allowed: {allowed}.",
    ),
    "value.combined_unsplit": Rule(
        _W,
        "“{column}”的“{value}”无法拆分为工作单位和职务，已整体作为工作单位导入。建议分成“工作单位”“职务”两列填写。",
        "'{value}' in {column} could not be split into unit and post; kept whole as the unit.",
    ),
    "value.read_as_other": Rule(
        _W,
        "“{value}”不是“{column}”的常用填法，已按“其他”读取。如属于{allowed}之一，请改用规范填法。",
        "'{value}' is not a usual value of {column}; read as 其他.",
    ),
    "value.out_of_range": Rule(
        _E, "“{column}”的值“{value}”超出范围（{bound}）。", "{column} '{value}' out of range ({bound})."
    ),
    "value.wrong_type": Rule(
        _E, "“{column}”的值“{value}”格式不对。", "{column} '{value}' has the wrong type ({check})."
    ),
    "number.invalid": Rule(
        _E, "“{column}”应填数字，“{value}”无法识别。请只填数字，如 2 或 1.5。", "{column}: '{value}' is not a number."
    ),
    "date.invalid": Rule(
        _E,
        "“{column}”的日期“{value}”无法识别。请写成 1985.03 或 1985-03-01 这样的形式。",
        "{column}: date '{value}' not recognised.",
    ),
    "date.year_only": Rule(
        _E, "“{column}”只写了年份“{value}”，缺少月份。请写成 1985.03 这样的形式。", "{column}: '{value}' has no month."
    ),
    "date.too_early": Rule(
        _E,
        "“{column}”的“{value}”不是合理的日期（早于 {earliest} 年）。Excel 会把 85.03、3.15 这样的数字当成 1900 年的日期。"
        "请把该列设为文本格式后写成 1985.03 或 1985-03-01 这样带四位年份的形式。",
        "{column}: '{value}' is no plausible date (before {earliest}); Excel reads numbers like 85.03 as 1900 dates.",
    ),
    "date.two_digit_year": Rule(
        _E,
        "“{column}”的“{value}”只写了两位年份，无法确定是哪一年。请写成四位年份，如 1985.03 或 2023-05-10。",
        "{column}: '{value}' has a two-digit year that cannot be placed; write four digits.",
    ),
    "date.century_assumed": Rule(
        _W,
        "“{column}”的“{value}”只写了两位年份，已按 {read}读取。请改为四位年份，如 1985.03。",
        "{column}: '{value}' has a two-digit year; read as {read}.",
    ),
    "date.ambiguous_month": Rule(
        _W,
        "“{column}”的“{value}”可能是 1 月也可能是 10 月（Excel 会把 1985.10 显示成 1985.1），已按 1 月读取。"
        "请把该列设为文本格式后写成 1985.01 或 1985.10。",
        "{column}: '{value}' may be January or October (General format drops the 0); read as January.",
    ),
    "name.id_number": Rule(
        _E,
        "“{column}”里填的“{value}”含有身份证号码。请在“{column}”只填姓名，身份证号填到身份证号列。",
        "{column} '{value}' holds an ID number; put only the name there.",
    ),
    "name.digits": Rule(
        _E,
        "“{column}”的“{value}”含有数字，不是姓名。请只填姓名（如“张三”不要写成“张3”）。",
        "{column} '{value}' contains digits; a name has none.",
    ),
    "name.symbols": Rule(
        _E,
        "“{column}”的“{value}”含有 @、< 或 > 等符号，不是姓名（可能填成了邮箱或网页内容）。请只填姓名。",
        "{column} '{value}' contains @, < or >; not a name.",
    ),
    "name.too_short": Rule(
        _E,
        "“{column}”只有一个字“{value}”，不是完整姓名。请填写全名（姓和名）。",
        "{column} '{value}' is a single character, not a full name.",
    ),
    "id_number.numeric_cell": Rule(
        _E,
        "身份证号“{value}”被 Excel 存成了数字，后几位已丢失，无法恢复。请把该列设置为“文本”格式后重新录入完整号码。",
        "ID number stored as a number ('{value}'): digits past the 15th are lost; format the column as text.",
    ),
    "id_number.length": Rule(
        _E,
        "身份证号“{value}”位数不对（应为 18 位）。请核对后重填。",
        "ID number '{value}' does not have 18 characters.",
    ),
    "id_number.format": Rule(
        _E,
        "身份证号“{value}”含有不该有的字符（只能是数字，最后一位可以是 X）。请核对后重填。",
        "ID number '{value}' has characters other than digits and a final X.",
    ),
    "id_number.checksum": Rule(
        _E,
        "身份证号“{value}”校验位不对，号码有误（可能抄错了某一位）。请核对原件后重填。",
        "ID number '{value}' fails its checksum.",
    ),
    "id_number.birth_date": Rule(
        _E, "身份证号“{value}”中的出生日期不存在。请核对后重填。", "ID number '{value}' holds an impossible birth date."
    ),
    "id_number.birth_before_1900": Rule(
        _E,
        "身份证号“{value}”中的出生年份早于 1900 年，不可能是在世干部的号码。请核对后重填。",
        "ID number '{value}' holds a birth date before 1900.",
    ),
    "id_number.birth_in_future": Rule(
        _E,
        "身份证号“{value}”中的出生日期晚于今天，号码有误。请核对后重填。",
        "ID number '{value}' holds a birth date in the future.",
    ),
    "id_number.region": Rule(
        _E,
        "身份证号“{value}”的前 6 位地区代码在历年的行政区划代码（GB/T 2260）中都不存在，号码有误。请核对后重填。",
        "ID number '{value}': its region code appears in no edition of GB/T 2260.",
    ),
    "id_number.upgraded": Rule(
        _W,
        "身份证号“{value}”是 15 位旧号码，已自动升为 18 位（{upgraded}）。请在表中改为 18 位新号码。",
        "15-digit ID '{value}' upgraded to 18 digits ({upgraded}).",
    ),
    # cadres
    "cadres.gender_mismatch": Rule(
        _E,
        "性别“{value}”与身份证号不符（身份证号显示为{expected}）。请核对性别或身份证号。",
        "Gender '{value}' disagrees with the ID number ({expected}).",
    ),
    "cadres.birth_mismatch": Rule(
        _E,
        "出生年月“{value}”与身份证号中的出生日期（{expected}）不符。请核对。",
        "Birth month '{value}' disagrees with the ID number ({expected}).",
    ),
    "cadres.birth_in_future": Rule(
        _E, "出生年月“{value}”晚于今天（{today}）。请核对。", "Birth month '{value}' is in the future (today {today})."
    ),
    "cadres.party_date_not_member": Rule(
        _E,
        "政治面貌为“{status}”，不应填写入党时间。请核对政治面貌或清空入党时间。",
        "Party join date given for a non-member ({status}).",
    ),
    "cadres.party_date_before_18": Rule(
        _E,
        "入党时间“{value}”早于 18 周岁（{expected}）。请核对。",
        "Party join date '{value}' before the 18th birthday ({expected}).",
    ),
    "cadres.party_date_missing": Rule(
        _W, "政治面貌为“{status}”，但未填写入党时间。请补填。", "Party member ({status}) without a join date."
    ),
    "cadres.work_before_16": Rule(
        _E,
        "参加工作时间“{value}”早于 16 周岁（{expected}）。请核对。",
        "Work start '{value}' before age 16 ({expected}).",
    ),
    "cadres.work_in_future": Rule(
        _E,
        "参加工作时间“{value}”晚于今天（{today}）。请核对。",
        "Work start '{value}' is in the future (today {today}).",
    ),
    "cadres.duplicate_id": Rule(
        _E,
        "身份证号“{value}”与{first}重复，本行未导入。同一人只应出现一次，请删除重复行。",
        "ID number '{value}' already appears at {first_en}; later row rejected.",
    ),
    # pairings
    "pairings.same_person": Rule(
        _E, "导师与培养对象是同一人（{value}）。请核对。", "Mentor and mentee are the same person ({value})."
    ),
    "pairings.person_not_in_roster": Rule(
        _E,
        "{role}“{value}”在本乡镇干部花名册中找不到。请核对姓名和身份证号，或先把此人补入花名册。",
        "{role_en} '{value}' not found in the township roster.",
    ),
    "pairings.name_ambiguous": Rule(
        _E,
        "{role}“{value}”在花名册中有 {count} 人同名，无法确定是谁。请填写{role}身份证号。",
        "{role_en} name '{value}' matches {count} cadres in the roster; an ID number is needed.",
    ),
    "pairings.name_mismatch": Rule(
        _W,
        "{role}身份证号对应的花名册姓名是“{expected}”，与本表的“{value}”不一致。请核对。",
        "{role_en} ID belongs to '{expected}' in the roster, not '{value}'.",
    ),
    "pairings.mentee_not_young": Rule(
        _W,
        "导师引航的培养对象应为年轻干部（35 周岁以下或参加工作 3 年内），“{value}”结对时 {age} 岁。请核对。",
        "导师引航 mentee '{value}' is not a young cadre (age {age} at pairing).",
    ),
    "pairings.mentor_not_younger": Rule(
        _W,
        "以新促老应由年轻干部带中老年干部，但导师“{value}”不比培养对象年轻。请核对导师和培养对象是否填反。",
        "以新促老 mentor '{value}' is not younger than the mentee.",
    ),
    "pairings.secondment_batch_missing": Rule(_W, "挂职锻炼应填写批次。请补填批次。", "挂职锻炼 without a batch."),
    "pairings.secondment_duration": Rule(
        _W,
        "挂职锻炼一般为期一个月，本行为 {days}。请核对结对日期和结束日期。",
        "挂职锻炼 lasts {days_en}, not about one month.",
    ),
    "pairings.secondment_mentee_not_young": Rule(
        _W,
        "挂职锻炼的对象应为 {limit} 周岁以下的村（社区）干部，“{value}”结对时 {age} 岁。请核对。",
        "挂职锻炼 mentee '{value}' is {age} at the start, not under {limit}.",
    ),
    "pairings.secondment_not_village_cadre": Rule(
        _W,
        "挂职锻炼的对象应为村（社区）干部，“{value}”在花名册中的干部类别是“{category}”。请核对。",
        "挂职锻炼 mentee '{value}' is a {category} in the roster, not a 村社干部.",
    ),
    "pairings.secondment_batch_unlikely": Rule(
        _W,
        "挂职锻炼批次“{value}”不像实际的批次号（{reason}）。请核对批次。",
        "挂职锻炼 batch '{value}' is unlikely ({reason_en}).",
    ),
    "pairings.secondment_batch_size": Rule(
        _W,
        "挂职锻炼第 {value} 批有 {count} 人，超过一般规模（每批不超过 {limit} 人）。请核对批次。",
        "挂职锻炼 batch {value} has {count} mentees, more than {limit}.",
    ),
    "pairings.end_before_start": Rule(
        _E, "结束日期“{value}”早于结对日期（{expected}）。请核对。", "End date '{value}' before start date {expected}."
    ),
    # evaluations
    "evaluations.pair_unknown": Rule(
        _E,
        "帮带对子表中没有这一对（导师 {mentor}，培养对象 {mentee}）。请核对两人的身份证号。",
        "No such pair in the pairings (mentor {mentor}, mentee {mentee}).",
    ),
    "evaluations.quarter_range": Rule(_E, "季度“{value}”不对，只能是 1–4。", "Quarter '{value}' is not 1-4."),
    "evaluations.duplicate": Rule(
        _E,
        "同一对子在 {year} 年第 {quarter} 季度已有测评结果（第 {first} 行），本行未导入。请删除重复行。",
        "Pair already evaluated for {year} Q{quarter} at row {first}; later row rejected.",
    ),
    # trainings
    "trainings.attendee_not_in_roster": Rule(
        _E,
        "学员“{value}”在本乡镇干部花名册中找不到。请核对姓名和身份证号。",
        "Attendee '{value}' not found in the township roster.",
    ),
    "trainings.hours_range": Rule(_E, "学时“{value}”不对，应大于 0 且不超过 24。", "Hours '{value}' not in (0, 24]."),
    "trainings.date_in_future": Rule(
        _E,
        "培训日期“{value}”晚于今天（{today}）。请核对。",
        "Training date '{value}' is in the future (today {today}).",
    ),
}

_ROLE_EN = {"导师": "Mentor", "培养对象": "Mentee", "学员": "Attendee"}


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "—"


def _format(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format_map(_Defaults(params))
    except (ValueError, TypeError):  # a numeric format spec met a placeholder
        return template.format_map(_Defaults({k: str(v) for k, v in params.items()}))


def make_problem(
    rule: str, *, row: int | None = None, column: str | None = None, value: str | None = None, **params: Any
) -> Problem:
    """A Problem from the rule table; message templates see `column`, `value` and `params`."""
    spec = RULES[rule]
    values = {"column": column or "—", "value": value if value is not None else "", **params}
    return Problem(
        rule=rule,
        severity=spec.severity,
        message_zh=_format(spec.zh, values),
        message_en=_format(spec.en, values),
        row=row,
        column=column,
        value=value,
    )


def _allowed(vocabulary_name: str) -> str:
    values = vocabulary(vocabulary_name).values
    shown = "、".join(values[:12])
    return shown + ("等（见模板下拉列表）" if len(values) > 12 else "")


def _label(kind: str, field_name: str | None, labels: dict[str, str]) -> str | None:
    if field_name is None:
        return None
    return labels.get(field_name) or field(kind, field_name).label


def problems_from(
    kind: str, findings: list[Finding], raw: pd.DataFrame, labels: dict[str, str], cell_text: Callable[[Any], str]
) -> list[Problem]:
    """Problems for every row of every finding; `value` is the cell as the office wrote it."""
    problems: list[Problem] = []
    for finding in findings:
        column = _label(kind, finding.field, labels)
        scalars = dict(finding.scalars)
        if "vocabulary" in scalars:
            scalars["allowed"] = _allowed(scalars["vocabulary"])
        if not len(finding.rows):  # a sheet-level finding
            problems.append(make_problem(finding.rule, column=column, **scalars))
            continue
        per_row = finding.params.to_dict("records") if finding.params is not None else [{}] * len(finding.rows)
        in_raw = finding.field is not None and finding.field in raw.columns
        for row, params in zip(finding.rows, per_row, strict=True):
            value = params.pop("value", None)
            if value is None and in_raw:
                value = cell_text(raw.at[row, finding.field])
            problems.append(make_problem(finding.rule, row=int(row), column=column, value=value, **scalars, **params))
    return problems


# --- pandera -------------------------------------------------------------------------------------

ID_LENGTH = 18  # characters of a GB 11643 number, as normalizing leaves every ID it does not report
_RANGE_RULES = {"quarter": "evaluations.quarter_range", "hours": "trainings.hours_range"}


def _pandera_rule(field_name: str, check: str) -> str:
    if check == "not_nullable":
        return "value.required"
    if check.startswith("isin"):
        return "value.not_in_vocabulary"
    if check.startswith(("greater_than", "less_than", "in_range", "str_length")):
        return _RANGE_RULES.get(field_name, "value.out_of_range")
    return "value.wrong_type"


@cache
def _validation_schema(kind: str, dtypes: tuple[tuple[str, Any], ...], normalized: bool) -> pa.DataFrameSchema:
    """The kind's schema as checked, built once per process, frame dtypes and origin.

    What is already certain is not checked again on every sheet: a column's dtype when pandera's own dtype check
    passes on the dtype alone and, on a frame from `normalize_table`, a vocabulary column's `isin` when every value
    normalizing can put there is allowed, and an ID column's `str_length` that 18 characters satisfy (normalizing
    reports every ID number of another length as an error in its cell, which `schema_findings` leaves out).
    A column left with nothing to check (nullable, no checks) is not visited.
    """
    schema = SCHEMAS[kind].to_schema()
    produced = dict(dtypes)
    updates: dict[str, dict[str, Any]] = {}
    for name, column in schema.columns.items():
        update = updates[name] = {}
        if name in produced and column.dtype is not None and column.dtype.check(Engine.dtype(produced[name])) is True:
            update["dtype"] = None
        spec = field(kind, name)
        if (
            normalized
            and spec.vocabulary is not None
            and column.checks
            and all(_allows(c, spec) for c in column.checks)
        ):
            update["checks"] = []
        elif normalized and spec.type == "id" and any(_fits_id(c) for c in column.checks):
            update["checks"] = [c for c in column.checks if not _fits_id(c)]
    idle = [
        name
        for name, column in schema.columns.items()
        if "dtype" in updates[name]
        and column.nullable
        and not column.unique
        and not updates[name].get("checks", column.checks)
    ]
    schema = schema.update_columns({name: update for name, update in updates.items() if update})
    return schema.remove_columns(idle)


def _allows(check: pa.Check, spec: FieldSpec) -> bool:
    """Whether an `isin` check passes every value normalizing can leave in the field."""
    return check.name == "isin" and vocabulary_outputs(spec) <= set(check.statistics["allowed_values"])


def _fits_id(check: pa.Check) -> bool:
    """Whether a `str_length` check passes every ID number of 18 characters."""
    if check.name != "str_length":
        return False
    limits = check.statistics
    if limits.get("exact_value") is not None:
        return bool(limits["exact_value"] == ID_LENGTH)
    low, high = limits.get("min_value"), limits.get("max_value")
    return (low is None or low <= ID_LENGTH) and (high is None or ID_LENGTH <= high)


def schema_findings(
    kind: str, frame: pd.DataFrame, already: set[tuple[int, str]], *, normalized: bool = False
) -> list[Finding]:
    """pandera's lazy validation of the kind's schema, as findings; cells in `already` were reported before.

    `normalized`: the frame is what `normalize_table` returned, untouched, and `already` holds its error cells.
    """
    schema = _validation_schema(kind, tuple(frame.dtypes.items()), normalized)
    try:
        schema.validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    cases = cases[cases["index"].notna() & cases["column"].isin(frame.columns)]
    findings: list[Finding] = []
    for (column, check), group in cases.groupby(["column", "check"], sort=False):
        rows = [int(r) for r in group["index"] if (int(r), column) not in already]
        if not rows:
            continue
        rule = _pandera_rule(column, str(check))
        scalars: dict[str, Any] = {"bound": str(check), "check": str(check)}
        vocab = field(kind, str(column)).vocabulary
        if rule == "value.not_in_vocabulary" and vocab is not None:
            scalars["vocabulary"] = vocab
        findings.append(Finding(rule=rule, field=str(column), rows=pd.Index(sorted(set(rows))), scalars=scalars))
    return findings


# --- cross-row rules -------------------------------------------------------------------------------

ROSTER_COLUMNS = ("id_number", "name", "birth_date", "work_start_date", "category", "origin", "source_row")
Params = Callable[[pd.Index], dict[str, Any]]
_VILLAGE_CADRE = "村社干部"  # the roster category 挂职锻炼 is for


@dataclass(frozen=True)
class RosterIndex:
    """A roster's lookups: one row per ID number, how many cadres bear each name key, the ID of each unique name."""

    roster: pd.DataFrame = dataclasses.field(repr=False)
    names: dict[str, str | None]  # ID number → name (first row of that ID)
    name_keys: dict[str, str]  # ID number → the key of that name, where there is one
    counts: dict[str, int]  # name key → cadres bearing it
    unique_names: dict[str, str]  # name key borne by one cadre → that cadre's ID number

    def first(self, column: str) -> pd.Series:
        """A roster column at the first row of each ID number, indexed by it."""
        numbers = self.roster["id_number"]
        first = ~numbers.duplicated().to_numpy()
        return self.roster[column][first].set_axis(pd.Index(numbers[first], name="id_number"))


def roster_index(roster: pd.DataFrame) -> RosterIndex:
    numbers, names = roster["id_number"], roster["name"]
    first = ~numbers.duplicated().to_numpy()
    first_numbers = numbers[first].tolist()
    first_names = names[first].tolist()
    keys = name_keys(names).to_numpy(dtype=object)
    named = names.notna().to_numpy()[first]
    codes, uniques = pd.factorize(keys)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    unique = (codes >= 0) & (counts[codes] == 1)
    return RosterIndex(
        roster=roster,
        names=dict(zip(first_numbers, first_names, strict=True)),
        name_keys={n: k for n, k, ok in zip(first_numbers, keys[first], named, strict=True) if ok},
        counts={key: int(n) for key, n in zip(uniques, counts, strict=True)},
        unique_names=dict(zip(keys[unique], numbers.to_numpy()[unique], strict=True)),
    )


@dataclass
class Context:
    """What cross-row rules look things up in: the township's roster and pairs so far, and the settings."""

    settings: IngestSettings
    roster: pd.DataFrame | None = None  # ROSTER_COLUMNS: everyone known, for lookups
    pairs: pd.DataFrame | None = None  # mentor_id_number, mentee_id_number
    seen: pd.DataFrame | None = None  # ROSTER_COLUMNS: cadres accepted in this run, for duplicates
    _index: tuple[pd.DataFrame, RosterIndex] | None = dataclasses.field(default=None, repr=False, compare=False)

    def roster_index(self) -> RosterIndex:
        """The roster's lookups, built once for each roster the context holds (the roster is replaced, never changed)."""
        assert self.roster is not None
        if self._index is None or self._index[0] is not self.roster:
            self._index = (self.roster, roster_index(self.roster))
        return self._index[1]


def roster_from(accepted: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Roster entries from accepted cadre rows; `origin` names the file and sheet they came from."""
    out = accepted.reindex(columns=list(ROSTER_COLUMNS))
    out["origin"] = origin
    return out.reset_index(drop=True)


def _add(
    findings: list[Finding],
    rule: str,
    field_name: str | None,
    mask: pd.Series,
    params: Params | None = None,
    **scalars: Any,
) -> None:
    """Record a finding for the rows of `mask`; per-row parameters are computed for those rows only."""
    _add_where(findings, rule, field_name, mask.index, mask.fillna(False).to_numpy(dtype=bool), params, **scalars)


def _add_where(
    findings: list[Finding],
    rule: str,
    field_name: str | None,
    index: pd.Index,
    mask: np.ndarray,
    params: Params | None = None,
    **scalars: Any,
) -> None:
    """`_add` for a boolean array over `index`."""
    rows = index[mask]
    if len(rows):
        table = pd.DataFrame(params(rows), index=rows).reset_index(drop=True) if params else None
        findings.append(Finding(rule=rule, field=field_name, rows=rows, params=table, scalars=scalars))


def _ym(dates: pd.Series) -> list[str]:
    return [f"{d.year}年{d.month}月" if pd.notna(d) else "—" for d in dates]


def _bad_rows(bad: set[tuple[int, str]], field_name: str) -> list[int]:
    return [r for r, c in bad if c == field_name]


def _valid_ids(frame: pd.DataFrame, column: str, bad: set[tuple[int, str]]) -> pd.Series:
    """IDs of 18 characters that no check has reported."""
    return pd.Series(_valid_id_array(frame, column, bad), index=frame.index)


def _valid_id_array(frame: pd.DataFrame, column: str, bad: set[tuple[int, str]]) -> np.ndarray:
    """`_valid_ids` as an array."""
    values = frame[column].to_numpy(dtype=object, na_value=None)
    whole = np.fromiter((isinstance(v, str) and len(v) == 18 for v in values), bool, len(values))
    return whole & ~_reported(frame.index, bad, column)


def _month_numbers(dates: np.ndarray) -> np.ndarray:
    """Months since January 1970 (NaN where there is no date): what month comparisons compare."""
    months = dates.astype("datetime64[M]")
    counted = months.astype(np.int64).astype(float)
    counted[np.isnat(months)] = np.nan
    return counted


def _reported(index: pd.Index, bad: set[tuple[int, str]], field_name: str) -> np.ndarray:
    """Rows whose `field_name` cell an earlier check reported."""
    rows = _bad_rows(bad, field_name)
    return index.isin(rows) if rows else np.zeros(len(index), dtype=bool)


def cadres_rules(
    frame: pd.DataFrame, ctx: Context, bad: set[tuple[int, str]], ids: Mapping[str, CheckedIds]
) -> list[Finding]:
    """Agreement with the ID number, party and work dates against age and today, one row per ID number.

    On numpy arrays of the frame's columns: a sheet's fixed cost is in how many operations, not how many rows.
    """
    findings: list[Finding] = []
    settings = ctx.settings
    index = frame.index
    checked = ids["id_number"]  # the frame's IDs: valid there unless a later check reported them
    valid = checked.valid.to_numpy(dtype=bool) & ~_reported(index, bad, "id_number")
    id_birth = checked.birth_dates.to_numpy(dtype=DATETIME_DTYPE).copy()
    id_birth[~valid] = np.datetime64("NaT")
    id_gender = checked.genders.to_numpy(dtype=object, na_value=None).copy()
    id_gender[~valid] = None
    gender = frame["gender"].to_numpy(dtype=object, na_value=None)
    _add_where(
        findings,
        "cadres.gender_mismatch",
        "gender",
        index,
        (gender != None) & (id_gender != None) & (gender != id_gender),  # noqa: E711 (elementwise)
        lambda rows: {"expected": pd.Series(id_gender, index=index, dtype=STR_DTYPE)[rows]},
    )
    births = frame["birth_date"].to_numpy(dtype=DATETIME_DTYPE)
    mismatch = ~np.isnat(births) & ~np.isnat(id_birth) & (_month_numbers(births) != _month_numbers(id_birth))
    _add_where(
        findings,
        "cadres.birth_mismatch",
        "birth_date",
        index,
        mismatch,
        lambda rows: {"expected": _ym(pd.Series(id_birth, index=index)[rows])},
    )
    today = pd.Timestamp(settings.effective_today())
    today_us = np.datetime64(today.to_datetime64(), "us")
    future = (births > today_us) & ~mismatch
    _add_where(findings, "cadres.birth_in_future", "birth_date", index, future, today=today.date().isoformat())
    birth = np.where(np.isnat(id_birth), births, id_birth)
    born = ~np.isnat(birth)
    birth_months = _month_numbers(birth)
    members = raw_vocabularies()["political_status"]["party_members"]
    status = frame["political_status"]
    joined = frame["party_join_date"].to_numpy(dtype=DATETIME_DTYPE)
    work = frame["work_start_date"].to_numpy(dtype=DATETIME_DTYPE)
    member = status.isin(members).to_numpy(dtype=bool)
    has_status = status.notna().to_numpy(dtype=bool)
    has_joined = ~np.isnat(joined)

    def status_of(rows: pd.Index) -> dict[str, Any]:
        return {"status": status[rows]}

    def at_age(years: int) -> Params:
        def expected(rows: pd.Index) -> dict[str, Any]:
            return {"expected": _ym(pd.Series(birth, index=index)[rows] + pd.DateOffset(years=years))}

        return expected

    not_member = has_joined & has_status & ~member
    _add_where(findings, "cadres.party_date_not_member", "party_join_date", index, not_member, status_of)
    early = has_joined & born & member & (_month_numbers(joined) < birth_months + 12 * settings.party_min_age)
    _add_where(findings, "cadres.party_date_before_18", "party_join_date", index, early, at_age(settings.party_min_age))
    missing = ~has_joined & member & ~_reported(index, bad, "party_join_date")
    _add_where(findings, "cadres.party_date_missing", "party_join_date", index, missing, status_of)
    child = ~np.isnat(work) & born & (_month_numbers(work) < birth_months + 12 * settings.work_min_age)
    _add_where(findings, "cadres.work_before_16", "work_start_date", index, child, at_age(settings.work_min_age))
    _add_where(
        findings, "cadres.work_in_future", "work_start_date", index, work > today_us, today=today.date().isoformat()
    )
    _duplicate_ids(findings, frame["id_number"].to_numpy(dtype=object, na_value=None), valid, index, ctx.seen)
    return findings


def _duplicate_ids(
    findings: list[Finding], numbers: np.ndarray, valid: np.ndarray, index: pd.Index, seen: pd.DataFrame | None
) -> None:
    """Later rows of a valid ID number already seen (in this sheet, or earlier in the township) are rejected."""
    codes, _ = pd.factorize(np.where(valid, numbers, None))
    first = np.zeros(len(codes), dtype=bool)
    first[np.unique(codes, return_index=True)[1]] = True
    repeated = (codes >= 0) & ~first
    if seen is not None and len(seen):
        repeated |= (codes >= 0) & pd.Index(numbers).isin(seen["id_number"])
    if not repeated.any():
        return
    ids = pd.Series(np.where(valid, numbers, None), index=index, dtype=STR_DTYPE)
    first_here = pd.Series(ids.index, index=ids.index).groupby(ids).min()
    first_before = seen.drop_duplicates("id_number").set_index("id_number") if seen is not None else None

    def where_first(rows: pd.Index) -> dict[str, Any]:
        zh, en = [], []
        for number in ids[rows]:
            if first_before is not None and number in first_before.index:
                origin, row = first_before.at[number, "origin"], int(first_before.at[number, "source_row"])
                zh.append(f"{origin}第 {row} 行")
                en.append(f"{origin} row {row}")
            else:
                zh.append(f"本表第 {int(first_here[number])} 行")
                en.append(f"row {int(first_here[number])}")
        return {"first": zh, "first_en": en}

    _add_where(findings, "cadres.duplicate_id", "id_number", index, repeated, where_first)


@dataclass(frozen=True)
class _Resolved:
    """Each row's person in the roster, as arrays over the sheet's rows."""

    ids: pd.Series  # the ID numbers, blanks filled from unique names
    not_found: np.ndarray
    ambiguous: np.ndarray
    count: np.ndarray
    mismatch: np.ndarray
    roster_names: np.ndarray  # the roster's name of each row's person found by ID number, None elsewhere

    def count_at(self, index: pd.Index, rows: pd.Index) -> pd.Series:
        return pd.Series(self.count, index=index)[rows]

    def roster_name_at(self, index: pd.Index, rows: pd.Index) -> pd.Series:
        return pd.Series(self.roster_names, index=index, dtype=STR_DTYPE)[rows]


def resolve_people(names: pd.Series, ids: pd.Series, valid: np.ndarray, index: RosterIndex) -> _Resolved:
    """Find each person in the roster by ID number, or by name when the name is unique there; fill blank IDs.

    Each distinct ID number and name key is looked up in the roster's dictionaries once, and the answers are
    spread back over the rows (a trainings sheet names the same people on many rows).
    """
    keys = name_keys(names).to_numpy(dtype=object, na_value=None)
    numbers = ids.to_numpy(dtype=object, na_value=None)
    named = names.notna().to_numpy(dtype=bool)
    number_codes, distinct_numbers = pd.factorize(numbers)
    key_codes, distinct_keys = pd.factorize(keys)
    # the last entry answers for a blank (code -1)
    in_roster = np.array([n in index.names for n in distinct_numbers] + [False], dtype=bool)
    roster_name = np.array([index.names.get(n) for n in distinct_numbers] + [None], dtype=object)
    roster_key = np.array([index.name_keys.get(n) for n in distinct_numbers] + [None], dtype=object)
    bearers = np.array([index.counts.get(k, 0) for k in distinct_keys] + [0], dtype=np.int64)
    unique_id = np.array([index.unique_names.get(k) for k in distinct_keys] + [None], dtype=object)
    known = valid & in_roster[number_codes]
    blank = number_codes < 0
    count = bearers[key_codes]
    filled = np.where(blank & (key_codes >= 0), unique_id[key_codes], numbers)
    expected = roster_key[number_codes]
    differs = known & named & (expected != None) & (expected != keys)  # noqa: E711 (elementwise)
    return _Resolved(
        ids=pd.Series(filled, index=ids.index, dtype=ids.dtype),
        not_found=(valid & ~known) | (blank & named & (count == 0)),
        ambiguous=blank & (count > 1),
        count=count,
        mismatch=differs,
        roster_names=np.where(known, roster_name[number_codes], None),
    )


def _person_rules(
    findings: list[Finding],
    frame: pd.DataFrame,
    ctx: Context,
    bad: set[tuple[int, str]],
    fields: tuple[str, str],
    role: str,
    not_found_rule: str,
) -> None:
    """Look one person column pair up in the roster; fill the ID from a unique name."""
    name_field, id_field = fields
    index = frame.index
    if ctx.roster is None:
        _add(findings, "value.required", id_field, frame[id_field].isna() & frame[name_field].notna())
        return
    valid = _valid_id_array(frame, id_field, bad)
    people = resolve_people(frame[name_field], frame[id_field], valid, ctx.roster_index())
    frame[id_field] = people.ids

    def about(rows: pd.Index) -> dict[str, Any]:
        return {"value": frame[name_field][rows].fillna(frame[id_field][rows]), "role": role, "role_en": _ROLE_EN[role]}

    _add_where(findings, not_found_rule, name_field, index, people.not_found, about)
    _add_where(
        findings,
        "pairings.name_ambiguous",
        name_field,
        index,
        people.ambiguous,
        lambda rows: {**about(rows), "count": people.count_at(index, rows)},
    )
    _add_where(
        findings,
        "pairings.name_mismatch",
        name_field,
        index,
        people.mismatch,
        lambda rows: {**about(rows), "expected": people.roster_name_at(index, rows)},
    )


def _age_at(births: pd.Series, when: pd.Series) -> pd.Series:
    """Whole years from each birth date to each date (NaN where either is missing)."""
    born, on = births.to_numpy(dtype="datetime64[D]"), when.to_numpy(dtype="datetime64[D]")
    years = on.astype("datetime64[Y]").astype(np.int64) - born.astype("datetime64[Y]").astype(np.int64)
    born_day, on_day = _month_day(born), _month_day(on)
    age = (years - (on_day < born_day)).astype(float)
    age[np.isnat(born) | np.isnat(on)] = np.nan
    return pd.Series(age, index=births.index)


def _month_day(days: np.ndarray) -> np.ndarray:
    """(month, day) of each date as month * 100 + day, for comparing birthdays."""
    months = days.astype("datetime64[M]")
    return (months.astype(np.int64) % 12 + 1) * 100 + (days - months.astype("datetime64[D]")).astype(np.int64) + 1


def _sheet_note(rule: str) -> Finding:
    return Finding(rule=rule, field=None, rows=pd.Index([]))


def _names(frame: pd.DataFrame, field_name: str) -> Params:
    return lambda rows: {"value": frame[field_name][rows]}


def pairings_rules(
    frame: pd.DataFrame, ctx: Context, bad: set[tuple[int, str]], ids: Mapping[str, CheckedIds]
) -> list[Finding]:
    """People in the roster (IDs filled from unique names), distinct people, programme expectations, dates."""
    findings: list[Finding] = []
    if ctx.roster is None:
        findings.append(_sheet_note("roster.unavailable"))
    _person_rules(
        findings, frame, ctx, bad, ("mentor_name", "mentor_id_number"), "导师", "pairings.person_not_in_roster"
    )
    _person_rules(
        findings, frame, ctx, bad, ("mentee_name", "mentee_id_number"), "培养对象", "pairings.person_not_in_roster"
    )
    index = frame.index
    mentor, mentee = frame["mentor_id_number"], frame["mentee_id_number"]
    mentors, mentees = _objects(mentor), _objects(mentee)
    mentor_names, mentee_names = _objects(frame["mentor_name"]), _objects(frame["mentee_name"])
    same_name = (mentors == None) & (mentees == None) & (mentor_names != None) & (mentor_names == mentee_names)  # noqa: E711
    same = ((mentors != None) & (mentors == mentees)) | same_name  # noqa: E711
    _add_where(findings, "pairings.same_person", "mentee_name", index, same, _names(frame, "mentee_name"))
    start, end = frame["start_date"], frame["end_date"]
    starts, ends = start.to_numpy(dtype=DATETIME_DTYPE), end.to_numpy(dtype=DATETIME_DTYPE)
    _add_where(
        findings,
        "pairings.end_before_start",
        "end_date",
        index,
        ~np.isnat(ends) & ~np.isnat(starts) & (ends < starts),
        lambda rows: {"expected": start[rows].dt.strftime("%Y-%m-%d")},
    )
    programme, settings = _objects(frame["programme"]), ctx.settings
    mentor_birth = id_birth_dates(mentor, _valid_ids(frame, "mentor_id_number", bad))
    mentee_birth = id_birth_dates(mentee, _valid_ids(frame, "mentee_id_number", bad))
    mentor_born = mentor_birth.to_numpy(dtype=DATETIME_DTYPE)
    mentee_born = mentee_birth.to_numpy(dtype=DATETIME_DTYPE)
    age = _age_at(mentee_birth, start)
    recent = np.zeros(len(index), dtype=bool)
    if ctx.roster is not None:
        work_starts = ctx.roster_index().first("work_start_date")
        # reindex, not map: Series.map fails on an empty roster (a blank template beside the pairings)
        work = pd.to_datetime(work_starts).reindex(mentee.to_numpy()).to_numpy(dtype=DATETIME_DTYPE)
        since = (start - pd.DateOffset(years=settings.young_recent_years)).to_numpy(dtype=DATETIME_DTYPE)
        recent = ~np.isnat(work) & (work >= since)
    old = (
        (programme == "导师引航")
        & ~np.isnat(mentee_born)
        & ~np.isnat(starts)
        & (age.to_numpy() >= settings.young_age)
        & ~recent
    )
    _add_where(
        findings,
        "pairings.mentee_not_young",
        "mentee_name",
        index,
        old,
        lambda rows: {"value": frame["mentee_name"][rows], "age": age[rows].astype("Int64")},
    )
    not_younger = (
        (programme == "以新促老") & ~np.isnat(mentor_born) & ~np.isnat(mentee_born) & (mentor_born <= mentee_born)
    )
    _add_where(findings, "pairings.mentor_not_younger", "mentor_name", index, not_younger, _names(frame, "mentor_name"))
    secondment = programme == "挂职锻炼"
    if secondment.any():  # every rule below is about 挂职锻炼 rows
        secondment_rows = pd.Series(secondment, index=index)
        _secondment_dates(findings, frame, ctx, bad, secondment_rows)
        _secondment_rules(findings, frame, ctx, secondment_rows, age)
    return findings


def _objects(column: pd.Series) -> np.ndarray:
    """A column's values as an object array, None where missing (for elementwise comparisons)."""
    return column.to_numpy(dtype=object, na_value=None)


def _secondment_dates(
    findings: list[Finding], frame: pd.DataFrame, ctx: Context, bad: set[tuple[int, str]], secondment: pd.Series
) -> None:
    """挂职锻炼 needs a batch and lasts about one month."""
    start, end = frame["start_date"], frame["end_date"]
    no_batch = secondment & frame["batch"].isna() & ~frame.index.isin(_bad_rows(bad, "batch"))
    _add(findings, "pairings.secondment_batch_missing", "batch", no_batch)
    days = (end - start).dt.days
    low, high = ctx.settings.secondment_days
    odd = secondment & start.notna() & (end.isna() | (days < low) | (days > high))

    def duration(rows: pd.Index) -> dict[str, Any]:
        shown = days[rows].astype("Int64").astype("str")
        open_end = end[rows].isna()
        return {
            "days": (shown + " 天").where(~open_end, "未填结束日期"),
            "days_en": (shown + " days").where(~open_end, "an open end"),
        }

    _add(findings, "pairings.secondment_duration", "end_date", odd, duration)


def _ids_from_names(
    findings: list[Finding], frame: pd.DataFrame, ctx: Context, fields: tuple[str, str], role: str
) -> None:
    """Blank ID numbers are filled from names unique in the roster; a row naming nobody needs one or the other."""
    name_field, id_field = fields
    blank = frame[id_field].isna()
    _add(findings, "value.required", id_field, blank & frame[name_field].isna())
    named = blank & frame[name_field].notna()
    if not named.any():
        return
    if ctx.roster is None:
        _add(findings, "value.required", id_field, named)
        return
    index = frame.index
    people = resolve_people(frame[name_field], frame[id_field], np.zeros(len(index), dtype=bool), ctx.roster_index())
    frame[id_field] = people.ids

    def about(rows: pd.Index) -> dict[str, Any]:
        return {"value": frame[name_field][rows], "role": role, "role_en": _ROLE_EN[role]}

    asked = named.to_numpy(dtype=bool)
    _add_where(findings, "pairings.person_not_in_roster", name_field, index, asked & people.not_found, about)
    _add_where(
        findings,
        "pairings.name_ambiguous",
        name_field,
        index,
        asked & people.ambiguous,
        lambda rows: {**about(rows), "count": people.count_at(index, rows)},
    )


def _secondment_rules(
    findings: list[Finding], frame: pd.DataFrame, ctx: Context, secondment: pd.Series, age: pd.Series
) -> None:
    """挂职锻炼 as the seed describes it: village cadres under 35, one month each, in batches numbered from 1."""
    settings = ctx.settings
    limit = settings.young_age
    _add(
        findings,
        "pairings.secondment_mentee_not_young",
        "mentee_name",
        secondment & age.ge(limit).fillna(False),
        lambda rows: {"value": frame["mentee_name"][rows], "age": age[rows].astype("Int64")},
        limit=limit,
    )
    if ctx.roster is not None:
        category = frame["mentee_id_number"].map(ctx.roster_index().first("category"))
        other = secondment & category.notna() & category.ne(_VILLAGE_CADRE)
        _add(
            findings,
            "pairings.secondment_not_village_cadre",
            "mentee_name",
            other,
            lambda rows: {"value": frame["mentee_name"][rows], "category": category[rows]},
        )
    batch = frame["batch"].where(secondment)
    present = np.sort(batch.dropna().unique().astype(int))
    previous = pd.Series(np.concatenate([[0], present[:-1]]) if len(present) else [], index=present, dtype=int)
    before = batch.map(previous)  # the next lower batch number in this sheet, 0 for the lowest
    beyond = batch.gt(settings.secondment_max_batch).fillna(False)
    jump = (batch - before).gt(settings.secondment_batch_gap).fillna(False) & before.gt(0).fillna(False)

    def why(rows: pd.Index) -> dict[str, Any]:
        high = beyond[rows]
        shown = before[rows].astype("Int64").astype("str")
        return {
            "reason": pd.Series(f"挂职锻炼每批一个月，一年不超过 {settings.secondment_max_batch} 批", index=rows).where(
                high, "本表的上一批是第 " + shown + " 批"
            ),
            "reason_en": pd.Series(f"more than {settings.secondment_max_batch} monthly batches", index=rows).where(
                high, "the previous batch here is " + shown
            ),
        }

    _add(findings, "pairings.secondment_batch_unlikely", "batch", beyond | jump, why)
    mentees = frame["mentee_id_number"].fillna(frame["mentee_name"]).where(batch.notna())
    sizes = mentees.groupby(batch).nunique()
    first = pd.Series(frame.index, index=frame.index).where(batch.notna()).groupby(batch).min()
    crowded = sizes[sizes > settings.secondment_max_batch_size].index
    rows = frame.index.isin(first[crowded].astype(int)) if len(crowded) else np.zeros(len(frame), dtype=bool)
    _add(
        findings,
        "pairings.secondment_batch_size",
        "batch",
        pd.Series(rows, index=frame.index),
        lambda rows: {"value": batch[rows], "count": batch[rows].map(sizes)},
        limit=settings.secondment_max_batch_size,
    )


def evaluations_rules(
    frame: pd.DataFrame, ctx: Context, bad: set[tuple[int, str]], ids: Mapping[str, CheckedIds]
) -> list[Finding]:
    """The evaluated pair exists, and one result per pair per quarter."""
    findings: list[Finding] = []
    for role, (name_field, id_field) in (
        ("导师", ("mentor_name", "mentor_id_number")),
        ("培养对象", ("mentee_name", "mentee_id_number")),
    ):
        _ids_from_names(findings, frame, ctx, (name_field, id_field), role)
    index = frame.index
    mentor, mentee = frame["mentor_id_number"], frame["mentee_id_number"]
    valid = _valid_id_array(frame, "mentor_id_number", bad) & _valid_id_array(frame, "mentee_id_number", bad)
    pairs = np.full(len(index), None, dtype=object)
    pairs[valid] = _pair_keys(_objects(mentor)[valid], _objects(mentee)[valid])
    if ctx.pairs is None:
        findings.append(_sheet_note("pairs.unavailable"))
    else:
        known = _pair_keys(_ids_or_none(ctx.pairs["mentor_id_number"]), _ids_or_none(ctx.pairs["mentee_id_number"]))
        missing = valid.copy()
        missing[valid] = ~pd.Index(pairs[valid], dtype=object).isin(known)
        _add_where(
            findings,
            "evaluations.pair_unknown",
            "mentee_id_number",
            index,
            missing,
            lambda rows: {
                "mentor": frame["mentor_name"][rows].fillna(mentor[rows]),
                "mentee": frame["mentee_name"][rows].fillna(mentee[rows]),
            },
        )
    key = ["mentor_id_number", "mentee_id_number", "year", "quarter"]
    year, quarter = frame["year"], frame["quarter"]
    complete = valid & year.notna().to_numpy() & quarter.notna().to_numpy()
    at = np.flatnonzero(complete)
    repeated = np.zeros(len(index), dtype=bool)
    if len(at) > 1:
        # (pair, year, quarter) as integers: a pair's key holds both 18-character numbers
        table = np.column_stack(
            [
                pd.factorize(pairs[at])[0],
                year.to_numpy(dtype=np.int64, na_value=0)[at],
                quarter.to_numpy(dtype=np.int64, na_value=0)[at],
            ]
        )
        later = np.ones(len(at), dtype=bool)
        later[np.unique(table, axis=0, return_index=True)[1]] = False
        repeated[at] = later

    def first_row(rows: pd.Index) -> dict[str, Any]:
        rated = frame[complete]
        first = pd.Series(rated.index, index=rated.index).groupby([rated[k] for k in key]).transform("min")
        return {"year": year[rows], "quarter": quarter[rows], "first": first[rows]}

    _add_where(findings, "evaluations.duplicate", "quarter", index, repeated, first_row)
    return findings


def _pair_keys(mentors: np.ndarray, mentees: np.ndarray) -> np.ndarray:
    """One text per (mentor, mentee): the two numbers joined by NUL, which no ID number holds."""
    return mentors + "\x00" + mentees


def _ids_or_none(numbers: pd.Series) -> np.ndarray:
    """ID numbers as text, a character no ID number holds where a cell is blank or not text."""
    values = numbers.to_numpy(dtype=object, na_value=None)
    text = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
    return np.where(text, values, "\x01").astype(object)


def trainings_rules(
    frame: pd.DataFrame, ctx: Context, bad: set[tuple[int, str]], ids: Mapping[str, CheckedIds]
) -> list[Finding]:
    """The attendee is in the roster (ID filled from a unique name); the date is not in the future."""
    findings: list[Finding] = []
    if ctx.roster is None:
        findings.append(_sheet_note("roster.unavailable"))
    _person_rules(
        findings, frame, ctx, bad, ("attendee_name", "attendee_id_number"), "学员", "trainings.attendee_not_in_roster"
    )
    today = pd.Timestamp(ctx.settings.effective_today())
    _add_where(
        findings,
        "trainings.date_in_future",
        "training_date",
        frame.index,
        frame["training_date"].to_numpy(dtype=DATETIME_DTYPE) > np.datetime64(today.to_datetime64(), "us"),
        today=today.date().isoformat(),
    )
    return findings


# A kind's cross-row rules: (frame, context, error cells so far, ID columns as checked while normalizing) → findings.
CrossRowRules = Callable[[pd.DataFrame, Context, set[tuple[int, str]], Mapping[str, CheckedIds]], list[Finding]]
CROSS_ROW: dict[str, CrossRowRules] = {
    "cadres": cadres_rules,
    "pairings": pairings_rules,
    "evaluations": evaluations_rules,
    "trainings": trainings_rules,
}


def error_cells(findings: list[Finding]) -> set[tuple[int, str]]:
    """(row, field) of every error finding, so later checks do not report the same cell twice."""
    return {(int(r), f.field) for f in findings if f.field and RULES[f.rule].severity == "error" for r in f.rows}


def rejected_rows(findings: list[Finding]) -> pd.Index:
    """Rows with at least one error."""
    rows = {int(r) for f in findings if RULES[f.rule].severity == "error" for r in f.rows}
    return pd.Index(sorted(rows), dtype=np.int64)
