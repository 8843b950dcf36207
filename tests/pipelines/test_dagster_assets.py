"""The asset graph through Dagster's API: one township partition, then a single-run backfill of all."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.defs.ingest import assets as ingest_assets
from pipelines.defs.ingest.assets import township_ingest
from pipelines.defs.keys import (
    CADRE_KEY,
    FACTS_KEY,
    INGEST_KEYS,
    MART_KEYS,
    REPORT_KEY,
    REPORT_VIEW_KEYS,
    REPORTING_KEY,
)
from pipelines.ingest.files import discover
from pipelines.partitions import TOWNSHIPS, range_tags
from schemas import CadreSchema
from tests.pipelines.conftest import make_resources

BAIMA = "武隆区/白马镇"  # the demo township with three bad roster rows


def test_one_township_partition(tmp_path: Path, demo_sources: Path) -> None:
    resources = make_resources(tmp_path, demo_sources)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TOWNSHIPS.name, [BAIMA])
        result = dg.materialize([township_ingest], instance=instance, resources=resources, partition_key=BAIMA)
        assert result.success
        events = {e.asset_key: e for e in result.get_asset_materialization_events()}
        assert set(events) == set(INGEST_KEYS.values())
        cadres = events[INGEST_KEYS["cadres"]].materialization
        assert cadres.partition == BAIMA
        meta = {k: v.value for k, v in cadres.metadata.items()}
        assert meta["rows_read"] == meta["loaded"] + meta["rejected"] + meta["skipped"]
        assert meta["rejected"] == 3 and meta["problems"] >= 3
        assert meta["dagster/row_count"] == meta["loaded"]
        assert "sha256" in meta["source_files"] and "白马镇干部花名册" in meta["source_files"]
        assert "| row |" in meta["problem_sample"]
        checks = {(c.asset_key, c.check_name): c for c in result.get_asset_check_evaluations()}
        assert checks[(INGEST_KEYS["cadres"], "accounting")].passed
        assert not checks[(INGEST_KEYS["cadres"], "reject_rate")].passed  # 3 of 29 rows: over 5 %
        assert checks[(INGEST_KEYS["cadres"], "reject_rate")].severity == dg.AssetCheckSeverity.WARN
        rejects = checks[(INGEST_KEYS["cadres"], "reject_rate")]
        assert rejects.partition == BAIMA  # shown on the township's partition, not only on the run
        assert rejects.description == f"{BAIMA} {rejects.metadata['highest_reject_percent'].value} %"
        assert list((demo_sources / "武隆区" / "白马镇" / "_反馈").glob("*.xlsx"))  # feedback written


def _one_range_run(
    instance: dg.DagsterInstance, resources: dict[str, dg.ConfigurableResource], keys: list[str]
) -> dg.ExecuteInProcessResult:
    """Register `keys` as partitions and materialize the ingest over their range in one run, as a backfill does."""
    instance.add_dynamic_partitions(TOWNSHIPS.name, keys)
    return dg.materialize([township_ingest], instance=instance, resources=resources, tags=range_tags(keys[0], keys[-1]))


def test_single_run_backfill_over_every_township(tmp_path: Path, demo_sources: Path) -> None:
    resources = make_resources(tmp_path, demo_sources)
    keys = [t.key for t in discover(demo_sources)]
    with dg.instance_for_test() as instance:
        result = _one_range_run(instance, resources, keys)
        assert result.success
        assert len(instance.get_run_records()) == 1  # one run, not one per township
        assert instance.get_materialized_partitions(INGEST_KEYS["cadres"]) == set(keys)
        assert len([s for s in result.get_step_success_events()]) == 1  # and one step


def test_every_table_asset_documents_its_columns_from_the_schemas() -> None:
    graph = defs.resolve_asset_graph()
    for key in [*INGEST_KEYS.values(), CADRE_KEY, *MART_KEYS.values(), *REPORT_VIEW_KEYS.values()]:
        schema = graph.get(key).metadata["dagster/column_schema"]
        assert schema.columns and all(column.description for column in schema.columns), key
    cadres = graph.get(INGEST_KEYS["cadres"]).metadata["dagster/column_schema"]
    described = {column.name: column.description for column in cadres.columns}
    assert described["name"] == CadreSchema.to_schema().columns["name"].description
    assert "id_number" not in described and "cadre_key" in described  # the loaded columns, not raw IDs


def test_accounting_blocks_consolidation_and_the_checks_say_what_they_check() -> None:
    accounting = [spec for spec in township_ingest.check_specs if spec.name == "accounting"]
    assert accounting and all(spec.blocking for spec in accounting)
    names = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert "townships_submitting" in names and "freshness" not in names


def test_consolidation_and_marts_follow_an_ingest_without_a_manual_run(tmp_path: Path, demo_sources: Path) -> None:
    resources = make_resources(tmp_path, demo_sources)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TOWNSHIPS.name, [BAIMA, "武隆区/火炉镇"])
        first = dg.evaluate_automation_conditions(defs=defs, instance=instance)
        assert first.total_requested == 0  # nothing loaded yet: nothing to follow
        dg.materialize([township_ingest], instance=instance, resources=resources, partition_key=BAIMA)
        after = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=first.cursor)
        every = defs.resolve_asset_graph().get_all_asset_keys()
        requested = {key for key in every if after.get_num_requested(key)}
        followers = {REPORTING_KEY, *REPORT_VIEW_KEYS.values(), REPORT_KEY}
        assert requested == {CADRE_KEY, FACTS_KEY, *MART_KEYS.values(), *followers}  # 火炉镇 never loaded: no hold-up


def test_a_run_over_more_townships_than_the_detail_limit_lists_them_in_its_checks_not_on_each_partition(
    tmp_path: Path, demo_sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_assets, "PARTITION_DETAIL_LIMIT", 1)  # the demo's townships stand for a province
    resources = make_resources(tmp_path, demo_sources)
    keys = [t.key for t in discover(demo_sources)]
    with dg.instance_for_test() as instance:
        result = _one_range_run(instance, resources, keys)
    assert result.success and len(keys) > 1
    events = [e.materialization for e in result.get_asset_materialization_events()]
    assert {e.partition for e in events} == set(keys)  # every township still materialized, on its own partition
    for event in events:
        assert "rows_read" not in event.metadata and "problem_sample" not in event.metadata  # no counts of its own
        assert event.metadata["townships_read"].value == len(keys)
    checks = {(c.asset_key, c.check_name): c for c in result.get_asset_check_evaluations()}
    table = checks[(INGEST_KEYS["cadres"], "accounting")].metadata["townships_read"].value
    assert all(f"| {key} |" in table for key in keys)
    assert f"| {BAIMA} | 1 |" in table and "| rejected |" in table  # 白马镇's roster, with its 3 rejected rows
