"""Write sheets as township offices do: .xlsx through xlsxwriter, or CSV in a given encoding.

Every file is byte-for-byte reproducible: the workbook's creation time is fixed, and
ID numbers are always written as text cells, never as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

Cell = str | int | float | date | None

CREATED = datetime(2024, 1, 2, 9, 0, 0)
WORKBOOK_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
MONTH_FORMAT = "yyyy-mm"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Sheet:
    """One sheet: a header row, data rows and the layout quirks a township file may have."""

    name: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]
    month_columns: frozenset[str] = frozenset()  # date cells shown as months
    month_format: str = MONTH_FORMAT
    title: str | None = None  # merged title row above the header
    footer: tuple[str, ...] = ()  # 填表人 / 审核人 / 制表日期 lines below the data
    groups: tuple[tuple[str, int, int], ...] = ()  # two-level header: (parent, first column, last column)
    text_columns: frozenset[str] = field(default_factory=frozenset)  # columns formatted as text (ID numbers)


def _write_header(ws: Worksheet, sheet: Sheet, top: int, bold: object) -> int:
    """Write the header from row `top`; return the first data row."""
    if not sheet.groups:
        ws.write_row(top, 0, sheet.headers, bold)
        return top + 1
    grouped: dict[int, str] = {}
    for parent, first, last in sheet.groups:
        ws.merge_range(top, first, top, last, parent, bold)
        for col in range(first, last + 1):
            grouped[col] = parent
    for col, label in enumerate(sheet.headers):
        parent = grouped.get(col)
        if parent is None:
            ws.merge_range(top, col, top + 1, col, label, bold)
        else:
            ws.write_string(top + 1, col, label.removeprefix(parent), bold)
    return top + 2


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write `sheets` into one workbook at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    workbook.set_properties({"created": CREATED, "author": "cadre-etl demo"})
    bold = workbook.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    title_format = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    text = workbook.add_format({"num_format": "@"})
    day_format = workbook.add_format({"num_format": DATE_FORMAT})
    for sheet in sheets:
        month_format = workbook.add_format({"num_format": sheet.month_format})
        ws = workbook.add_worksheet(sheet.name)
        for col, label in enumerate(sheet.headers):
            width = 20 if label in sheet.text_columns else max(10, 2 * len(label) + 2)
            ws.set_column(col, col, width, text if label in sheet.text_columns else None)
        top = 0
        if sheet.title:
            ws.merge_range(0, 0, 0, len(sheet.headers) - 1, sheet.title, title_format)
            top = 1
        row = _write_header(ws, sheet, top, bold)
        months = {i for i, label in enumerate(sheet.headers) if label in sheet.month_columns}
        for values in sheet.rows:
            for col, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, date):
                    ws.write_datetime(row, col, value, month_format if col in months else day_format)
                elif isinstance(value, str):
                    ws.write_string(row, col, value)
                else:
                    ws.write_number(row, col, value)
            row += 1
        for line in sheet.footer:
            row += 1
            ws.write_string(row, 0, line)
    workbook.close()


def csv_text(value: Cell) -> str:
    """A cell as Excel on Chinese Windows saves it in a CSV: dates as 2023/3/1."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.year}/{value.month}/{value.day}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(path: Path, sheet: Sheet, encoding: str) -> None:
    """Write one sheet as CSV in `encoding` (gbk for a file saved by Chinese Excel)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(sheet.headers)
        writer.writerows([csv_text(v) for v in row] for row in sheet.rows)
