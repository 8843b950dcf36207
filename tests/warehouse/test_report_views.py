"""The report's views: young cadres, per-person training, alert history, results, submissions, province totals.

They run on the constructed dataset (tests/warehouse/dataset.py) on SQLite and PostgreSQL, and
count to the reporting date stored in ref_reporting_period, never to the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from pipelines.ingest.registry import ExpectedSubmission
from pipelines.warehouse import Warehouse, report_views
from pipelines.warehouse.report_views import VIEWS
from pipelines.warehouse.reporting import ReportingPeriod
from pipelines.warehouse.tables import etl_manifest
from tests.warehouse import dataset
from tests.warehouse.builders import Folder, cadre, evaluation, make_id, sheet, training
from tests.warehouse.conftest import opened
from tests.warehouse.dataset import E1, E3, E6, M1, M3

END_OF_2023 = ReportingPeriod(dt.date(2023, 12, 31), "test", "quarter")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """One warehouse per engine with the dataset loaded; each test sets the reporting date it needs."""
    base = tmp_path_factory.mktemp(request.param)
    with opened(request.param, base) as store:
        (base / "sources").mkdir()
        dataset.build(base / "sources", store)
        yield store


def _rows(store: Warehouse, view: str, **match: object) -> list[dict]:
    return [r for r in store.read_view(view) if all(r[k] == v for k, v in match.items())]


def _young(store: Warehouse, **match: object) -> tuple[int, int, int, int]:
    (row,) = _rows(store, "mart_young_cadres", **match)
    return row["cadres"], row["young_cadres"], row["under_35"], row["recruited_last_3_years"]


def test_without_a_reporting_date_the_report_views_return_no_rows(warehouse: Warehouse, sources: Path) -> None:
    dataset.build(sources, warehouse)
    assert warehouse.reporting_period() is None
    assert all(warehouse.read_view(view.name) == [] for view in VIEWS)


def test_young_cadres_count_to_the_reporting_date_not_to_the_clock(loaded: Warehouse) -> None:
    loaded.set_reporting(END_OF_2023)
    # 火炉镇's 12 rows less M1, whose current version is 仙女山街道's; E1–E4 and V1–V3 are under 35;
    # E5 (born 1985) started work in 2021-06, within 3 years
    assert _young(loaded, level="township", township="火炉镇") == (11, 8, 7, 1)
    (row,) = _rows(loaded, "mart_young_cadres", level="township", township="火炉镇")
    assert str(row["as_of_date"])[:10] == "2023-12-31"
    assert float(row["young_share"]) == pytest.approx(8 / 11, abs=1e-4)
    loaded.set_reporting(ReportingPeriod(dt.date(2025, 12, 31), "test"))
    assert _young(loaded, level="township", township="火炉镇") == (11, 7, 7, 0)  # E5's three years are over


def test_young_cadre_totals_add_up_from_townships_to_districts_to_the_province(loaded: Warehouse) -> None:
    loaded.set_reporting(END_OF_2023)
    rows = loaded.read_view("mart_young_cadres")
    townships = [r for r in rows if r["level"] == "township"]
    districts = [r for r in rows if r["level"] == "district"]
    (province,) = [r for r in rows if r["level"] == "province"]
    assert {r["district"] for r in districts} == {"武隆区", "城区"}
    for district in districts:
        mine = [r for r in townships if r["district"] == district["district"]]
        assert district["cadres"] == sum(r["cadres"] for r in mine)
        assert district["young_cadres"] == sum(r["young_cadres"] for r in mine)
    in_post = [r for r in loaded.read_view("dim_cadre_current") if str(r["work_start_date"])[:10] <= "2023-12-31"]
    assert province["cadres"] == sum(r["cadres"] for r in districts) == len(in_post)
    assert province["young_cadres"] == sum(r["young_cadres"] for r in districts)


def test_training_attendance_per_person_states_its_denominator_and_follows_the_period(loaded: Warehouse) -> None:
    loaded.set_reporting(END_OF_2023)
    night = {
        (r["name"], r["period"]): r
        for r in _rows(loaded, "mart_training_person", township="火炉镇", training_type="干部夜校")
    }
    m3 = night[(M3[0], "2023Q1")]
    # two sessions in March; M3 was on both lists, present at one, absent at the other
    assert (m3["sessions_held"], m3["sessions_expected"], m3["attended"], m3["absent"]) == (2, 2, 1, 1)
    assert float(m3["attendance_rate"]) == 0.5
    assert (night[(M1[0], "2023Q2")]["sessions_expected"], night[(M1[0], "2023Q2")]["hours_attended"]) == (1, 1.5)
    loaded.set_reporting(ReportingPeriod(dt.date(2023, 3, 31), "test", "month"))
    periods = {r["period"] for r in _rows(loaded, "mart_training_person", training_type="干部夜校")}
    assert periods == {"2023-03"}  # April's session lies after the reporting date


def test_alert_history_keeps_every_streak_and_marks_the_latest(loaded: Warehouse) -> None:
    loaded.set_reporting(END_OF_2023)
    history = {(r["mentee_name"], r["quarter"]): r for r in loaded.read_view("mart_evaluation_alert_history")}
    assert set(history) == {(E1[0], "2023Q3"), (E6[0], "2023Q3"), (E3[0], "2023Q1")}
    across_the_year = history[(E3[0], "2023Q1")]
    assert (across_the_year["streak_start"], across_the_year["streak_length"], across_the_year["alert"]) == (
        "2022Q4",
        2,
        "检讨发言",
    )
    latest = {(r["mentee_name"], r["quarter"]) for r in history.values() if r["is_latest"] and r["in_current_files"]}
    current = {(r["mentee_name"], r["last_quarter"]) for r in loaded.read_view("mart_evaluation_alerts")}
    assert latest == current
    loaded.set_reporting(ReportingPeriod(dt.date(2023, 6, 30), "test"))
    assert {r["quarter"] for r in loaded.read_view("mart_evaluation_alert_history")} == {"2023Q1"}


def test_alert_history_survives_removing_last_years_file(warehouse: Warehouse, sources: Path) -> None:
    warehouse.set_reporting(END_OF_2023)
    folder = Folder(sources, "武隆区", "火炉镇")
    folder.put("花名册.xlsx", sheet("cadres", [cadre(*M1), cadre(*E1)]))
    folder.put("2022测评.xlsx", sheet("evaluations", [evaluation(2022, q, M1[1], E1[1], "优秀") for q in (3, 4)]))
    folder.put("2023测评.xlsx", sheet("evaluations", [evaluation(2023, 1, M1[1], E1[1], "合格")]))
    folder.load(warehouse)
    warehouse.consolidate()
    (row,) = warehouse.read_view("mart_evaluation_alert_history")
    assert (row["quarter"], row["alert"], row["is_latest"], row["in_current_files"]) == ("2022Q4", "经验交流", 0, 1)
    folder.remove("2022测评.xlsx")
    folder.put("2023测评.xlsx", sheet("evaluations", [evaluation(2023, 1, M1[1], E1[1], "优秀")]))  # corrected
    folder.load(warehouse)
    warehouse.consolidate()
    assert warehouse.read_view("mart_evaluation_alerts") == []  # only 2023Q1 is current
    history = {r["quarter"]: r for r in warehouse.read_view("mart_evaluation_alert_history")}
    assert set(history) == {"2022Q4", "2023Q1"}
    assert history["2022Q4"]["in_current_files"] == 0
    assert (history["2023Q1"]["streak_start"], history["2023Q1"]["streak_length"]) == ("2022Q3", 3)


def test_evaluation_results_count_each_pair_once_per_quarter(loaded: Warehouse) -> None:
    loaded.set_reporting(END_OF_2023)
    rows = {
        (r["quarter"], r["result"]): r["pairs"] for r in _rows(loaded, "mart_evaluation_results", township="火炉镇")
    }
    assert rows == {
        ("2022Q4", "不合格"): 1,
        ("2023Q1", "合格"): 1,
        ("2023Q1", "优秀"): 1,
        ("2023Q1", "不合格"): 1,
        ("2023Q2", "优秀"): 2,
        ("2023Q2", "不合格"): 1,
        ("2023Q3", "优秀"): 2,
        ("2023Q3", "不合格"): 1,
        ("2023Q3", "合格"): 1,
    }


def _received_day(store: Warehouse) -> dt.date:
    with store.engine.connect() as connection:
        value = connection.execute(select(func.max(etl_manifest.c.received_at))).scalar_one()
    return dt.date.fromisoformat(str(value)[:10])


def test_submissions_are_read_against_the_registry_and_the_reporting_period(loaded: Warehouse) -> None:
    expected = [
        *(ExpectedSubmission("武隆区", "火炉镇", kind, "武隆区/_townships.yaml") for kind in ("cadres", "trainings")),
        ExpectedSubmission("武隆区", "长坝镇", "cadres", "武隆区/_townships.yaml"),
    ]
    received = _received_day(loaded)

    def status(as_of: dt.date, period: str = "quarter") -> dict[tuple[str, str], str]:
        loaded.set_reporting(ReportingPeriod(as_of, "test", period), expected)
        return {(r["township"], r["kind"]): r["status"] for r in loaded.read_view("mart_submission_register")}

    now = status(received)
    assert now[("火炉镇", "cadres")] == now[("火炉镇", "trainings")] == "已报送"
    assert now[("长坝镇", "cadres")] == "从未报送"  # no folder at all, still listed
    assert now[("火炉镇", "evaluations")] == now[("城东街道", "cadres")] == "未登记"
    next_period = status(received + dt.timedelta(days=100))
    assert next_period[("火炉镇", "cadres")] == "逾期"
    assert status(dt.date(2020, 1, 1))[("火炉镇", "cadres")] == "从未报送"  # received after that date
    (row,) = [r for r in loaded.read_view("mart_submission_register") if r["township"] == "长坝镇"]
    assert (row["period"], row["expected"], row["files_in_period"]) == ("2020Q1", 1, 0)


def test_the_mentoring_summary_has_province_totals_above_the_districts(loaded: Warehouse) -> None:
    rows = [r for r in loaded.read_view("mart_mentoring_summary") if r["programme"] == "导师引航"]
    (province,) = [r for r in rows if r["level"] == "province"]
    (wulong,) = [r for r in rows if r["level"] == "district" and r["district"] == "武隆区"]
    measures = ("mentors", "pairs", "mentees", "young_mentees")
    assert (province["district"], province["township"]) == (None, None)
    # 城区 has no pairings, so the province is 武隆区; M1 mentors in two townships and counts once
    assert tuple(province[m] for m in measures) == tuple(wulong[m] for m in measures) == (3, 8, 7, 6)


def test_the_documented_example_queries_of_the_report_views_run_and_answer(loaded: Warehouse) -> None:
    loaded.set_reporting(END_OF_2023, [ExpectedSubmission("武隆区", "长坝镇", "cadres", "武隆区/_townships.yaml")])
    with loaded.engine.connect() as connection:
        answers = {question: connection.execute(text(sql)).all() for question, sql in report_views.EXAMPLES}
    assert all(answers.values()), [question for question, rows in answers.items() if not rows]
    (low,) = answers[report_views.EXAMPLES[1][0]]  # M3 was at one of his two night-school sessions
    assert (low.name, low.attended, low.expected) == (M3[0], 1, 2)


def test_a_missing_date_or_attendance_is_counted_as_unknown_not_guessed(warehouse: Warehouse, sources: Path) -> None:
    warehouse.set_reporting(END_OF_2023)
    older = ("李年长", make_id(dt.date(1970, 5, 1), 31))
    folder = Folder(sources, "武隆区", "火炉镇")
    folder.put("花名册.xlsx", sheet("cadres", [cadre(*older, work_start_date=None)]))
    march = [training(dt.date(2023, 3, day), older, attendance=status) for day, status in ((1, "出勤"), (8, None))]
    folder.put("培训.xlsx", sheet("trainings", march))
    folder.load(warehouse)
    warehouse.consolidate()
    (young,) = [r for r in warehouse.read_view("mart_young_cadres") if r["level"] == "township"]
    assert (young["cadres"], young["young_cadres"], young["young_unknown"]) == (1, 0, 1)
    (person,) = warehouse.read_view("mart_training_person")
    assert (person["sessions_expected"], person["attended"], person["attendance_unknown"]) == (2, 1, 1)
    assert float(person["attendance_rate"]) == 1.0
