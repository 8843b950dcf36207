"""Blank templates per record kind: canonical headers, dropdowns, text-formatted ID and date columns, instructions."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from schemas import SCHEMAS
from schemas.registry import FieldSpec, fields
from schemas.vocab import headers, vocabulary

INSTRUCTIONS_SHEET = "填写说明"
OPTIONS_SHEET = "下拉选项"
TEMPLATE_ROWS = 2000  # rows that carry dropdowns and formats

_TYPE_HINTS = {
    "id": "18 位身份证号，本列已设为文本格式，请勿改为数字格式",
    "date": "写成 1985.03 或 2023-03-01，本列已设为文本格式",
    "name": "填写姓名，不要加空格",
    "int": "填整数",
    "quarter": "填 1–4",
    "float": "填数字",
}
_NUMBER_TYPES = {"int": "integer", "quarter": "integer", "float": "decimal"}


def _bounds(spec: FieldSpec) -> tuple[float | None, float | None]:
    """The schema's own lower and upper bounds of a numeric field (pandera ge/gt/le checks)."""
    low = high = None
    for check in SCHEMAS[spec.kind].to_schema().columns[spec.name].checks:
        if check.name in ("greater_than_or_equal_to", "greater_than"):
            low = check.statistics["min_value"] + (0.1 if check.name == "greater_than" else 0)
        elif check.name == "less_than_or_equal_to":
            high = check.statistics["max_value"]
    return low, high


def _hint(spec: FieldSpec) -> str:
    if spec.vocabulary:
        return "从下拉列表选择：" + "、".join(vocabulary(spec.vocabulary).values)
    low, high = _bounds(spec)
    if spec.type in _NUMBER_TYPES and low is not None:
        return (
            f"{_TYPE_HINTS[spec.type]}，{low:g} 到 {high:g}"
            if high is not None
            else f"{_TYPE_HINTS[spec.type]}，至少 {low:g}"
        )
    return _TYPE_HINTS.get(spec.type, "")


def _number_validation(spec: FieldSpec) -> dict[str, object] | None:
    low, high = _bounds(spec)
    if spec.type not in _NUMBER_TYPES or low is None:
        return None
    options: dict[str, object] = {
        "validate": _NUMBER_TYPES[spec.type],
        "error_title": spec.label,
        "error_message": _hint(spec),
    }
    if high is None:
        options.update({"criteria": ">=", "value": low})
    else:
        options.update({"criteria": "between", "minimum": low, "maximum": high})
    return options


def write_template(kind: str, path: Path) -> Path:
    """Write the blank template of one kind to `path` (.xlsx) and return the path."""
    spec = headers()[kind]
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
    required_bold = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "align": "center"})
    text = workbook.add_format({"num_format": "@"})
    data = workbook.add_worksheet(spec.title)
    options = workbook.add_worksheet(OPTIONS_SHEET)
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    option_col = 0
    for col, field in enumerate(fields(kind)):
        data.write_string(0, col, field.label, required_bold if field.core else bold)
        number = _number_validation(field)
        data.set_column(col, col, 20 if field.type == "id" else 12, None if number else text)
        if field.vocabulary:
            values = vocabulary(field.vocabulary).values
            options.write_string(0, option_col, field.label)
            for i, value in enumerate(values, start=1):
                options.write_string(i, option_col, value)
            letter = xl_col_to_name(option_col)
            source = f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
            data.data_validation(
                1,
                col,
                TEMPLATE_ROWS,
                col,
                {"validate": "list", "source": source, "error_title": field.label, "error_message": _hint(field)},
            )
            option_col += 1
        elif number is not None:
            data.data_validation(1, col, TEMPLATE_ROWS, col, number)
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
        "4. 橙色表头是必填列；其余列没有的信息可以留空，也可以删去该列。",
    ]
    for r, line in enumerate(lines, start=1):
        instructions.write_string(r, 0, line)
    instructions.write_row(6, 0, ["列名", "必填", "填写要求", "说明"], bold)
    for r, field in enumerate(fields(kind), start=7):
        instructions.write_string(r, 0, field.label)
        instructions.write_string(r, 1, "是" if field.core else "否")
        instructions.write_string(r, 2, _hint(field))
        instructions.write_string(r, 3, field.description)
    workbook.close()
    return path
