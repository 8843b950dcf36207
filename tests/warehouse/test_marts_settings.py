"""The views count young cadres by the same setting the ingest rules use (IngestSettings.young_age and
young_recent_years), which every upgrade writes into ref_setting; their SQL lives in sql/<view>.sql."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path

from sqlalchemy import select

from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import Warehouse
from pipelines.warehouse.aggregates import AGGREGATES
from pipelines.warehouse.catalog import VIEWS
from pipelines.warehouse.reporting import ReportingPeriod
from pipelines.warehouse.tables import etl_view_definition, ref_setting
from tests.warehouse import dataset


def _young_mentees(store: Warehouse, level: str, township: str | None) -> int:
    (row,) = [
        r
        for r in store.read_view("mart_mentoring_summary")
        if r["level"] == level
        and r["township"] == township
        and r["district"] == "武隆区"
        and r["programme"] == "导师引航"
    ]
    return row["young_mentees"]


def _young_cadres(store: Warehouse) -> tuple[int, int, int, int]:
    (row,) = [r for r in store.read_view("mart_young_cadres") if r["level"] == "township" and r["township"] == "火炉镇"]
    return row["cadres"], row["young_cadres"], row["under_35"], row["recruited_last_3_years"]


def _view_definitions(store: Warehouse) -> dict[str, str]:
    t = etl_view_definition
    with store.engine.connect() as connection:
        return dict(connection.execute(select(t.c.view_name, t.c.sql_sha256)).all())


def test_changing_the_young_cadre_ages_changes_the_marts_without_recreating_them(
    warehouse: Warehouse, sources: Path
) -> None:
    dataset.build(sources, warehouse)
    warehouse.set_reporting(ReportingPeriod(dt.date(2023, 12, 31), "test"))
    # defaults (35, 3): E1–E4 under 35 at pairing start (2023-03), E5 started work within 3 years; E7 in 仙女山街道
    assert (_young_mentees(warehouse, "township", "火炉镇"), _young_mentees(warehouse, "district", None)) == (5, 6)
    assert _young_cadres(warehouse) == (11, 8, 7, 1)
    views = _view_definitions(warehouse)

    warehouse.upgrade(IngestSettings(young_age=28, young_recent_years=0))

    with warehouse.engine.connect() as connection:
        assert connection.execute(select(ref_setting.c.young_age, ref_setting.c.young_recent_years)).all() == [(28, 0)]
    # under 28 at pairing start: E1 and E2 (27), E4 (25), and E7; E3 is 28, E5 no longer counts as recent
    assert (_young_mentees(warehouse, "township", "火炉镇"), _young_mentees(warehouse, "district", None)) == (3, 4)
    # under 28 on 2023-12-31: E1 (27) and E4 (25); nobody started work "within 0 years"
    assert _young_cadres(warehouse) == (11, 2, 2, 0)
    assert _view_definitions(warehouse) == views  # the setting is data the views join, not SQL text

    warehouse.upgrade()
    assert _young_mentees(warehouse, "township", "火炉镇") == 5 and _young_cadres(warehouse) == (11, 8, 7, 1)


def test_every_view_and_aggregate_has_its_sql_file_and_every_sql_file_is_one() -> None:
    folder = files("pipelines.warehouse").joinpath("sql")
    on_disk = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    assert on_disk == sorted(f"{name}.sql" for name in [*(view.name for view in VIEWS), *(t.name for t in AGGREGATES)])
    assert all(view.sql.strip() for view in VIEWS)
