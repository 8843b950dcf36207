"""nightly_consolidation: consolidation and marts every night, plus townships whose last run failed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.assets.ingest import township_ingest
from pipelines.assets.keys import CONSOLIDATED_KEYS, INGEST_KEYS, MART_KEYS
from pipelines.definitions import build_definitions
from pipelines.partitions import TOWNSHIPS
from pipelines.resources import WarehouseResource
from pipelines.schedules import nightly_consolidation
from tests.pipelines.conftest import make_resources, write_roster

HUOLU, JIANGKOU = "武隆区/火炉镇", "武隆区/江口镇"
NIGHT = datetime(2026, 11, 23, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def evaluate(instance: dg.DagsterInstance, resources: dict) -> list[dg.RunRequest]:
    context = dg.build_schedule_context(
        instance=instance,
        scheduled_execution_time=NIGHT,
        repository_def=build_definitions(resources).get_repository_def(),
    )
    return list(nightly_consolidation(context))  # type: ignore[arg-type]


def test_schedule_requests_consolidation_and_retries_failed_townships(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    write_roster(src / "武隆区" / "火炉镇")
    write_roster(src / "武隆区" / "江口镇")
    good = make_resources(tmp_path, src)
    broken = {**good, "warehouse": WarehouseResource(url="postgresql+psycopg://nobody@127.0.0.1:1/none")}
    assert nightly_consolidation.cron_schedule == "0 2 * * *"
    assert nightly_consolidation.execution_timezone == "Asia/Shanghai"

    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TOWNSHIPS.name, [HUOLU, JIANGKOU])
        assert dg.materialize([township_ingest], instance=instance, resources=good, partition_key=JIANGKOU).success
        failed = dg.materialize(
            [township_ingest], instance=instance, resources=broken, partition_key=HUOLU, raise_on_error=False
        )
        assert not failed.success

        consolidate, *retries = evaluate(instance, good)
        assert set(consolidate.asset_selection or []) == {*CONSOLIDATED_KEYS, *MART_KEYS.values()}
        assert consolidate.run_key == "nightly|2026-11-23"
        assert [(r.partition_key, set(r.asset_selection or [])) for r in retries] == [
            (HUOLU, set(INGEST_KEYS.values()))
        ]

        assert dg.materialize([township_ingest], instance=instance, resources=good, partition_key=HUOLU).success
        assert len(evaluate(instance, good)) == 1  # its last run succeeded: nothing to retry
