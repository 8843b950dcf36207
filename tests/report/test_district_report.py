"""The district report on the demo folder: its figures are the views' figures, its xlsx has native charts
with their data beside them, and no cell of it is a formula."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import column, select, table

from pipelines.report import read_report_data, write_report
from pipelines.report.data import NIGHT_SCHOOL
from pipelines.warehouse import Warehouse
from pipelines.warehouse.tables import etl_manifest
from tests.report.conftest import END_OF_2023
from tests.warehouse.builders import Folder, cadre, make_id, month, sheet, training
from tests.warehouse.conftest import opened

CHART_SHEETS = {"导师引航", "年轻干部", "干部夜校", "测评结果", "报送情况", "选调生"}


def _view(store: Warehouse, name: str, **match: object) -> list[dict]:
    return [r for r in store.read_view(name) if all(r[k] == v for k, v in match.items())]


def test_the_report_shows_huolus_12_24_24_and_chengqus_24_graduates_as_the_views_do(
    demo_warehouse: Warehouse,
) -> None:
    data = read_report_data(demo_warehouse)
    (huolu,) = [r for r in data.mentoring if r.township == "火炉镇"]
    (view,) = _view(demo_warehouse, "mart_mentoring_summary", township="火炉镇", programme="导师引航")
    assert (huolu.mentors, huolu.pairs, huolu.young_mentees) == (view["mentors"], view["pairs"], view["young_mentees"])
    assert (huolu.mentors, huolu.pairs, huolu.young_mentees) == (12, 24, 24)
    (chengqu,) = [g for g in data.graduates if g.district == "城区"]
    assert chengqu.total == _view(demo_warehouse, "mart_graduate_placement", district="城区")[0]["total"] == 24
    assert "火炉镇共配备优秀导师 12 名，建立“帮带对子” 24 对，覆盖 24 名优秀年轻干部" in huolu.sentence()


def test_every_report_figure_equals_its_view(demo_warehouse: Warehouse) -> None:
    data = read_report_data(demo_warehouse)
    young = {(r["level"], r["district"], r["township"]): r for r in demo_warehouse.read_view("mart_young_cadres")}
    for row in data.young:
        level = "province" if row.district is None else "district" if row.township is None else "township"
        view = young[(level, row.district, row.township)]
        assert (row.cadres, row.young_cadres) == (view["cadres"], view["young_cadres"])
    months = {}
    for r in _view(demo_warehouse, "mart_training_attendance", training_type=NIGHT_SCHOOL):
        months.setdefault(r["month"], [0, 0])
        months[r["month"]][0] += r["enrolled"]
        months[r["month"]][1] += r["attended"]
    assert {m.month: [m.enrolled, m.attended] for m in data.night_school} == months
    results = {}
    for r in demo_warehouse.read_view("mart_evaluation_results"):
        results.setdefault(r["quarter"], {}).setdefault(r["result"], 0)
        results[r["quarter"]][r["result"]] += r["pairs"]
    assert data.evaluations == results
    assert len(data.alerts) == len(demo_warehouse.read_view("mart_evaluation_alert_history"))
    register = {(r["township"], r["kind"]): r["status"] for r in demo_warehouse.read_view("mart_submission_register")}
    never = sum(by_status["从未报送"] for by_status in data.submission_counts().values())
    # as of 2023-12-31 no file had been received yet (they were received when the test loaded them):
    # every one of the 29 expected (township, kind) pairs of the two registries is 从未报送
    assert never == list(register.values()).count("从未报送") == 29
    kinds = demo_warehouse.seed_figures().kinds
    assert data.rejected_rows == sum(k.rejected for k in kinds) == 3
    assert data.source_files == 25
    assert (data.as_of.isoformat(), data.period) == ("2023-12-31", "2023Q4")


def test_a_district_report_covers_that_district_only(demo_warehouse: Warehouse) -> None:
    data = read_report_data(demo_warehouse, "城区")
    assert {r.district for r in data.mentoring} == {"城区"}
    assert all(s.district == "城区" for s in data.submissions)
    assert data.night_school == [] and data.rejected_rows == 0 and data.source_files == 9
    with pytest.raises(ValueError, match="没有区县“北京”"):
        read_report_data(demo_warehouse, "北京")


def test_the_xlsx_has_a_native_chart_beside_each_data_table(demo_warehouse: Warehouse, tmp_path: Path) -> None:
    written = write_report(demo_warehouse, tmp_path)
    book = load_workbook(written.xlsx)
    assert {ws.title for ws in book.worksheets if ws._charts} == CHART_SHEETS
    mentoring = book["导师引航"]
    (chart,) = mentoring._charts
    assert [s.val.numRef.f for s in chart.series] == [
        "导师引航!$C$7:$C$15",
        "导师引航!$D$7:$D$15",
        "导师引航!$E$7:$E$15",
    ]
    rows = {(r[0], r[1]): r[2:] for r in mentoring.iter_rows(min_row=4, values_only=True)}
    assert rows[("武隆区", "火炉镇")] == (12, 24, 24)
    assert chart.anchor._from.col > len(next(mentoring.iter_rows(min_row=3, max_row=3)))  # beside, not over
    overview = {r[0]: r[1] for r in book["概况"].iter_rows(min_row=3, max_row=7, values_only=True)}
    assert (overview["截至日期"], overview["来源文件（个）"], overview["拒收行（行）"]) == ("2023-12-31", 25, 3)
    graduates = {r[0]: r[1] for r in book["选调生"].iter_rows(min_row=4, values_only=True)}
    assert graduates["城区"] == 24


def test_no_cell_of_the_xlsx_is_a_formula_even_when_a_name_starts_with_an_equals_sign(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    folder = Folder(sources, "武隆区", '=HYPERLINK("http://x","镇")')
    person = make_id(month(1995, 1), 7)
    folder.put("花名册.xlsx", sheet("cadres", [cadre("=1+2", person, work_start_date=month(2022, 7))]))
    with opened("sqlite", tmp_path) as warehouse:
        folder.load(warehouse)
        warehouse.consolidate()
        warehouse.set_reporting(END_OF_2023, [])
        written = write_report(warehouse, tmp_path / "out")
    with zipfile.ZipFile(written.xlsx) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert sheets and not any(re.search(r"<f[ >]", xml) for xml in sheets)
    assert '<t>=HYPERLINK("http://x","镇")</t>' in strings  # a shared string, i.e. text
    html = written.html.read_text(encoding="utf-8")
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;镇&quot;)" in html and "<a " not in html


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_the_low_attendance_list_sums_each_persons_periods_and_keeps_exactly_80_percent_off_it(
    engine: str, tmp_path: Path
) -> None:
    low, exact = ("张少到", make_id(month(1990, 1), 11)), ("李刚好", make_id(month(1991, 2), 12))
    folder = Folder(tmp_path / "sources", "武隆区", "火炉镇")
    folder.put("花名册.xlsx", sheet("cadres", [cadre(*person) for person in (low, exact)]))
    days = [dt.date(2023, 3, 1), dt.date(2023, 3, 8), dt.date(2023, 5, 3), dt.date(2023, 5, 10), dt.date(2023, 5, 17)]
    rows = [training(day, low, attendance="缺勤" if day == days[0] else "出勤") for day in days[:4]]  # 3 of 4, Q1 + Q2
    rows += [training(day, exact, attendance="请假" if day == days[4] else "出勤") for day in days]  # 4 of 5
    rows.append(training(days[0], exact, training_type="专题培训", topic="党史"))  # another kind of training
    folder.put("培训.xlsx", sheet("trainings", rows))
    with opened(engine, tmp_path) as warehouse:
        folder.load(warehouse)
        warehouse.consolidate()
        warehouse.set_reporting(END_OF_2023, [])
        data = read_report_data(warehouse)
    shown = [(p.name, p.expected, p.attended, p.id_masked) for p in data.low_attendance]
    assert shown == [("张少到", 4, 3, low[1][:6] + "********" + low[1][-4:])]
    assert [(m.month, m.enrolled, m.attended) for m in data.night_school] == [("2023-03", 4, 3), ("2023-05", 5, 4)]


def test_the_reports_queries_read_views_only(demo_warehouse: Warehouse) -> None:
    with pytest.raises(ValueError, match="only the warehouse views"):
        demo_warehouse.read_rows(select(etl_manifest.c.relative_path))
    young = table("mart_young_cadres", column("level"))
    query = select(young.c.level).where(young.c.level == "province")
    assert demo_warehouse.read_rows(query) == [{"level": "province"}]
