"""A person on several townships' current rosters: one row in dim_cadre_current, an open conflict per other township.

Real roster workbooks in real township folders, read by the real ingest, loaded on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipelines.ingest.check import check_township
from pipelines.ingest.files import discover
from pipelines.warehouse import Warehouse
from pipelines.warehouse.tables import etl_conflict
from tests.ingest.helpers import CADRE_HEADER, make_id, write_xlsx

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
GIVEN = ["建国", "秀英", "小明", "丽华", "德明", "静怡", "海波", "春燕", "志强", "晓东"]
TOWNSHIPS = ("火炉镇", "白马镇", "江口镇")


def person(index: int) -> list[Any]:
    """A valid roster row for synthetic person `index` (born 1970–1998, a man when the index is even)."""
    year = 1970 + index
    birth = f"{year}0{index % 9 + 1}15"
    male = index % 2 == 0
    number = make_id("500156", birth, 100 + 2 * index + (1 if male else 0))
    return [
        SURNAMES[index] + GIVEN[index % 10],
        "男" if male else "女",
        "汉族",
        f"{year}.0{index % 9 + 1}",
        number,
        "群众",
        "",
        "大学本科",
        f"{year + 22}.07",
        "镇人民政府",
        "干事",
        "科员",
        "一般干部",
    ]


def _roster(sources: Path, township: str, people: range) -> None:
    folder = sources / "武隆区" / township
    folder.mkdir(parents=True, exist_ok=True)
    write_xlsx(folder / f"{township}干部花名册.xlsx", {"干部花名册": [CADRE_HEADER, *[person(i) for i in people]]})


def _load(warehouse: Warehouse, sources: Path) -> dict[str, int]:
    for township in discover(sources):
        results = check_township(township)
        assert all(s.rejected == 0 for r in results for s in r.sheets), "every roster row here is valid"
        warehouse.load_township(township, results)
    return warehouse.consolidate()


def _open_township_conflicts(warehouse: Warehouse) -> list[Any]:
    c = etl_conflict
    with warehouse.engine.connect() as connection:
        query = select(c).where(c.c.attribute == "township", c.c.resolved_at.is_(None))
        return list(connection.execute(query.order_by(c.c.cadre_key, c.c.township_key_b)))


def test_29_people_on_three_townships_rosters_are_one_row_each_and_58_open_conflicts(
    warehouse: Warehouse, sources: Path
) -> None:
    for township in TOWNSHIPS:
        _roster(sources, township, range(29))
    counts = _load(warehouse, sources)
    current = warehouse.read_view("dim_cadre_current")
    assert len(current) == 29 and len({row["cadre_key"] for row in current}) == 29
    (primary,) = {row["township"] for row in current}
    conflicts = _open_township_conflicts(warehouse)
    assert counts["conflicts_opened"] == len(conflicts) == 58
    assert {row.cadre_key for row in conflicts} == {row["cadre_key"] for row in current}
    assert {row.value_a for row in conflicts} == {f"武隆区/{primary}"}
    others = {f"武隆区/{t}" for t in TOWNSHIPS} - {f"武隆区/{primary}"}
    assert all(
        {r.value_b for r in conflicts if r.cadre_key == key} == others for key in {r.cadre_key for r in conflicts}
    )
    assert all(
        r.township_key_a == r.value_a and r.township_key_b == r.value_b and r.source_row_b >= 2 for r in conflicts
    )
    figures = warehouse.seed_figures()
    assert figures.several_townships == 29
    assert "people on several townships' current rosters: 29（见 etl_conflict" in figures.lines()[-1]
    status = warehouse.read_view("mart_submission_status")
    loaded = {row["township"]: row["rows_loaded"] for row in status if row["kind"] == "cadres"}
    assert [loaded[t] for t in TOWNSHIPS] == [29, 29, 29]


def test_a_township_that_drops_the_people_resolves_its_conflicts_and_the_first_township_keeps_them(
    warehouse: Warehouse, sources: Path
) -> None:
    _roster(sources, "火炉镇", range(29))
    _load(warehouse, sources)
    for township in TOWNSHIPS[1:]:
        _roster(sources, township, range(29))
    _load(warehouse, sources)
    assert {row["township"] for row in warehouse.read_view("dim_cadre_current")} == {"火炉镇"}  # no flapping
    assert len(_open_township_conflicts(warehouse)) == 58
    _roster(sources, "白马镇", range(29, 31))  # 白马镇 sends a corrected roster without them
    counts = _load(warehouse, sources)
    assert counts["conflicts_resolved"] == 29
    conflicts = _open_township_conflicts(warehouse)
    assert len(conflicts) == 29 and {r.value_b for r in conflicts} == {"武隆区/江口镇"}
    assert len(warehouse.read_view("dim_cadre_current")) == 31
    assert warehouse.seed_figures().several_townships == 29


def test_one_person_on_two_rosters_is_a_conflict_whatever_the_other_attributes(
    warehouse: Warehouse, sources: Path
) -> None:
    _roster(sources, "火炉镇", range(3))
    _roster(sources, "江口镇", range(2, 5))
    _load(warehouse, sources)
    conflicts = _open_township_conflicts(warehouse)
    assert len(conflicts) == 1
    assert len(warehouse.read_view("dim_cadre_current")) == 5
    assert conflicts[0].detected_at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
