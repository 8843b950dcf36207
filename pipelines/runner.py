"""`cadre-etl run` and `cadre-etl db upgrade`: the same asset graph as the UI, executed in process.

The run registers every township folder as a partition of the instance (DAGSTER_HOME, or an
ephemeral one), then executes the whole graph in ONE run: every township over the partition
range, then consolidation and the marts. The end-of-run summary is SQL against the warehouse.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.ingest.files import discover
from pipelines.ingest.redact import masked, printable
from pipelines.ingest.settings import IngestSettings
from pipelines.partitions import TOWNSHIPS, range_tags
from pipelines.preflight import check_sources, probe_warehouse
from pipelines.resources import build_resources

log = logging.getLogger(__name__)


def _instance() -> dg.DagsterInstance:
    """The instance of DAGSTER_HOME when set (runs show in `make dev`), else a throwaway one."""
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def register_townships(instance: dg.DagsterInstance, root: Path, stored: list[str]) -> list[str]:
    """Adds every township folder (and every township the warehouse knows) as a partition; all keys, in order."""
    keys = sorted({t.key for t in discover(root)} | set(stored))
    registered = set(instance.get_dynamic_partitions(TOWNSHIPS.name))
    missing = [key for key in keys if key not in registered]
    if missing:
        instance.add_dynamic_partitions(TOWNSHIPS.name, missing)
    return instance.get_dynamic_partitions(TOWNSHIPS.name)


def execute(
    defs: dg.Definitions, instance: dg.DagsterInstance, keys: list[str]
) -> dg.ExecuteInProcessResult:
    """One in-process run of the whole graph over the partition range `keys[0]…keys[-1]`."""
    job = defs.resolve_implicit_global_asset_job_def()
    tags = range_tags(keys[0], keys[-1]) if keys else {}
    return job.execute_in_process(instance=instance, tags=tags, raise_on_error=False)


def run_pipeline(sources: Path | None, warehouse_url: str | None) -> int:
    """Load every township, consolidate, refresh the marts, print the summary; 0 when the run succeeded.

    The sources folder and the warehouse are checked first (`UserError` before anything is created),
    then the warehouse is migrated, once, before the run starts.
    """
    resources = build_resources(sources=sources, warehouse_url=warehouse_url)
    with dg.build_resources(resources) as resolved:
        root = resolved.sources.root_path()
        check_sources(root)
        probe_warehouse(resolved.warehouse.url)
        with resolved.warehouse.open(migrate=True) as store:
            stored = list(store.township_states())
    with _instance() as instance:
        keys = register_townships(instance, root, stored)
        result = execute(build_definitions(resources), instance, keys)
    if not result.success:
        for event in result.get_step_failure_events():
            error = event.step_failure_data.error
            while error is not None and error.cause is not None:  # the user code's own error
                error = error.cause
            message = error.message.strip() if error else event.message
            print(printable(masked(f"失败 / failed: {event.step_key}: {message}")))
        return 1
    with dg.build_resources(resources) as resolved, resolved.warehouse.open() as store:
        for line in store.seed_figures().lines():
            print(printable(line))
    return 0


def db_upgrade(warehouse_url: str | None) -> int:
    """Bring the warehouse schema to the newest migration."""
    with dg.build_resources(build_resources(warehouse_url=warehouse_url)) as resolved:
        probe_warehouse(resolved.warehouse.url)
        with resolved.warehouse.open(migrate=True):
            pass
    print("warehouse schema is at the newest migration / 仓库结构已是最新版本")
    return 0


def ingest_settings() -> IngestSettings:
    """The ingest limits from the environment, for `cadre-etl check` (the same ones the assets use)."""
    with dg.build_resources({"sources": build_resources()["sources"]}) as resolved:
        return resolved.sources.ingest_settings()
