"""The nightly schedule: consolidate and refresh the marts, and retry townships whose last run failed."""


from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta

import dagster as dg

from pipelines.assets.keys import CONSOLIDATED_KEYS, INGEST_KEYS, MART_KEYS
from pipelines.jobs import nightly_job
from pipelines.partitions import TOWNSHIPS, keys_of_run, township_run_requests

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"
RETRY_LOOKBACK = timedelta(days=14)
_FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]


def townships_to_retry(
    runs: Iterable[tuple[dg.DagsterRunStatus, Mapping[str, str]]],
    ordered_keys: Sequence[str],
) -> list[str]:
    """Townships whose most recent finished run did not succeed; `runs` come newest first."""
    decided: set[str] = set()
    failed: list[str] = []
    for status, tags in runs:
        for key in keys_of_run(tags, ordered_keys):
            if key not in decided:
                decided.add(key)
                if status != dg.DagsterRunStatus.SUCCESS:
                    failed.append(key)
    order = {key: index for index, key in enumerate(ordered_keys)}
    return sorted(failed, key=order.__getitem__)


def finished_ingest_runs(
    instance: dg.DagsterInstance, ingest_keys: Collection[dg.AssetKey], now: datetime
) -> list[tuple[dg.DagsterRunStatus, Mapping[str, str]]]:
    """(status, tags) of recent finished runs that loaded townships, newest first."""
    records = instance.get_run_records(
        filters=dg.RunsFilter(statuses=_FINISHED, created_after=now - RETRY_LOOKBACK),
        order_by="create_timestamp",
        ascending=False,
    )
    return [
        (record.dagster_run.status, record.dagster_run.tags)
        for record in records
        if not record.dagster_run.asset_selection  # the whole job
        or not record.dagster_run.asset_selection.isdisjoint(ingest_keys)
    ]


@dg.schedule(
    name="nightly_consolidation",
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=TIMEZONE,
    target=nightly_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_consolidation(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
    """At 02:00 Beijing time: rebuild cadre identity, history, facts and marts; retry failed townships."""
    now = context.scheduled_execution_time
    day = now.strftime("%Y-%m-%d")
    keys = context.instance.get_dynamic_partitions(TOWNSHIPS.name)
    failed = townships_to_retry(finished_ingest_runs(context.instance, INGEST_KEYS.values(), now), keys)
    consolidate = dg.RunRequest(run_key=f"nightly|{day}", asset_selection=[*CONSOLIDATED_KEYS, *MART_KEYS.values()])
    retries = township_run_requests(
        failed,
        keys,
        run_key_of=lambda key: f"retry|{day}|{key}",
        bulk_run_key=f"retry|{day}",
        asset_selection=list(INGEST_KEYS.values()),
    )
    return [consolidate, *retries]
