"""The feedback workbook an office gets back: the problem list, its data with bad cells marked, and a summary."""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipelines.ingest.files import FEEDBACK_DIR
from pipelines.ingest.model import FileResult, Problem, SheetResult
from pipelines.ingest.read import FileUnreadable, Grid, read_grids
from pipelines.ingest.redact import masked
from pipelines.ingest.settings import IngestSettings
from schemas.vocab import headers

log = logging.getLogger(__name__)

PROBLEM_SHEET = "问题清单"
SUMMARY_SHEET = "汇总"
_SHEET_NAME_MAX = 31
_FILE_NAME_MAX = 255  # bytes, on Linux and most file systems
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_SEVERITY_ZH = {"error": "错误（本行未导入）", "warning": "提醒（已导入，请核对）"}


def feedback_path(source: Path) -> Path:
    """Where the feedback workbook of a source file goes: `<dir>/_反馈/<stem>_反馈.xlsx`.

    A stem too long for a file name with the suffix (255 bytes) is cut, and a digest of the whole name
    keeps two such files apart: `<cut stem>~<8 hex>_反馈.xlsx`.
    """
    name = f"{source.stem}_反馈.xlsx"
    if len(os.fsencode(name)) <= _FILE_NAME_MAX:
        return source.parent / FEEDBACK_DIR / name
    tail = f"~{hashlib.sha256(os.fsencode(source.name)).hexdigest()[:8]}_反馈.xlsx"
    stem = source.stem
    while len(os.fsencode(stem + tail)) > _FILE_NAME_MAX:
        stem = stem[:-1]
    return source.parent / FEEDBACK_DIR / f"{stem}{tail}"


def _has_problems(result: FileResult) -> bool:
    return bool(result.file_errors) or any(sheet.problems for sheet in result.sheets)


def split_message(message: str) -> tuple[str, str]:
    """A Chinese message → (what is wrong, how to fix it): the first sentence, then the rest."""
    head, sep, rest = message.partition("。")
    return head + sep, rest.strip()


def write_cell(
    sheet: Worksheet, row: int, col: int, value: Any, cell_format: Any = None, date_format: Any = None
) -> None:
    """Write one value with its own type; strings always as text, so '=…' never becomes a formula."""
    if value is None or value == "":
        if cell_format is not None:
            sheet.write_blank(row, col, None, cell_format)
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, cell_format)
    elif isinstance(value, datetime.datetime | datetime.date) and cell_format is None:
        sheet.write_datetime(row, col, value, date_format)
    elif isinstance(value, datetime.datetime | datetime.date):
        sheet.write_string(row, col, value.isoformat(), cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


def _problem_rows(result: FileResult) -> list[tuple[str, Problem]]:
    rows = [("（整个文件）", p) for p in result.file_errors]
    rows += [(sheet.sheet, p) for sheet in result.sheets for p in sheet.problems]
    return rows


def _write_problem_list(workbook: xlsxwriter.Workbook, result: FileResult, bold: Any, wrap: Any) -> None:
    sheet = workbook.add_worksheet(PROBLEM_SHEET)
    titles = ["工作表", "行号", "列", "单元格内容", "问题", "如何修改", "类别", "规则编号", "Message"]
    widths = [14, 6, 16, 24, 44, 52, 18, 30, 50]
    for col, (title, width) in enumerate(zip(titles, widths, strict=True)):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width, wrap if col in (4, 5, 8) else None)
    for i, (sheet_name, problem) in enumerate(_problem_rows(result), start=1):
        what, fix = split_message(problem.message_zh)
        cells = [
            sheet_name,
            problem.row,
            problem.column,
            problem.value,
            what,
            fix,
            _SEVERITY_ZH[problem.severity],
            problem.rule,
            problem.message_en,
        ]
        for col, value in enumerate(cells):
            write_cell(sheet, i, col, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(_problem_rows(result))), len(titles) - 1)


def _mark(out: Worksheet, r: int, c: int, value: Any, found: list[Problem], formats: dict[str, Any]) -> None:
    """Fill a bad cell (red for errors, yellow for warnings) and comment it with the problems' messages."""
    worst = "error" if any(p.severity == "error" for p in found) else "warning"
    write_cell(out, r, c, value, formats[worst], formats["date"])
    out.write_comment(r, c, "\n".join(p.message_zh for p in found), {"author": "cadre-etl", "x_scale": 2, "y_scale": 2})


def _write_data_sheet(
    workbook: xlsxwriter.Workbook,
    name: str,
    grid: Grid,
    sheet: SheetResult,
    formats: dict[str, Any],
    full_rows: int,
) -> None:
    out = workbook.add_worksheet(name)
    columns = sheet.columns  # the check's own header mapping, never a second detection
    marks: dict[tuple[int, int], list[Problem]] = {}
    for problem in sheet.problems:
        if problem.row is None:
            continue
        col = columns.get(problem.column or "", 0)
        marks.setdefault((problem.row - 1, col), []).append(problem)
    header_last = (sheet.header_row or 1) - 1
    bad_rows = {r for r, _ in marks}
    full = len(grid.cells) <= full_rows
    for r, row in enumerate(grid.cells):
        if not (full or r <= header_last or r in bad_rows):
            continue
        for c, value in enumerate(row):
            if (r, c) not in marks:
                write_cell(out, r, c, value, None, formats["date"])
    for (r, c), found in marks.items():
        row = grid.cells[r] if r < len(grid.cells) else []
        _mark(out, r, c, row[c] if c < len(row) else None, found, formats)
    if sheet.header_row:
        out.freeze_panes(sheet.header_row, 0)


def _write_summary(workbook: xlsxwriter.Workbook, result: FileResult, bold: Any, partial: list[str]) -> None:
    sheet = workbook.add_worksheet(SUMMARY_SHEET)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 6, 12)
    lines: list[list[Any]] = [
        ["文件", result.path.name],
        ["SHA-256", result.sha256],
        ["文件级错误", len(result.file_errors)],
        [],
    ]
    lines.append(["工作表", "类别", "读取行数", "导入", "未导入（错误）", "跳过", "跳过原因"])
    for s in result.sheets:
        title = headers()[s.kind].title if s.kind else "（未识别）"
        reasons = "；".join(f"{k} {v} 行" for k, v in s.skip_reasons.items())
        lines.append([s.sheet, title, s.rows_read, len(s.accepted), s.rejected, s.skipped, reasons])
    lines.append([])
    lines.append(["规则编号", "次数"])
    counts = Counter(p.rule for _, p in _problem_rows(result))
    lines.extend([rule, n] for rule, n in counts.most_common())
    if partial:
        lines.append([])
        lines.append(
            ["说明", f"工作表 {'、'.join(partial)} 行数较多，数据页只列出表头和有问题的行（行号与原表一致）。"]
        )
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            write_cell(sheet, r, c, value, bold if r == 0 or (line and line[0] in ("工作表", "规则编号")) else None)


def _fit(name: str, limit: int) -> str:
    """The longest prefix of `name` that Excel counts (in UTF-16 units) as at most `limit` characters, no apostrophe at its end."""
    name = name[:limit]
    while len(name.encode("utf-16-le")) > 2 * limit:
        name = name[:-1]
    return name.rstrip("'")


def _unique_name(name: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts for a sheet the office named `name`; `taken` holds used names, lower-cased.

    Excel forbids `[]:*?/\\` (a browser names a second download `干部花名册[1].csv`), a leading or
    trailing apostrophe, more than 31 characters, and two names that differ only in case.
    """
    clean = _SHEET_NAME_FORBIDDEN.sub("_", name).strip("'") or "数据"
    candidate, n = _fit(clean, _SHEET_NAME_MAX), 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate, n = _fit(clean, _SHEET_NAME_MAX - len(suffix)) + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def write_feedback(result: FileResult, settings: IngestSettings | None = None) -> Path | None:
    """Write the feedback workbook for a file with problems, or remove a stale one; the office's file is only read."""
    settings = settings or IngestSettings()
    target = feedback_path(result.path)
    if not _has_problems(result):
        if target.exists():
            target.unlink()
            log.info("file is clean now, removed %s", masked(target))
        return None
    grids: dict[str, Grid] = {}
    if result.sheets:
        try:
            grids = {g.name: g for g in read_grids(result.path, settings)}
        except FileUnreadable as unreadable:
            log.warning("could not re-read %s for feedback: %s", masked(result.path), unreadable.rule)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(target), {"strings_to_formulas": False, "strings_to_urls": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    formats = {
        "error": workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "border": 1}),
        "warning": workbook.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700", "border": 1}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    _write_problem_list(workbook, result, bold, workbook.add_format({"text_wrap": True, "valign": "top"}))
    taken = {PROBLEM_SHEET.lower(), SUMMARY_SHEET.lower()}
    partial: list[str] = []
    for sheet in result.sheets:
        grid = grids.get(sheet.sheet)
        if grid is None or not any(p.row for p in sheet.problems):
            continue
        if len(grid.cells) > settings.feedback_full_data_rows:
            partial.append(sheet.sheet)
        name = _unique_name(sheet.sheet, taken)
        _write_data_sheet(workbook, name, grid, sheet, formats, settings.feedback_full_data_rows)
    _write_summary(workbook, result, bold, partial)
    workbook.close()
    log.info("feedback written: %s", masked(target))
    return target
