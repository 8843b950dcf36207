"""The committed demo drop folder, read by the real ingest, gives the seed figures exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest.check import check_township
from pipelines.ingest.files import discover
from pipelines.ingest.model import FileResult, Township
from pipelines.warehouse import Warehouse

SOURCES = Path(__file__).resolve().parents[2] / "sources"


@pytest.fixture(scope="module")
def demo() -> list[tuple[Township, list[FileResult]]]:
    townships = discover(SOURCES)
    if not townships:
        pytest.fail(f"no demo drop folder under {SOURCES}")
    return [(township, check_township(township)) for township in townships]


def _load(store: Warehouse, demo: list[tuple[Township, list[FileResult]]]) -> None:
    for township, results in demo:
        store.load_township(township, results)
    store.consolidate()


def _row(rows: list[dict], **match: object) -> dict:
    (found,) = [r for r in rows if all(r[k] == v for k, v in match.items())]
    return found


def test_the_demo_folder_gives_the_seed_figures(warehouse: Warehouse, demo: list) -> None:
    _load(warehouse, demo)
    summary = warehouse.read_view("mart_mentoring_summary")
    mentoring = _row(summary, township="火炉镇", programme="导师引航")
    assert (mentoring["mentors"], mentoring["pairs"], mentoring["young_mentees"]) == (12, 24, 24)
    assert _row(summary, township="火炉镇", programme="以新促老")["pairs"] == 25
    secondment = _row(summary, township="火炉镇", programme="挂职锻炼")
    assert (secondment["mentees"], secondment["batches"]) == (17, 5)
    graduates = _row(warehouse.read_view("mart_graduate_placement"), district="城区")
    assert (graduates["total"], graduates["in_street_offices"], graduates["at_section_level"]) == (24, 13, 7)
    party = ("party_members", "joined_before_work", "joined_after_work", "applied", "neither")
    assert tuple(graduates[k] for k in party) == (17, 7, 10, 6, 1)
    assert graduates["transferred_within_year"] == 0


def test_the_demo_folder_raises_both_kinds_of_evaluation_alert(warehouse: Warehouse, demo: list) -> None:
    _load(warehouse, demo)
    alerts = warehouse.read_view("mart_evaluation_alerts")
    assert sorted(a["alert"] for a in alerts) == ["检讨发言", "经验交流", "经验交流"]
    review = _row(alerts, alert="检讨发言")
    assert (review["programme"], review["previous_quarter"], review["last_quarter"]) == ("以新促老", "2023Q3", "2023Q4")


def test_loading_the_demo_folder_twice_leaves_every_table_identical(warehouse: Warehouse, demo: list) -> None:
    _load(warehouse, demo)
    before = warehouse.table_checksums()
    _load(warehouse, demo)
    assert warehouse.table_checksums() == before
    for kind in warehouse.seed_figures().kinds:
        assert kind.rows_read == kind.loaded + kind.rejected + kind.skipped
