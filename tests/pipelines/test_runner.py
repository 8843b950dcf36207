"""`cadre-etl run` exits non-zero when the run itself fails, and `db upgrade` creates the schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

import pipelines.defs.ingest.assets as ingest_assets
from pipelines.cli import main
from pipelines.defs.keys import INGEST_KEYS
from pipelines.ingest.model import Township
from pipelines.runner import PLANNED_SUBSET
from pipelines.warehouse import Warehouse, WarehouseConfig
from tests.pipelines.conftest import write_roster


def test_a_failing_step_makes_the_run_exit_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_roster(tmp_path / "sources" / "武隆区" / "火炉镇")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)

    def broken(townships: list[Township], settings: object = None, **options: object) -> Iterator[object]:
        for township in townships:
            raise RuntimeError(f"cannot read {township.key}")
        yield from ()

    monkeypatch.setattr(ingest_assets, "check_townships", broken)
    assert main(["run", "--sources", "sources", "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"]) == 1
    assert "township_ingest" in capsys.readouterr().out


def test_db_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["db", "upgrade", "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"]) == 0
    assert (tmp_path / "w.db").exists()


def test_run_with_township_loads_only_the_chosen_township_then_consolidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_roster(tmp_path / "sources" / "武隆区" / "火炉镇")
    write_roster(tmp_path / "sources" / "武隆区" / "白马镇")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    url = f"sqlite:///{tmp_path / 'w.db'}"
    assert main(["run", "--sources", "sources", "--warehouse", url, "--township", "武隆区/火炉镇"]) == 0
    printed = capsys.readouterr().out
    assert "1 个乡镇 townships" in printed and "报告 / report:" in printed  # the report follows too
    warehouse = Warehouse(WarehouseConfig(url=url, pii_key=b"unused", archive_dir=tmp_path / "archive"))
    try:
        assert set(warehouse.township_states()) == {"武隆区/火炉镇"}
        assert warehouse.read_view("mart_submission_status")  # consolidation and marts ran after it
    finally:
        warehouse.dispose()


def test_run_with_an_unknown_township_names_the_closest_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_roster(tmp_path / "sources" / "武隆区" / "火炉镇")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    url = f"sqlite:///{tmp_path / 'w.db'}"
    assert main(["run", "--warehouse", url, "--township", "武隆区/火炉"]) == 2
    err = capsys.readouterr().err
    assert "没有乡镇 武隆区/火炉" in err and "武隆区/火炉镇" in err and "Traceback" not in err


def test_a_rerun_reads_only_the_townships_whose_folder_changed_and_still_refreshes_everything_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    huolu, baima = tmp_path / "sources" / "武隆区" / "火炉镇", tmp_path / "sources" / "武隆区" / "白马镇"
    write_roster(huolu)
    write_roster(baima)
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    run = ["run", "--sources", "sources", "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"]
    assert main(run) == 0  # both new: one run over both
    assert main(run) == 0  # nothing changed: no run at all, the report as it stands
    assert "nothing changed since the last run, no run started" in capsys.readouterr().out
    monkeypatch.setenv("CADRE_ETL_AS_OF", "2030-06-30")
    assert main(run) == 0  # a new reporting date: consolidation, marts and the report, as of it
    Path("var/report/干部队伍建设情况报告.html").unlink()
    assert main(run) == 0  # nothing changed but the report is gone: written again
    write_roster(baima, salt="改")
    assert main(run) == 0  # 白马镇 alone, then the rest
    printed = capsys.readouterr().out
    assert printed.count("报告 / report:") == 3 and "no run started" not in printed
    with dg.DagsterInstance.get() as instance:
        records = instance.fetch_materializations(INGEST_KEYS["cadres"], limit=100).records
        assert sorted(record.partition_key for record in records) == ["武隆区/火炉镇", "武隆区/白马镇", "武隆区/白马镇"]
        assert len(instance.get_runs()) == 5  # the first, the new date's, the missing report's, 白马镇's, the rest


def test_a_range_run_plans_each_ingest_asset_once_not_once_per_township(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for township in ("火炉镇", "白马镇", "仙女山街道"):
        write_roster(tmp_path / "sources" / "武隆区" / township)
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(PLANNED_SUBSET, raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--sources", "sources", "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"]) == 0
    assert PLANNED_SUBSET not in os.environ  # set for the run's creation only
    with dg.DagsterInstance.get() as instance:
        (run,) = instance.get_runs()
        planned = [
            entry.get_dagster_event().event_specific_data
            for entry in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED)
        ]
        ingest = [p for p in planned if p.asset_key in INGEST_KEYS.values()]
        assert len(ingest) == len(INGEST_KEYS)
        assert all(
            sorted(p.partitions_subset.get_partition_keys()) == ["武隆区/仙女山街道", "武隆区/火炉镇", "武隆区/白马镇"]
            for p in ingest
        )
        records = instance.fetch_materializations(INGEST_KEYS["cadres"], limit=10).records
        assert len(records) == 3  # each township still gets its own materialization
