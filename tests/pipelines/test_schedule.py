"""Nightly: the schedule rebuilds consolidation and marts; a township whose last run failed retries after 02:00."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.defs.ingest.assets import township_ingest
from pipelines.defs.keys import CONSOLIDATED_KEYS, INGEST_KEYS, MART_KEYS
from pipelines.defs.warehouse.schedules import nightly_consolidation
from pipelines.partitions import TOWNSHIPS
from pipelines.resources import WarehouseResource
from tests.pipelines.conftest import make_resources, write_roster

HUOLU, JIANGKOU = "武隆区/火炉镇", "武隆区/江口镇"
NIGHT = datetime(2026, 11, 23, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_schedule_rebuilds_consolidation_and_marts_at_two_in_beijing(tmp_path: Path) -> None:
    defs = build_definitions(make_resources(tmp_path, tmp_path / "sources"))
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(
            instance=instance, scheduled_execution_time=NIGHT, repository_def=defs.get_repository_def()
        )
        request = nightly_consolidation(context)  # type: ignore[arg-type]
    assert (nightly_consolidation.cron_schedule, nightly_consolidation.execution_timezone) == (
        "0 2 * * *",
        "Asia/Shanghai",
    )
    assert isinstance(request, dg.RunRequest) and request.run_key == "nightly|2026-11-23"
    assert set(request.asset_selection or []) == {*CONSOLIDATED_KEYS, *MART_KEYS.values()}


def test_a_township_whose_last_run_failed_is_requested_once_after_two_and_not_before(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    write_roster(src / "武隆区" / "火炉镇")
    write_roster(src / "武隆区" / "江口镇")
    good = make_resources(tmp_path, src)
    broken = {**good, "warehouse": WarehouseResource(url="postgresql+psycopg://nobody@127.0.0.1:1/none")}
    defs = build_definitions(good)
    cadres = INGEST_KEYS["cadres"]
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TOWNSHIPS.name, [HUOLU, JIANGKOU])
        assert dg.materialize([township_ingest], instance=instance, resources=good, partition_key=JIANGKOU).success
        failed = dg.materialize(
            [township_ingest], instance=instance, resources=broken, partition_key=HUOLU, raise_on_error=False
        )
        assert not failed.success

        def evaluate(at: datetime, cursor: object = None) -> dg.EvaluateAutomationConditionsResult:
            return dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=cursor, evaluation_time=at)

        evening = evaluate(NIGHT - timedelta(hours=1))
        assert evening.get_requested_partitions(cadres) == set()
        night = evaluate(NIGHT + timedelta(minutes=1), evening.cursor)
        assert night.get_requested_partitions(cadres) == {HUOLU}  # not 江口镇, whose run succeeded
        later = evaluate(NIGHT + timedelta(minutes=2), night.cursor)
        assert later.get_requested_partitions(cadres) == set()  # once per night
