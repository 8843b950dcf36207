"""The mart views give exact figures on the constructed dataset (tests/warehouse/dataset.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from pipelines.warehouse import Warehouse
from pipelines.warehouse.tables import FACT
from tests.warehouse import dataset
from tests.warehouse.conftest import opened
from tests.warehouse.dataset import E1, E3, E6, M1, M2


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """One warehouse per engine with the dataset loaded, shared by these read-only tests."""
    base = tmp_path_factory.mktemp(request.param)
    with opened(request.param, base) as store:
        (base / "sources").mkdir()
        dataset.build(base / "sources", store)
        yield store


def _summary(store: Warehouse, level: str, township: str | None, programme: str) -> tuple[int, ...]:
    (row,) = [
        r
        for r in store.read_view("mart_mentoring_summary")
        if r["level"] == level
        and r["township"] == township
        and r["programme"] == programme
        and r["district"] == "武隆区"
    ]
    return row["mentors"], row["pairs"], row["mentees"], row["young_mentees"], row["batches"]


def test_mentoring_summary_counts_mentors_pairs_mentees_and_young_mentees(loaded: Warehouse) -> None:
    assert _summary(loaded, "township", "火炉镇", "导师引航") == (3, 7, 6, 5, 0)
    assert _summary(loaded, "township", "火炉镇", "以新促老") == (1, 2, 2, 0, 0)
    assert _summary(loaded, "township", "火炉镇", "挂职锻炼") == (1, 3, 3, 3, 2)
    assert _summary(loaded, "township", "仙女山街道", "导师引航") == (1, 1, 1, 1, 0)
    assert _summary(loaded, "township", "仙女山街道", "以新促老") == (0, 0, 0, 0, 0)
    assert _summary(loaded, "district", None, "导师引航") == (3, 8, 7, 6, 0)


def test_seed_figures_fill_the_blanks_of_the_seed_sentence(loaded: Warehouse) -> None:
    figures = loaded.seed_figures()
    (wulong,) = [f for f in figures.districts if f.district == "武隆区"]
    assert (wulong.mentors, wulong.pairs, wulong.young_mentees) == (3, 8, 6)
    assert "  武隆区 全区共配备优秀导师 3 名，建立“帮带对子” 8 对，覆盖 6 名优秀年轻干部" in figures.lines()
    assert {(f.district, f.township) for f in figures.townships} >= {("武隆区", "火炉镇"), ("武隆区", "仙女山街道")}
    kinds = {k.kind: k for k in figures.kinds}
    assert (kinds["pairings"].files, kinds["pairings"].loaded, kinds["pairings"].rejected) == (2, 13, 0)
    assert kinds["cadres"].files == 5


def test_the_run_summary_counts_a_provinces_townships_instead_of_listing_them(loaded: Warehouse) -> None:
    figures = loaded.seed_figures()
    listed = figures.lines()
    assert any(line.startswith("  武隆区 火炉镇共配备优秀导师") for line in listed)
    counted = figures.lines(township_limit=1)
    assert len(counted) == len(listed) - len(figures.townships)
    assert f"导师引航，按乡镇：{len(figures.townships)} 个乡镇" in "\n".join(counted)
    assert not any("火炉镇共配备" in line for line in counted) and counted[1:3] == listed[1:3]


def test_evaluation_alerts_flag_two_consecutive_excellent_or_failing_quarters(loaded: Warehouse) -> None:
    alerts = sorted(
        (r["mentor_name"], r["mentee_name"], r["previous_quarter"], r["last_quarter"], r["alert"])
        for r in loaded.read_view("mart_evaluation_alerts")
    )
    assert alerts == sorted(
        [
            (M1[0], E1[0], "2023Q2", "2023Q3", "经验交流"),
            (M2[0], E6[0], "2023Q2", "2023Q3", "检讨发言"),
            (M1[0], E3[0], "2022Q4", "2023Q1", "检讨发言"),
        ]
    )


def test_training_attendance_per_township_type_and_month(loaded: Warehouse) -> None:
    rows = {(r["township"], r["training_type"], r["month"]): r for r in loaded.read_view("mart_training_attendance")}
    march = rows[("火炉镇", "干部夜校", "2023-03")]
    assert (march["sessions"], march["enrolled"], march["attended"], march["attendees"]) == (2, 6, 5, 3)
    assert float(march["attendance_rate"]) == pytest.approx(0.8333)
    assert (float(march["session_hours"]), float(march["attendee_hours"])) == (4.0, 10.0)
    april = rows[("火炉镇", "干部夜校", "2023-04")]
    assert (april["sessions"], april["attendees"], float(april["attendance_rate"]), float(april["session_hours"])) == (
        1,
        1,
        1.0,
        1.5,
    )
    assert rows[("火炉镇", "轮训", "2023-03")]["attendee_hours"] == 8.0
    assert len(rows) == 3


def test_graduate_placement_counts_offices_section_level_party_status_and_early_transfers(loaded: Warehouse) -> None:
    (row,) = [r for r in loaded.read_view("mart_graduate_placement") if r["district"] == "城区"]
    figures = {k: int(v) for k, v in row.items() if k != "district"}
    assert figures == {
        "total": 6,
        "in_street_offices": 4,
        "in_township_offices": 2,
        "at_section_level": 2,
        "party_members": 3,
        "joined_before_work": 1,
        "joined_after_work": 2,
        "applied": 1,
        "neither": 2,
        "transferred_within_year": 1,
        "party_status_unknown": 0,
        "rank_unknown": 0,
    }
    detail = {r["name"]: r for r in loaded.read_view("mart_graduate_placement_detail")}
    assert detail["选调5"]["transferred_within_year"] == 1 and detail["选调5"]["township"] == "白马镇"
    assert detail["选调6"]["transferred_within_year"] == 0 and detail["选调6"]["township"] == "城东街道"


def test_submission_status_shows_the_last_file_and_rows_per_township_and_kind(loaded: Warehouse) -> None:
    rows = {(r["township_key"], r["kind"]): r for r in loaded.read_view("mart_submission_status")}
    cadres = rows[("武隆区/火炉镇", "cadres")]
    assert (cadres["files"], cadres["last_file"], cadres["rows_loaded"], cadres["rows_rejected"]) == (
        1,
        "干部花名册.xlsx",
        12,
        0,
    )
    assert cadres["days_since_last"] in (0, 1) and cadres["last_received_at"] is not None  # 1 only across midnight
    missing = rows[("城区/白马镇", "pairings")]
    assert (missing["files"], missing["last_file"], missing["days_since_last"]) == (0, None, None)
    assert len(rows) == 5 * 4


def test_pairings_reference_their_cadres_by_key(loaded: Warehouse) -> None:
    names = {r["cadre_key"]: r["name"] for r in loaded.read_view("dim_cadre_current")}
    with loaded.engine.connect() as connection:
        f = FACT["pairings"]
        pairs = {(names[r.mentor_key], names[r.mentee_key]) for r in connection.execute(select(f))}
    assert (M1[0], E1[0]) in pairs and len(pairs) == 13
