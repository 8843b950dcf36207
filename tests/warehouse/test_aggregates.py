"""The aggregates behind four views: recomputed only for the townships that changed, yet always equal to
computing them in full; recomputed in full when the reporting date passes a session or a quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event, select, text

from pipelines.warehouse import Warehouse, aggregates
from pipelines.warehouse.reporting import ReportingPeriod
from pipelines.warehouse.tables import agg_training_month, agg_training_person, etl_aggregate_definition
from tests.warehouse.builders import Folder, cadre, evaluation, make_id, month, sheet, training
from tests.warehouse.conftest import opened

END_OF_2023 = ReportingPeriod(dt.date(2023, 12, 31), "test", "quarter")
ZHANG, LI = ("张一", make_id(month(1990, 1), 41)), ("李二", make_id(month(1992, 3), 42))
WANG, ZHOU = ("王三", make_id(month(1988, 6), 43)), ("周四", make_id(month(1985, 2), 44))


def _trainings(person: tuple[str, str], days: list[dt.date], **values: Any) -> list[dict[str, Any]]:
    return [training(day, person, **values) for day in days]


@pytest.fixture(params=["sqlite", "postgresql"])
def two_townships(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Warehouse, Folder, Folder]]:
    """火炉镇 and 白马镇 with night-school sessions in March and May 2023, and in 火炉镇 a pair rated 优秀 in
    2023Q1 and Q2, beside 仙女山街道 with a roster only; consolidated, reporting date 2023-12-31."""
    with opened(request.param, tmp_path) as warehouse:
        huolu, baima = (
            Folder(tmp_path / "sources", "武隆区", "火炉镇"),
            Folder(tmp_path / "sources", "武隆区", "白马镇"),
        )
        huolu.put("花名册.xlsx", sheet("cadres", [cadre(*ZHANG), cadre(*LI)]))
        huolu.put("培训.xlsx", sheet("trainings", _trainings(ZHANG, [dt.date(2023, 3, 1), dt.date(2023, 5, 3)])))
        huolu.put("测评.xlsx", sheet("evaluations", [evaluation(2023, q, ZHANG[1], LI[1], "优秀") for q in (1, 2)]))
        baima.put("花名册.xlsx", sheet("cadres", [cadre(*WANG)]))
        baima.put("培训.xlsx", sheet("trainings", _trainings(WANG, [dt.date(2023, 3, 8)], attendance="缺勤")))
        xiannv = Folder(tmp_path / "sources", "武隆区", "仙女山街道")
        xiannv.put("花名册.xlsx", sheet("cadres", [cadre(*ZHOU)]))
        for folder in (huolu, baima, xiannv):
            folder.load(warehouse)
        warehouse.set_reporting(END_OF_2023, [])
        warehouse.consolidate()
        yield warehouse, huolu, baima


def _rows(warehouse: Warehouse) -> dict[str, list[tuple[Any, ...]]]:
    with warehouse.engine.connect() as connection:
        return {
            table.name: sorted(connection.execute(select(table)).all(), key=repr) for table in aggregates.AGGREGATES
        }


def _recomputed_in_full(warehouse: Warehouse) -> dict[str, list[tuple[Any, ...]]]:
    with warehouse.engine.begin() as connection:
        aggregates.refresh(connection, None)
    return _rows(warehouse)


@contextmanager
def _deletes(warehouse: Warehouse, start: str = "DELETE FROM agg_") -> Iterator[list[Any]]:
    """The parameters of every statement starting with `start` (a DELETE from an aggregate) while open."""
    seen: list[Any] = []

    def listen(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.startswith(start):
            seen.append(parameters)

    event.listen(warehouse.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(warehouse.engine, "before_cursor_execute", listen)


def test_a_changed_township_is_recomputed_alone_and_the_result_equals_a_full_recomputation(
    two_townships: tuple[Warehouse, Folder, Folder],
) -> None:
    warehouse, huolu, _ = two_townships
    before = _rows(warehouse)
    assert len(before["agg_training_month"]) == 3 and len(before["agg_training_person"]) == 3
    days = [dt.date(2023, 3, 1), dt.date(2023, 5, 3), dt.date(2023, 5, 10)]
    huolu.put("培训.xlsx", sheet("trainings", _trainings(ZHANG, days) + _trainings(LI, days[2:], attendance="请假")))
    ratings = [
        evaluation(2023, q, ZHANG[1], LI[1], result) for q, result in ((1, "优秀"), (2, "不合格"), (3, "不合格"))
    ]
    huolu.put("测评.xlsx", sheet("evaluations", ratings))
    huolu.load(warehouse)
    with _deletes(warehouse) as deletes:
        warehouse.consolidate()
    assert deletes and all("白马镇" not in repr(parameters) for parameters in deletes)  # 白马镇 untouched
    after = _rows(warehouse)
    assert after == _recomputed_in_full(warehouse) != before
    may = [
        r
        for r in warehouse.read_view("mart_training_attendance")
        if r["township"] == "火炉镇" and r["month"] == "2023-05"
    ]
    assert [(r["sessions"], r["enrolled"], r["attended"]) for r in may] == [(2, 3, 2)]
    (alert,) = warehouse.read_view("mart_evaluation_alerts")
    assert (alert["previous_quarter"], alert["last_quarter"], alert["alert"], alert["mentee_name"]) == (
        "2023Q2",
        "2023Q3",
        "检讨发言",
        LI[0],
    )
    history = warehouse.read_view("mart_evaluation_alert_history")
    assert [(r["quarter"], r["alert"], r["in_current_files"]) for r in history] == [("2023Q3", "检讨发言", 1)]
    li = [r for r in warehouse.read_view("mart_training_person") if r["name"] == LI[0]]
    assert [(r["period"], r["sessions_expected"], r["excused"], r["sessions_held"]) for r in li] == [
        ("2023Q2", 1, 1, 2)
    ]


def test_more_than_a_third_of_the_townships_changed_are_recomputed_in_one_full_pass(
    two_townships: tuple[Warehouse, Folder, Folder],
) -> None:
    warehouse, huolu, baima = two_townships
    huolu.put("培训.xlsx", sheet("trainings", _trainings(LI, [dt.date(2023, 6, 7)])))
    baima.put("培训.xlsx", sheet("trainings", _trainings(WANG, [dt.date(2023, 6, 7)], attendance="出勤")))
    baima.put("花名册.xlsx", sheet("cadres", [cadre("王叁", WANG[1])]))  # a renamed cadre, in the same pass
    for folder in (huolu, baima):
        folder.load(warehouse)
    with _deletes(warehouse) as deletes, _deletes(warehouse, "UPDATE agg_training_person") as renames:
        warehouse.consolidate()
    assert len(deletes) == len(aggregates.AGGREGATES) and not any(deletes)  # one unfiltered DELETE per table
    assert renames == []  # the full pass joined the current names: nobody's rows are rewritten after it
    assert _rows(warehouse) == _recomputed_in_full(warehouse)
    assert {r["name"] for r in warehouse.read_view("mart_training_person") if r["township"] == "白马镇"} == {"王叁"}
    assert {(r["township"], r["month"]) for r in warehouse.read_view("mart_training_attendance")} == {
        ("火炉镇", "2023-06"),
        ("白马镇", "2023-06"),
    }


def test_a_renamed_cadre_is_renamed_in_the_training_figures_of_another_township_without_recomputing_it(
    two_townships: tuple[Warehouse, Folder, Folder], tmp_path: Path
) -> None:
    warehouse, _, baima = two_townships
    baima.put(
        "培训.xlsx",
        sheet("trainings", _trainings(WANG, [dt.date(2023, 3, 8)]) + _trainings(ZHOU, [dt.date(2023, 3, 8)])),
    )
    baima.load(warehouse)
    warehouse.consolidate()
    xiannv = Folder(tmp_path / "sources", "武隆区", "仙女山街道")  # ZHOU's roster; ZHOU trained in 白马镇
    xiannv.put("花名册.xlsx", sheet("cadres", [cadre("周肆", ZHOU[1])]))
    xiannv.load(warehouse)
    with _deletes(warehouse) as deletes:
        warehouse.consolidate()
    assert all("白马镇" not in repr(parameters) for parameters in deletes)  # 白马镇's figures are not recomputed
    names = {(r["township"], r["name"]) for r in warehouse.read_view("mart_training_person")}
    assert names == {("火炉镇", ZHANG[0]), ("白马镇", WANG[0]), ("白马镇", "周肆")}
    assert _rows(warehouse) == _recomputed_in_full(warehouse)


def test_a_township_whose_training_file_is_removed_leaves_no_figures(
    two_townships: tuple[Warehouse, Folder, Folder],
) -> None:
    warehouse, huolu, _ = two_townships
    huolu.remove("培训.xlsx")
    huolu.load(warehouse)
    warehouse.consolidate()
    assert {r["township"] for r in warehouse.read_view("mart_training_attendance")} == {"白马镇"}
    assert {r["township"] for r in warehouse.read_view("mart_training_person")} == {"白马镇"}
    assert _rows(warehouse) == _recomputed_in_full(warehouse)


def test_a_reporting_date_that_passes_a_session_recomputes_the_person_figures_and_one_that_passes_none_does_not(
    two_townships: tuple[Warehouse, Folder, Folder],
) -> None:
    warehouse, _, _ = two_townships
    with warehouse.engine.begin() as connection:
        quiet = aggregates.follow_reporting(connection, END_OF_2023, ReportingPeriod(dt.date(2024, 6, 30), "t"))
    assert quiet == []  # no session and no rating after 2023-12-31
    warehouse.set_reporting(ReportingPeriod(dt.date(2023, 4, 30), "test", "quarter"))  # before the May session
    people = {(r["name"], r["period"]): r["sessions_expected"] for r in warehouse.read_view("mart_training_person")}
    assert people == {(ZHANG[0], "2023Q1"): 1, (WANG[0], "2023Q1"): 1}
    assert _rows(warehouse) == _recomputed_in_full(warehouse)
    assert {r["quarter"] for r in warehouse.read_view("mart_evaluation_alert_history")} == {"2023Q2"}
    warehouse.set_reporting(ReportingPeriod(dt.date(2023, 3, 31), "test", "quarter"))  # Q2's rating not yet due
    assert warehouse.read_view("mart_evaluation_alert_history") == []
    results = {(r["quarter"], r["result"], r["pairs"]) for r in warehouse.read_view("mart_evaluation_results")}
    assert results == {("2023Q1", "优秀", 1)}  # every quarter is stored; the view stops at the reporting date
    assert _rows(warehouse) == _recomputed_in_full(warehouse)
    warehouse.set_reporting(ReportingPeriod(dt.date(2023, 12, 31), "test", "month"))  # another kind of period
    periods = sorted(r["period"] for r in warehouse.read_view("mart_training_person"))
    assert periods == ["2023-03", "2023-03", "2023-05"]


def test_an_upgrade_computes_aggregates_that_were_never_computed_with_their_sql(
    two_townships: tuple[Warehouse, Folder, Folder],
) -> None:
    warehouse, _, _ = two_townships
    expected = _rows(warehouse)
    with warehouse.engine.begin() as connection:
        for table in (agg_training_month, agg_training_person, etl_aggregate_definition):
            connection.execute(delete(table))
    assert warehouse.read_view("mart_training_attendance") == []
    warehouse.upgrade()
    assert _rows(warehouse) == expected
    with warehouse.engine.begin() as connection:
        assert aggregates.sync(connection) == []  # computed with the current SQL: nothing to do


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_each_aggregates_sql_gives_its_tables_columns_in_order(engine: str, tmp_path: Path) -> None:
    with opened(engine, tmp_path) as warehouse, warehouse.engine.connect() as connection:
        for table in aggregates.AGGREGATES:
            for one_township in (False, True):
                sql = aggregates.aggregate_sql(table.name, one_township)
                keys = list(connection.execute(text(sql), {"district": "区", "township": "镇"}).keys())
                assert keys == [c.name for c in table.columns], table.name
