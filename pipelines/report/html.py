"""The report as one self-contained HTML page: Chinese, inline SVG charts, no script, printable to A4."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pipelines.report import svg
from pipelines.report.data import LOW_ATTENDANCE, NIGHT_SCHOOL, STATUSES, ReportData

TITLE = "干部队伍建设情况报告"
RED, GOLD, BLUE, GREEN, GREY, ORANGE = "#b8322a", "#d9a21b", "#2f6690", "#4c8c4a", "#9a9a9a", "#e07b28"
RESULT_COLORS = {"优秀": GREEN, "合格": BLUE, "基本合格": GOLD, "不合格": RED}
STATUS_COLORS = {"已报送": GREEN, "逾期": ORANGE, "从未报送": RED, "未登记": GREY}

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f1ec; color: #222; font-size: 13px; line-height: 1.55;
  font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; }
main { max-width: 186mm; margin: 0 auto; background: #fff; padding: 0 0 8mm; }
header { background: #b8322a; color: #fff; padding: 9mm 10mm 6mm; }
header h1 { margin: 0; font-size: 24px; letter-spacing: 2px; }
header .scope { margin: 4px 0 0; font-size: 14px; opacity: .92; }
.meta { display: flex; gap: 8px; flex-wrap: wrap; margin: 5mm 10mm 0; }
.meta div { flex: 1 1 0; border: 1px solid #e6ddd0; border-radius: 6px; padding: 6px 10px; background: #fbf8f3; }
.meta b { display: block; font-size: 18px; color: #b8322a; }
.meta small { color: #777; }
.lead { margin: 5mm 10mm 0; padding: 8px 12px; border-left: 4px solid #d9a21b; background: #fdf8ea; }
.lead p { margin: 2px 0; }
section { margin: 6mm 10mm 0; break-inside: avoid; page-break-inside: avoid; }
section.long { break-inside: auto; page-break-inside: auto; }
h2 { font-size: 16px; margin: 0 0 2mm; padding-bottom: 3px; border-bottom: 2px solid #b8322a; color: #7d1f19; }
h2 span { font-size: 12px; color: #888; font-weight: normal; margin-left: 6px; }
figure { margin: 0; }
svg.chart { width: 100%; height: auto; display: block; }
table { width: 100%; border-collapse: collapse; margin-top: 2mm; font-size: 12px; }
th, td { border-bottom: 1px solid #eee; padding: 3px 6px; text-align: left; }
th { background: #f6efe6; color: #5a3a1a; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; background: #fbf8f3; }
.note { color: #777; font-size: 11px; margin: 1mm 0 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; color: #fff; font-size: 11px; }
footer { margin: 8mm 10mm 0; color: #888; font-size: 11px; border-top: 1px solid #eee; padding-top: 2mm; }
@media print { body { background: #fff; } main { max-width: none; padding: 0; }
  header { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


class Raw(str):
    """Markup this module wrote itself (a status badge); every other cell is escaped."""


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], numeric: set[int], totals: int = 0) -> str:
    out = ["<table><thead><tr>"]
    out += [f'<th class="n">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>" for i, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for k, row in enumerate(rows):
        out.append('<tr class="total">' if k < totals else "<tr>")
        for i, cell in enumerate(row):
            text = cell if isinstance(cell, Raw) else escape(str(cell))
            out.append(f'<td class="n">{text}</td>' if i in numeric else f"<td>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _badge(status: str) -> Raw:
    return Raw(f'<span class="badge" style="background:{STATUS_COLORS.get(status, GREY)}">{escape(status)}</span>')


def _section(key: str, title: str, note: str, chart: str, table: str, long: bool = False) -> str:
    cls = ' class="long"' if long else ""
    heading = f"<h2>{escape(title)}<span>{escape(note)}</span></h2>"
    return f'<section id="{key}"{cls}>{heading}<figure>{chart}</figure>{table}</section>'


def _submission_matrix(data: ReportData, kinds: list[str]) -> str:
    """One row per township, one column per kind, the status as a badge; townships with a gap first."""
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for s in data.submissions:
        cells.setdefault((s.district, s.township), {})[s.kind] = s.status

    def gaps(key: tuple[str, str]) -> int:
        return -sum(status in ("逾期", "从未报送") for status in cells[key].values())

    rows = [
        [
            district,
            township,
            *(_badge(cells[(district, township)][k]) if k in cells[(district, township)] else "—" for k in kinds),
        ]
        for district, township in sorted(cells, key=lambda key: (gaps(key), key))
    ]
    return _table(["区县", "乡镇（街道）", *kinds], rows, set()) + (
        '<p class="note">已报送：本周期内收到；逾期：本周期未收到，此前收到过；从未报送：名单中有、从未收到；'
        "未登记：不在应报送名单中却报送了；—：不要求报送。</p>"
    )


def render(data: ReportData) -> str:
    """The whole page."""
    towns = data.township_mentoring
    mentoring = _section(
        "mentoring",
        "一、导师引航：导师、帮带对子与覆盖的年轻干部",
        "按乡镇（街道）",
        svg.columns(
            "导师引航三项数字（按乡镇）",
            [r.place for r in towns],
            [
                svg.Series("优秀导师（名）", [r.mentors for r in towns], RED),
                svg.Series("帮带对子（对）", [r.pairs for r in towns], GOLD),
                svg.Series("覆盖年轻干部（名）", [r.young_mentees for r in towns], BLUE),
            ],
        ),
        _table(
            ["区县", "乡镇（街道）", "优秀导师", "帮带对子", "覆盖年轻干部"],
            [[r.district or "全省", r.township or "合计", r.mentors, r.pairs, r.young_mentees] for r in data.mentoring],
            {2, 3, 4},
            totals=len(data.total_mentoring),
        ),
    )
    young_towns = data.township_young
    young = _section(
        "young",
        "二、年轻干部占比",
        f"未满 35 岁或参加工作不满 3 年，截至 {data.as_of.isoformat()}",
        svg.columns(
            "年轻干部占比（按乡镇）",
            [r.place for r in young_towns],
            [svg.Series("年轻干部占比", [r.young_share for r in young_towns], BLUE)],
            percent=True,
        ),
        _table(
            ["区县", "乡镇（街道）", "在册干部", "年轻干部", "占比"],
            [
                [r.district or "全省", r.township or "合计", r.cadres, r.young_cadres, _percent(r.young_share)]
                for r in data.young
            ],
            {2, 3, 4},
            totals=len(data.young) - len(young_towns),
        ),
    )
    night = _section(
        "night-school",
        "三、干部夜校出勤",
        "按月，实到人次 ÷（应到人次 − 出勤未填）",
        svg.line(
            "干部夜校出勤率（按月）",
            [m.month for m in data.night_school],
            svg.Series("出勤率", [m.rate for m in data.night_school], RED),
        ),
        _table(
            ["月份", "场次", "应到人次", "实到人次", "出勤未填", "出勤率"],
            [[m.month, m.sessions, m.enrolled, m.attended, m.unknown, _percent(m.rate)] for m in data.night_school],
            {1, 2, 3, 4, 5},
        )
        + f'<p class="note">出勤不足 {LOW_ATTENDANCE:.0%} 的学员（分母：名单上有本人的{NIGHT_SCHOOL}场次）：'
        + (
            "、".join(
                f"{escape(p.name)}（{escape(p.township)}，{p.attended}/{p.expected}）" for p in data.low_attendance
            )
            or "无"
        )
        + "</p>",
    )
    evaluation = _section(
        "evaluations",
        "四、帮带测评结果",
        "按季度，对子数",
        svg.columns(
            "帮带测评结果（按季度）",
            data.quarters,
            [
                svg.Series(
                    result, [data.evaluations[q].get(result, 0) for q in data.quarters], RESULT_COLORS.get(result, GREY)
                )
                for result in data.results
            ],
            stacked=True,
        ),
        _table(
            ["季度", *data.results, "合计"],
            [
                [q, *(data.evaluations[q].get(r, 0) for r in data.results), sum(data.evaluations[q].values())]
                for q in data.quarters
            ],
            set(range(1, len(data.results) + 2)),
        )
        + "<h2 style='margin-top:4mm;font-size:14px'>经验交流与检讨发言（历次）</h2>"
        + _table(
            ["季度", "乡镇（街道）", "项目", "导师", "培养对象", "连续季度", "提醒"],
            [
                [
                    a.quarter,
                    a.township,
                    a.programme,
                    a.mentor,
                    a.mentee,
                    a.streak_length,
                    a.alert + ("" if a.in_current_files else "（文件已移走）"),
                ]
                for a in data.alerts
            ],
            {5},
        ),
        long=True,
    )
    counts = data.submission_counts()
    kinds = list(counts)
    submissions = _section(
        "submissions",
        "五、报送情况",
        f"报送周期 {data.period}，对照应报送名单",
        svg.columns(
            "报送情况（按报表，乡镇数）",
            kinds,
            [svg.Series(status, [counts[k][status] for k in kinds], STATUS_COLORS[status]) for status in STATUSES],
            stacked=True,
            height=260,
        ),
        _submission_matrix(data, kinds),
        long=True,
    )
    grads = data.graduates
    graduates = _section(
        "graduates",
        "六、省委选调生",
        "当前花名册",
        svg.columns(
            "选调生情况（按区县）",
            [g.district for g in grads],
            [
                svg.Series("选调生总数", [g.total for g in grads], RED),
                svg.Series("在街道工作", [g.in_street_offices for g in grads], GOLD),
                svg.Series("科级", [g.at_section_level for g in grads], BLUE),
                svg.Series("党员", [g.party_members for g in grads], GREEN),
            ],
            height=240,
        ),
        _table(
            ["区县", "选调生", "在街道工作", "科级", "党员", "已递交入党申请"],
            [[g.district, g.total, g.in_street_offices, g.at_section_level, g.party_members, g.applied] for g in grads],
            {1, 2, 3, 4, 5},
        ),
    )
    lead = "".join(f"<p>{escape(r.sentence())}。</p>" for r in data.total_mentoring)
    lead += "".join(
        f"<p>{escape(g.district)}共有省委选调生 {g.total} 名，其中 {g.in_street_offices} 名在街道工作，"
        f"{g.at_section_level} 名任科级。</p>"
        for g in grads
        if g.total
    )
    meta = (
        f"<div><small>截至</small><b>{data.as_of.isoformat()}</b><small>{escape(data.as_of_source)}</small></div>"
        f"<div><small>报送周期</small><b>{escape(data.period)}</b>"
        f"<small>按{'季度' if 'Q' in data.period else '月'}</small></div>"
        f"<div><small>来源文件</small><b>{data.source_files} 个</b><small>当前版本</small></div>"
        f"<div><small>拒收行</small><b>{data.rejected_rows} 行</b><small>见各乡镇 _反馈 文件夹</small></div>"
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{TITLE}（{escape(data.scope)}，截至 {data.as_of.isoformat()}）</title>"
        f"<style>{CSS}</style></head><body><main>"
        f'<header><h1>{TITLE}</h1><p class="scope">{escape(data.scope)} · 截至 {data.as_of.isoformat()}</p></header>'
        f'<div class="meta">{meta}</div><div class="lead">{lead}</div>'
        f"{mentoring}{young}{night}{evaluation}{submissions}{graduates}"
        "<footer>本报告由 cadre-etl 根据仓库视图生成：mart_mentoring_summary、mart_young_cadres、"
        "mart_training_attendance、mart_training_person、mart_evaluation_results、mart_evaluation_alert_history、"
        "mart_submission_register、mart_graduate_placement。同一数据另存为 xlsx。</footer>"
        "</main></body></html>\n"
    )
