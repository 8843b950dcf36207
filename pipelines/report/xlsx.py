"""The report as an xlsx workbook: one sheet per topic, the data table at the left and a native chart beside it.

Text cells are written with `write_string`, so a township name or a cadre's name that starts
with `=` stays text and never runs as a formula in Excel or WPS.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipelines.report.data import LOW_ATTENDANCE, NIGHT_SCHOOL, STATUSES, ReportData
from pipelines.report.html import BLUE, GOLD, GREEN, GREY, RED, RESULT_COLORS, STATUS_COLORS, TITLE

TABLE_ROW = 2  # the table's header row (0-based); row 0 is the sheet title


class _Book:
    def __init__(self, path: Path) -> None:
        self.book: Workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
        self.title = self.book.add_format({"bold": True, "font_size": 14, "font_color": RED})
        self.head = self.book.add_format({"bold": True, "bg_color": "#F6EFE6", "border": 1})
        self.total = self.book.add_format({"bold": True, "bg_color": "#FBF8F3"})
        self.percent = self.book.add_format({"num_format": "0.0%"})
        self.note = self.book.add_format({"font_color": "#777777", "italic": True})

    def cell(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def sheet(
        self,
        name: str,
        title: str,
        head: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        percent_cols: Sequence[int] = (),
        totals: int = 0,
        widths: Sequence[int] = (),
    ) -> Worksheet:
        """A sheet with its title in A1 and the table from row 3; returns it for the chart."""
        ws = self.book.add_worksheet(name)
        ws.write_string(0, 0, title, self.title)
        for col, text in enumerate(head):
            ws.write_string(TABLE_ROW, col, text, self.head)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                fmt = self.percent if c in percent_cols else (self.total if r < totals else None)
                self.cell(ws, TABLE_ROW + 1 + r, c, value, fmt)
        for col, width in enumerate(widths or [12] * len(head)):
            ws.set_column(col, col, width)
        ws.freeze_panes(TABLE_ROW + 1, 0)
        return ws

    def chart(
        self,
        ws: Worksheet,
        kind: dict[str, str],
        title: str,
        categories: tuple[int, int, int],  # (first row, last row, column) of the category labels
        series: Sequence[tuple[int, str]],  # (value column, colour); the name is the header cell
        at_col: int,
        *,
        percent: bool = False,
    ) -> None:
        first, last, cat_col = categories
        if last < first:
            return
        chart = self.book.add_chart(kind)
        name = ws.get_name()
        for col, colour in series:
            spec: dict[str, Any] = {
                "name": [name, TABLE_ROW, col],
                "categories": [name, first, cat_col, last, cat_col],
                "values": [name, first, col, last, col],
                "data_labels": {"value": True, "num_format": "0%" if percent else "General"},
            }
            if kind["type"] == "line":
                spec["line"] = {"color": colour, "width": 2.25}
                spec["marker"] = {
                    "type": "circle",
                    "size": 6,
                    "border": {"color": colour},
                    "fill": {"color": "#FFFFFF"},
                }
            else:
                spec["fill"] = {"color": colour}
            chart.add_series(spec)
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_legend({"position": "top"})
        if percent:
            chart.set_y_axis(
                {
                    "num_format": "0%",
                    "min": 0,
                    "max": 1,
                    "major_gridlines": {"visible": True, "line": {"color": "#E3E3E3"}},
                }
            )
        else:
            chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True, "line": {"color": "#E3E3E3"}}})
        chart.set_size({"width": 640, "height": 340})
        ws.insert_chart(TABLE_ROW, at_col, chart, {"x_offset": 12})

    def close(self) -> None:
        self.book.close()


def write_xlsx(data: ReportData, path: Path) -> Path:
    """Write the report workbook to `path`."""
    book = _Book(path)
    first = TABLE_ROW + 1

    overview = book.book.add_worksheet("概况")
    overview.set_column(0, 0, 16)
    overview.set_column(1, 1, 80)
    overview.write_string(0, 0, f"{TITLE}（{data.scope}）", book.title)
    facts = [
        ("截至日期", data.as_of.isoformat()),
        ("日期来源", data.as_of_source),
        ("报送周期", data.period),
        ("来源文件（个）", data.source_files),
        ("拒收行（行）", data.rejected_rows),
    ]
    for r, (label, value) in enumerate(facts, start=TABLE_ROW):
        overview.write_string(r, 0, label, book.head)
        book.cell(overview, r, 1, value)
    row = TABLE_ROW + len(facts) + 1
    for sentence in [f"{m.sentence()}。" for m in data.total_mentoring] + [
        f"{g.district}共有省委选调生 {g.total} 名，其中 {g.in_street_offices} 名在街道工作，"
        f"{g.at_section_level} 名任科级。"
        for g in data.graduates
        if g.total
    ]:
        overview.write_string(row, 1, sentence)
        row += 1

    rows = [[r.district or "全省", r.township or "合计", r.mentors, r.pairs, r.young_mentees] for r in data.mentoring]
    ws = book.sheet(
        "导师引航",
        "导师引航：优秀导师、帮带对子、覆盖年轻干部（按乡镇）",
        ["区县", "乡镇（街道）", "优秀导师", "帮带对子", "覆盖年轻干部"],
        rows,
        totals=len(data.total_mentoring),
        widths=[10, 14, 10, 10, 12],
    )
    towns_first = first + len(data.total_mentoring)
    book.chart(
        ws,
        {"type": "column"},
        "导师引航三项数字（按乡镇）",
        (towns_first, first + len(rows) - 1, 1),
        [(2, RED), (3, GOLD), (4, BLUE)],
        at_col=6,
    )

    rows = [[r.district or "全省", r.township or "合计", r.cadres, r.young_cadres, r.young_share] for r in data.young]
    ws = book.sheet(
        "年轻干部",
        f"年轻干部占比（未满 35 岁或参加工作不满 3 年，截至 {data.as_of.isoformat()}）",
        ["区县", "乡镇（街道）", "在册干部", "年轻干部", "年轻干部占比"],
        rows,
        percent_cols=(4,),
        totals=len(data.young) - len(data.township_young),
        widths=[10, 14, 10, 10, 12],
    )
    book.chart(
        ws,
        {"type": "column"},
        "年轻干部占比（按乡镇）",
        (first + len(data.young) - len(data.township_young), first + len(rows) - 1, 1),
        [(4, BLUE)],
        at_col=6,
        percent=True,
    )

    rows = [[m.month, m.sessions, m.enrolled, m.attended, m.unknown, m.rate] for m in data.night_school]
    ws = book.sheet(
        "干部夜校",
        "干部夜校出勤（按月，实到人次 ÷（应到人次 − 出勤未填））",
        ["月份", "场次", "应到人次", "实到人次", "出勤未填", "出勤率"],
        rows,
        percent_cols=(5,),
        widths=[10, 8, 10, 10, 10, 10],
    )
    book.chart(
        ws,
        {"type": "line"},
        "干部夜校出勤率（按月）",
        (first, first + len(rows) - 1, 0),
        [(5, RED)],
        at_col=7,
        percent=True,
    )
    low_row = first + len(rows) + 2
    ws.write_string(
        low_row, 0, f"出勤不足 {LOW_ATTENDANCE:.0%} 的学员（分母：名单上有本人的{NIGHT_SCHOOL}场次）", book.note
    )
    for c, text in enumerate(["区县", "乡镇（街道）", "姓名", "脱敏身份证号", "应到场次", "出勤场次"]):
        ws.write_string(low_row + 1, c, text, book.head)
    for r, p in enumerate(data.low_attendance, start=low_row + 2):
        for c, value in enumerate([p.district, p.township, p.name, p.id_masked, p.expected, p.attended]):
            book.cell(ws, r, c, value)

    rows = [
        [q, *(data.evaluations[q].get(r, 0) for r in data.results), sum(data.evaluations[q].values())]
        for q in data.quarters
    ]
    ws = book.sheet("测评结果", "帮带测评结果（按季度，对子数）", ["季度", *data.results, "合计"], rows)
    book.chart(
        ws,
        {"type": "column", "subtype": "stacked"},
        "帮带测评结果（按季度）",
        (first, first + len(rows) - 1, 0),
        [(1 + i, RESULT_COLORS.get(r, GREY)) for i, r in enumerate(data.results)],
        at_col=len(data.results) + 3,
    )

    book.sheet(
        "测评提醒",
        "经验交流（连续优秀）与检讨发言（连续不合格），历次",
        ["季度", "区县", "乡镇（街道）", "项目", "导师", "培养对象", "连续季度", "提醒", "仍在当前文件"],
        [
            [
                a.quarter,
                a.district,
                a.township,
                a.programme,
                a.mentor,
                a.mentee,
                a.streak_length,
                a.alert,
                "是" if a.in_current_files else "否（文件已移走）",
            ]
            for a in data.alerts
        ],
        widths=[9, 8, 12, 10, 10, 10, 9, 10, 16],
    )

    counts = data.submission_counts()
    rows = [[kind, *(counts[kind][s] for s in STATUSES)] for kind in counts]
    ws = book.sheet(
        "报送情况",
        f"报送情况（报送周期 {data.period}，对照应报送名单；乡镇数）",
        ["报表", *STATUSES],
        rows,
        widths=[12, 8, 8, 10, 8],
    )
    book.chart(
        ws,
        {"type": "column", "subtype": "stacked"},
        "报送情况（按报表）",
        (first, first + len(rows) - 1, 0),
        [(1 + i, STATUS_COLORS[s]) for i, s in enumerate(STATUSES)],
        at_col=len(STATUSES) + 2,
    )
    detail = first + len(rows) + 2
    for c, text in enumerate(["区县", "乡镇（街道）", "报表", "状态", "最近收到（UTC）"]):
        ws.write_string(detail, c, text, book.head)
    for r, s in enumerate(data.submissions, start=detail + 1):
        for c, value in enumerate([s.district, s.township, s.kind, s.status, s.last_received_at]):
            book.cell(ws, r, c, value)

    rows = [
        [g.district, g.total, g.in_street_offices, g.at_section_level, g.party_members, g.applied]
        for g in data.graduates
    ]
    ws = book.sheet(
        "选调生",
        "省委选调生（当前花名册）",
        ["区县", "选调生总数", "在街道工作", "科级", "党员", "已递交入党申请"],
        rows,
        widths=[10, 10, 10, 8, 8, 14],
    )
    book.chart(
        ws,
        {"type": "column"},
        "选调生情况（按区县）",
        (first, first + len(rows) - 1, 0),
        [(1, RED), (2, GOLD), (3, BLUE), (4, GREEN)],
        at_col=7,
    )
    book.close()
    return path
