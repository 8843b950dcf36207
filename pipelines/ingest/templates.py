"""Blank templates per record kind: canonical headers, dropdowns, text-formatted ID and date columns, instructions."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from pipelines.ingest.normalize import FIELD_TYPES, FIELD_VOCABULARIES
from schemas import SCHEMAS
from schemas.vocab import headers, vocabulary

INSTRUCTIONS_SHEET = "填写说明"
OPTIONS_SHEET = "下拉选项"
TEMPLATE_ROWS = 2000  # rows that carry dropdowns and formats

# Numeric fields: (validation type, criteria, minimum, maximum, hint).
_NUMBER_RULES: dict[str, tuple[str, str, float, float | None, str]] = {
    "year": ("integer", "between", 2000, 2100, "填四位年份，如 2023"),
    "quarter": ("integer", "between", 1, 4, "填 1–4"),
    "batch": ("integer", ">=", 1, None, "填批次数字，如 1"),
    "hours": ("decimal", "between", 0.1, 24, "填学时数，大于 0 且不超过 24"),
}
_TYPE_HINTS = {
    "id": "18 位身份证号，本列已设为文本格式，请勿改为数字格式",
    "date": "写成 1985.03 或 2023-03-01，本列已设为文本格式",
    "name": "填写姓名，不要加空格",
}


def _hint(field_name: str) -> str:
    if field_name in FIELD_VOCABULARIES:
        return "从下拉列表选择：" + "、".join(vocabulary(FIELD_VOCABULARIES[field_name]).values)
    if field_name in _NUMBER_RULES:
        return _NUMBER_RULES[field_name][4]
    return _TYPE_HINTS.get(FIELD_TYPES.get(field_name, ""), "")


def write_template(kind: str, path: Path) -> Path:
    """Write the blank template of one kind to `path` (.xlsx) and return the path."""
    spec = headers()[kind]
    columns = SCHEMAS[kind].to_schema().columns
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
    required_bold = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "align": "center"})
    text = workbook.add_format({"num_format": "@"})
    data = workbook.add_worksheet(spec.title)
    options = workbook.add_worksheet(OPTIONS_SHEET)
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    option_col = 0
    for col, field in enumerate(spec.fields):
        kind_of = FIELD_TYPES.get(field.field)
        must_fill = field.required and not columns[field.field].nullable
        data.write_string(0, col, field.label, required_bold if must_fill else bold)
        is_text = field.field not in _NUMBER_RULES
        data.set_column(col, col, 20 if kind_of == "id" else 12, text if is_text else None)
        if field.field in FIELD_VOCABULARIES:
            values = vocabulary(FIELD_VOCABULARIES[field.field]).values
            options.write_string(0, option_col, field.label)
            for i, value in enumerate(values, start=1):
                options.write_string(i, option_col, value)
            letter = xl_col_to_name(option_col)
            source = f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
            data.data_validation(
                1, col, TEMPLATE_ROWS, col,
                {"validate": "list", "source": source, "error_title": field.label, "error_message": _hint(field.field)},
            )
            option_col += 1
        elif field.field in _NUMBER_RULES:
            validate, criteria, low, high, hint = _NUMBER_RULES[field.field]
            options_for = {"validate": validate, "criteria": criteria, "error_title": field.label, "error_message": hint}
            if high is None:
                options_for["value"] = low
            else:
                options_for.update({"minimum": low, "maximum": high})
            data.data_validation(1, col, TEMPLATE_ROWS, col, options_for)
    data.freeze_panes(1, 0)
    options.hide()
    instructions.set_column(0, 0, 18)
    instructions.set_column(1, 1, 8)
    instructions.set_column(2, 3, 60)
    instructions.write_string(0, 0, f"{spec.title}填写说明", bold)
    lines = [
        "1. 请在“" + spec.title + "”工作表第 2 行起逐行填写，一行一条记录；不要合并单元格，不要插入标题行或合计行。",
        "2. 身份证号和日期列已设为文本格式，请直接输入，勿改成数字格式（否则身份证号后几位会丢失）。",
        "3. 带下拉列表的列请从列表中选择。填好后另存为 .xlsx 报送。",
    ]
    for r, line in enumerate(lines, start=1):
        instructions.write_string(r, 0, line)
    instructions.write_row(5, 0, ["列名", "必填", "填写要求", "说明"], bold)
    for r, field in enumerate(spec.fields, start=6):
        instructions.write_string(r, 0, field.label)
        instructions.write_string(r, 1, "是" if field.required and not columns[field.field].nullable else "否")
        instructions.write_string(r, 2, _hint(field.field))
        instructions.write_string(r, 3, columns[field.field].description or "")
    workbook.close()
    return path
