"""A run with a file that would kill its reader still loads everything else; an unchanged township is not read again."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import xlsxwriter
from sqlalchemy import create_engine, text

from pipelines.defs.ingest.assets import township_ingest
from pipelines.defs.keys import INGEST_KEYS
from pipelines.partitions import TOWNSHIPS
from tests.pipelines.conftest import make_resources

HUOLU = "武隆区/火炉镇"
BAIMA = "武隆区/白马镇"  # three bad roster rows: it has a feedback workbook


def _far_cell(path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("干部花名册").write_string(1048575, 16383, "x")
    workbook.close()


def _materialize(
    tmp_path: Path, sources: Path, instance: dg.DagsterInstance, key: str = HUOLU
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [township_ingest], instance=instance, resources=make_resources(tmp_path, sources), partition_key=key
    )


def test_a_far_cell_file_is_a_file_error_and_its_townships_other_files_still_load(
    tmp_path: Path, demo_sources: Path
) -> None:
    _far_cell(demo_sources / "武隆区" / "火炉镇" / "干部花名册[1].xlsx")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TOWNSHIPS.name, [HUOLU])
        result = _materialize(tmp_path, demo_sources, instance)
    assert result.success
    engine = create_engine(f"sqlite:///{tmp_path / 'warehouse.db'}")
    with engine.connect() as connection:
        rules = (
            connection.execute(
                text("SELECT rule FROM etl_rejected_row WHERE path LIKE :p"), {"p": "%干部花名册[1].xlsx"}
            )
            .scalars()
            .all()
        )
        loaded = connection.execute(
            text("SELECT SUM(rows_loaded) FROM etl_manifest WHERE kind = 'cadres' AND is_current")
        ).scalar_one()
    engine.dispose()
    assert rules == ["file.too_complex"]
    assert loaded > 0


def test_a_township_whose_files_match_its_last_load_is_not_read_again(tmp_path: Path, demo_sources: Path) -> None:
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TOWNSHIPS.name, [BAIMA])
        first = _materialize(tmp_path, demo_sources, instance, BAIMA)
        feedback = sorted((demo_sources / "武隆区" / "白马镇" / "_反馈").glob("*.xlsx"))
        for path in feedback:
            path.unlink()  # a reread would write them again
        second = _materialize(tmp_path, demo_sources, instance, BAIMA)
    assert first.success and second.success
    assert feedback
    assert not list((demo_sources / "武隆区" / "白马镇" / "_反馈").glob("*.xlsx"))
    before = {e.asset_key: e.materialization.metadata for e in first.get_asset_materialization_events()}
    after = {e.asset_key: e.materialization.metadata for e in second.get_asset_materialization_events()}
    cadres = INGEST_KEYS["cadres"]
    assert after[cadres]["townships_read"].value == 0
    assert after[cadres]["unchanged_since_last_load"].value is True
    for name in ("rows_read", "loaded", "rejected", "skipped"):
        assert after[cadres][name].value == before[cadres][name].value
