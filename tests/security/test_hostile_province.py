"""Every hostile file of the corpus in one real run beside good townships: the run succeeds, each file has its outcome.

Three good townships of the demo province and each case of `pipelines.demo.hostile.CASES` in a
township of its own, plus a township folder too long for the warehouse, go through ONE
`cadre-etl run` into a fresh SQLite warehouse. The outcomes are read back from the warehouse
(`etl_manifest`, `etl_rejected_row`). `benchmarks/hostile_province.py` runs the same corpus mixed
into a province of 100 townships and measures it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from pipelines.cli import main
from pipelines.demo.hostile import (
    CASES,
    ODD_LONG_NAME,
    OUTSIDE_DIR,
    XXE_SECRET,
    Case,
    FileOutcome,
    HostileProvince,
    file_outcomes,
    stored_name,
    township_rows,
    write_hostile_province,
)

GOOD_TOWNSHIPS = 3


@dataclass(frozen=True)
class Run:
    code: int
    province: HostileProvince
    outcomes: dict[tuple[str, str], FileOutcome]
    warehouse: Path
    province_root: Path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    work = tmp_path_factory.mktemp("hostile_province")
    sources = work / "sources"
    province = write_hostile_province(sources, GOOD_TOWNSHIPS, alone=True)
    url = f"sqlite:///{work / 'warehouse.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(work)
        patch.delenv("DAGSTER_HOME", raising=False)
        code = main(["run", "--sources", str(sources), "--warehouse", url])
    engine = create_engine(url)
    with engine.connect() as connection:
        outcomes = file_outcomes(connection)
    engine.dispose()
    return Run(code, province, outcomes, work / "warehouse.db", sources)


def test_the_run_with_every_hostile_file_succeeds(run: Run) -> None:
    assert run.code == 0


def test_every_good_township_loads_every_row_of_its_files(run: Run) -> None:
    loaded = township_rows(run.outcomes)
    assert {key: loaded[key] for key in run.province.good_rows} == run.province.good_rows


READ = [case for case in CASES if not case.ignored]


@pytest.mark.parametrize("case", READ, ids=[case.label for case in READ])
def test_each_hostile_file_has_its_own_outcome_and_loads_nothing(run: Run, case: Case) -> None:
    (placed,) = [p for p in run.province.placed if p.case is case]
    outcome = run.outcomes[(placed.township_key, stored_name(placed.path))]
    assert outcome.file_rules == ([case.file_rule] if case.file_rule else [])
    assert outcome.loaded == 0
    assert outcome.rejected == case.rejected
    if case.row_rule:
        assert case.row_rule in outcome.row_rules


def test_every_file_of_the_run_keeps_rows_read_equal_to_loaded_rejected_and_skipped(run: Run) -> None:
    assert [key for key, outcome in run.outcomes.items() if not outcome.adds_up()] == []
    assert len(run.outcomes) == 4 * GOOD_TOWNSHIPS + len(READ)


def test_a_symlink_out_of_the_sources_root_is_not_read(run: Run) -> None:
    (placed,) = [p for p in run.province.placed if p.case.label == "symlink_out_of_sources"]
    assert placed.path.is_symlink() and OUTSIDE_DIR in placed.path.resolve().parts
    assert [key for key in run.outcomes if key[0] == placed.township_key] == []


def test_the_content_of_a_local_file_named_by_an_external_entity_is_nowhere(run: Run) -> None:
    (placed,) = [p for p in run.province.placed if p.case.label == "external_entity"]
    stored = [run.warehouse.read_bytes(), *(p.read_bytes() for p in run.province_root.rglob("_反馈/*"))]
    assert XXE_SECRET.encode() in (placed.path.parents[3] / OUTSIDE_DIR / "secret.txt").read_bytes()
    assert [blob for blob in stored if XXE_SECRET.encode() in blob] == []


def test_a_file_name_of_250_bytes_gets_its_feedback_under_a_name_short_enough(run: Run) -> None:
    (placed,) = [p for p in run.province.placed if p.case.label == "odd_long_name"]
    assert len(placed.path.name.encode()) == 250 and placed.path.name == ODD_LONG_NAME
    (feedback,) = (placed.path.parent / "_反馈").iterdir()
    assert feedback.name.endswith("_反馈.xlsx") and len(feedback.name.encode()) <= 255


def test_a_township_folder_too_long_for_the_warehouse_is_not_read(run: Run) -> None:
    assert run.province.skipped_folder.is_dir()
    assert not [key for key, _ in run.outcomes if key.endswith(run.province.skipped_folder.name)]


def test_no_stored_path_holds_a_raw_id_number(run: Run) -> None:
    (placed,) = [p for p in run.province.placed if p.case.label == "named_after_an_id_number"]
    assert (placed.township_key, placed.path.name) not in run.outcomes
    assert "*" in stored_name(placed.path)
