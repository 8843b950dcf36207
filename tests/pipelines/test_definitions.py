"""The Definitions object loads, and carries what the design promises."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

import pipelines.defs as defs_package
from pipelines.definitions import defs
from pipelines.defs.ingest.assets import township_ingest
from pipelines.defs.ingest.sensors import SENSOR_INTERVAL_SECONDS
from pipelines.defs.keys import CONSOLIDATED_KEYS, INGEST_KEYS, MART_KEYS, REPORT_KEY, REPORT_VIEW_KEYS, REPORTING_KEY
from pipelines.defs.pools import WAREHOUSE_POOL
from pipelines.partitions import TOWNSHIPS


def test_definitions_are_loadable() -> None:
    dg.Definitions.validate_loadable(defs)


def test_graph_sensor_schedule_and_checks() -> None:
    keys = set(defs.resolve_asset_graph().get_all_asset_keys())
    assert keys == {
        *INGEST_KEYS.values(),
        *CONSOLIDATED_KEYS,
        *MART_KEYS.values(),
        REPORTING_KEY,
        *REPORT_VIEW_KEYS.values(),
        REPORT_KEY,
    }
    sensor = defs.resolve_sensor_def("source_folder_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.minimum_interval_seconds == SENSOR_INTERVAL_SECONDS <= 60
    schedule = defs.resolve_schedule_def("nightly_consolidation")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 2 * * *", "Asia/Shanghai")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    check_names = {(k.asset_key, k.name) for k in defs.resolve_asset_graph().asset_check_keys}
    assert {(INGEST_KEYS["cadres"], "accounting"), (INGEST_KEYS["cadres"], "reject_rate")} <= check_names
    assert {name for _, name in check_names} >= {
        "facts_reference_cadres",
        "one_current_version",
        "townships_submitting",
        "expected_townships_submitted",
    }


def test_ingest_is_township_partitioned_single_run_and_pooled() -> None:
    assert township_ingest.partitions_def == TOWNSHIPS
    assert township_ingest.backfill_policy == dg.BackfillPolicy.single_run()
    assert township_ingest.op.pool == WAREHOUSE_POOL
    assert all(township_ingest.specs_by_key[key].description for key in INGEST_KEYS.values())


def test_every_definition_comes_from_the_defs_folder_as_dg_projects_load_it() -> None:
    from_folder = dg.load_from_defs_folder(path_within_project=Path(defs_package.__file__))
    folder_keys = {key for assets in from_folder.assets or [] for key in assets.keys}
    assert folder_keys == set(defs.resolve_asset_graph().get_all_asset_keys())
    assert {s.name for s in from_folder.sensors} == {"source_folder_sensor", "follow_ingest", "dead_run_sensor"}
    assert {s.name for s in from_folder.schedules} == {"nightly_consolidation"}
    assert not from_folder.resources  # resources are bound once, in pipelines/definitions.py


def test_everything_downstream_of_the_townships_follows_their_loads_by_itself() -> None:
    graph = defs.resolve_asset_graph()
    downstream = [*CONSOLIDATED_KEYS, *MART_KEYS.values(), REPORTING_KEY, *REPORT_VIEW_KEYS.values(), REPORT_KEY]
    for key in downstream:
        condition = graph.get(key).automation_condition
        assert condition is not None and condition.get_label() == "after any upstream update", key
