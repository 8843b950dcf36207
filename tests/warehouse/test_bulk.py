"""Bulk inserts: rows given as dicts or column by column land alike, on SQLite (executemany) and PostgreSQL (COPY)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from pipelines.warehouse.bulk import insert_columns, insert_rows
from pipelines.warehouse.tables import dim_township
from tests.warehouse.conftest import opened

DAY = dt.datetime(2024, 1, 2, 3, 4, 5)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_columns_with_constants_land_as_the_same_rows_given_as_dicts(engine: str, tmp_path: Path) -> None:
    with opened(engine, tmp_path) as warehouse, warehouse.engine.begin() as connection:
        columns = {"township_key": ["武隆区/火炉镇", "武隆区/白马镇"], "township": ["火炉镇", "白马镇"]}
        constants = {"district": "武隆区", "township_type": "镇", "first_received_at": DAY}
        assert insert_columns(connection, dim_township, columns, constants) == 2
        assert (
            insert_rows(
                connection,
                dim_township,
                [
                    {
                        "township_key": "城区/城关街道",
                        "township": "城关街道",
                        "district": "城区",
                        "township_type": "街道",
                        "first_received_at": DAY,
                    }
                ],
            )
            == 1
        )
        t = dim_township
        rows = connection.execute(select(t.c.township_key, t.c.district, t.c.township_type, t.c.first_received_at))
        assert sorted(rows) == [
            ("城区/城关街道", "城区", "街道", DAY),
            ("武隆区/火炉镇", "武隆区", "镇", DAY),
            ("武隆区/白马镇", "武隆区", "镇", DAY),
        ]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_columns_of_different_lengths_are_refused_and_no_columns_insert_nothing(engine: str, tmp_path: Path) -> None:
    with opened(engine, tmp_path) as warehouse, warehouse.engine.begin() as connection:
        with pytest.raises(ValueError, match="different lengths"):
            insert_columns(connection, dim_township, {"township_key": ["a", "b"], "township": ["a"]})
        assert insert_columns(connection, dim_township, {}, {"district": "武隆区"}) == 0
        assert insert_rows(connection, dim_township, []) == 0
        assert connection.execute(select(dim_township)).all() == []
