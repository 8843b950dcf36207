"""`cadre-etl run` and `cadre-etl db upgrade`: the same asset graph as the UI, executed in process.

The run registers every township folder as a partition of the instance (DAGSTER_HOME, or an
ephemeral one), then executes the job `cadre_etl_run` (every asset) in ONE run: every township
over the partition range, then consolidation and the marts. With `--township`, each chosen
township gets a run of its ingest assets, then one run refreshes consolidation, the marts and the report.
Without `--township`, townships whose folder matches their last load are left out when that spares
Dagster's per-partition events: none changed, only consolidation, the marts and the report run (and no
run at all when they are up to date, `up_to_date_report`); a few changed
(at most MAX_SEPARATE_RUNS), one run each, as the sensor does. The end-of-run summary is SQL against
the warehouse.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

import dagster as dg
from rapidfuzz import process

from pipelines import progress
from pipelines.definitions import build_definitions
from pipelines.defs.ingest.sensors import plan_folder_runs
from pipelines.defs.jobs import run_job
from pipelines.defs.keys import INGEST_KEYS, REPORT_KEY
from pipelines.defs.report.assets import district_report
from pipelines.errors import UserError
from pipelines.ingest.files import discover
from pipelines.ingest.model import Township
from pipelines.ingest.redact import masked, printable
from pipelines.ingest.registry import read_registries
from pipelines.ingest.settings import IngestSettings
from pipelines.partitions import MAX_SEPARATE_RUNS, TOWNSHIPS, range_tags
from pipelines.preflight import check_sources, probe_warehouse
from pipelines.report import STEM as REPORT_STEM
from pipelines.resources import ReportResource, build_resources
from pipelines.runs import process_tags, recover_dead_runs, setup_lock
from pipelines.terminal import progress_bars
from pipelines.warehouse import Warehouse
from pipelines.warehouse.locks import WarehouseBusy
from pipelines.warehouse.reporting import ExpectedSubmission
from pipelines.warehouse.roles import RoleError

log = logging.getLogger(__name__)

# Dagster's own console lines (step started, output yielded…) only with --verbose
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
PLANNED_SUBSET = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"


@contextmanager
def planned_events_per_asset() -> Iterator[None]:
    """While open, a range run plans each asset with one event naming its partitions, not one event per township.

    Dagster writes an event per planned partition (4,000 for a province's four kinds, 30 s of a 3-minute
    rebuild on SQLite storage) unless DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS is set, which it reads
    when the run is created. Its cost: when such a run fails, Dagster does not mark its partitions failed;
    the next `cadre-etl run` reads them again anyway, since their folders no longer match a stored load.
    """
    previous = os.environ.get(PLANNED_SUBSET)
    os.environ[PLANNED_SUBSET] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[PLANNED_SUBSET]
        else:
            os.environ[PLANNED_SUBSET] = previous


def _instance() -> dg.DagsterInstance:
    """The instance of DAGSTER_HOME when set (runs show in `make dev`), else a throwaway one."""
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _prepare(instance: dg.DagsterInstance, root: Path, stored: list[str], found: list[Township]) -> list[str]:
    """Clear what dead runs left in the instance and register the townships; the partition keys."""
    recover_dead_runs(instance)
    return register_townships(instance, root, stored, found)


def register_townships(
    instance: dg.DagsterInstance, root: Path, stored: list[str], found: list[Township] | None = None
) -> list[str]:
    """Adds every township folder (and every township the warehouse knows) as a partition; all keys, in order."""
    progress.report("scan", 0, None)
    found = discover(root) if found is None else found
    progress.report("scan", len(found), len(found), unit=str(root))
    keys = sorted({t.key for t in found} | set(stored))
    registered = set(instance.get_dynamic_partitions(TOWNSHIPS.name))
    missing = [key for key in keys if key not in registered]
    if missing:
        instance.add_dynamic_partitions(TOWNSHIPS.name, missing)
    return instance.get_dynamic_partitions(TOWNSHIPS.name)


def changed_townships(found: list[Township], states: dict[str, str]) -> list[str]:
    """The townships whose folder differs from its last load (new, changed or removed), as the sensor sees them."""
    return list(plan_folder_runs(found, states, []).changed)


def chosen_townships(chosen: Sequence[str], known: Sequence[str]) -> list[str]:
    """The chosen township keys in partition order; a `UserError` naming the closest keys for a typo."""
    unknown = [key for key in chosen if key not in known]
    if unknown:
        near = [match for match, _score, _ in process.extract(unknown[0], known, limit=3)]
        raise UserError(
            f"没有乡镇 {unknown[0]}（写作 区/乡镇）。相近的有：{'、'.join(near) or '无'}",
            f"no township {unknown[0]!r} (write <district>/<township>); closest: {', '.join(near) or 'none'}",
        )
    wanted = set(chosen)
    return [key for key in known if key in wanted]


def execute(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    keys: Sequence[str],
    townships: Sequence[str] = (),
    verbose: bool = False,
    changed: Sequence[str] | None = None,
) -> list[dg.ExecuteInProcessResult]:
    """The runs of `cadre_etl_run`: one over the range `keys[0]…keys[-1]`, or one per chosen township and one to consolidate.

    `changed` (the townships whose folder differs from its last load; None: unknown) spares the unchanged ones
    Dagster's per-partition events: with none changed only consolidation and the marts run, and with a few
    (at most MAX_SEPARATE_RUNS, not all) each gets its own run, as from the sensor.
    """
    job = defs.resolve_job_def(run_job.name)
    run_config = {} if verbose else QUIET_RUN_CONFIG
    few = changed is not None and len(changed) < len(keys) and len(changed) <= MAX_SEPARATE_RUNS
    if not townships and not few:
        tags = {**(range_tags(keys[0], keys[-1]) if keys else {}), **process_tags()}
        with planned_events_per_asset():
            return [job.execute_in_process(run_config=run_config, instance=instance, tags=tags, raise_on_error=False)]
    reread = {**run_config, "ops": {"township_ingest": {"config": {"reread_unchanged": True}}}}
    every = defs.resolve_asset_graph().get_all_asset_keys()  # after the townships: all a whole run refreshes
    downstream = sorted(every - set(INGEST_KEYS.values()), key=lambda key: key.to_user_string())
    if not townships:  # the changed townships, read because they changed
        townships, reread = list(changed or ()), run_config
    results = [
        job.execute_in_process(
            run_config=reread,  # a township asked for by name is read again, even when unchanged
            instance=instance,
            partition_key=key,
            asset_selection=list(INGEST_KEYS.values()),
            tags=process_tags(),
            raise_on_error=False,
        )
        for key in townships
    ]
    if all(result.success for result in results):
        results.append(
            job.execute_in_process(
                run_config=run_config,
                instance=instance,
                asset_selection=downstream,
                tags=process_tags(),
                raise_on_error=False,
            )
        )
    return results


def _failures(result: dg.ExecuteInProcessResult) -> list[str]:
    lines = []
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        while error is not None and error.cause is not None:  # the user code's own error
            error = error.cause
        message = error.message.strip() if error else event.message
        failure = event.step_failure_data.user_failure_data  # a dg.Failure (every error leaving an asset, masked)
        if failure is not None and failure.description:
            message = failure.description
        lines.append(printable(masked(f"失败 / failed: {event.step_key}: {message}")))
    return lines


def run_pipeline(
    sources: Path | None, warehouse_url: str | None, townships: Sequence[str] = (), verbose: bool = False
) -> int:
    """Load the townships (all, or the chosen ones), consolidate, refresh the marts, print the summary.

    The sources folder and the warehouse are checked first (`UserError` before anything is created),
    then the warehouse is migrated, once, before the run starts. 0 when every run succeeded.
    """
    started = time.monotonic()
    resources = build_resources(sources=sources, warehouse_url=warehouse_url)
    with dg.build_resources(resources) as resolved, ExitStack() as held:
        root = resolved.sources.root_path()
        check_sources(root)
        probe_warehouse(resolved.warehouse.url)
        store = held.enter_context(resolved.warehouse.open(migrate=True))
        try:
            held.enter_context(store.loading(resolved.warehouse.lock_wait_seconds))
        except WarehouseBusy:
            print("另一个运行正在载入仓库，请稍后再试 / another run is loading; try again")
            return 1
        states = store.township_states()
        stored = list(states)
        found = discover(root, {f.path: f for f in store.current_files()})  # unchanged size+mtime: no re-hash
        home = os.environ.get("DAGSTER_HOME")
        held.enter_context(progress_bars())
        with setup_lock(Path(home)) if home else nullcontext():
            instance = held.enter_context(_instance())
            keys = _prepare(instance, root, stored, found)
        chosen = chosen_townships(townships, keys)
        changed = changed_townships(found, states)
        defs = build_definitions(resources)
        if not chosen and not changed:
            report = up_to_date_report(defs, instance, store, resolved.report, read_registries(root))
            if report is not None:
                return _print_up_to_date(store, report, len(keys), started)
        results = execute(defs, instance, keys, chosen, verbose, changed)
    failures = [line for result in results for line in _failures(result)]
    if failures or not all(result.success for result in results):
        print("\n".join(failures))
        return 1
    with dg.build_resources(resources) as resolved, resolved.warehouse.open() as store:
        for line in store.seed_figures().lines():
            print(printable(line))
    for result in results:
        for materialization in result.asset_materializations_for_node(district_report.op.name):
            html = materialization.metadata["html"].value
            print(printable(f"报告 / report: {html}（及同名 .xlsx / and the .xlsx beside it）"))
    runs = "、".join(result.run_id[:8] for result in results)
    print(
        f"完成 / done: 作业 job {run_job.name}，运行 run {runs}，"
        f"{len(chosen) or len(keys)} 个乡镇 townships，{time.monotonic() - started:.1f} 秒 s"
    )
    return 0


def up_to_date_report(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    store: Warehouse,
    report: ReportResource,
    expected: list[ExpectedSubmission],
) -> Path | None:
    """The report's HTML when a run with no township changed would change nothing, else None.

    Nothing may be left to consolidate, the reporting date, period and registry must be as stored, both
    report files must exist, and Dagster's record must show the report written after every other asset's
    latest materialization (an instance without that record, like a throwaway one, always runs).
    """
    html = Path(report.out_dir) / f"{REPORT_STEM}.html"
    if not (html.is_file() and html.with_suffix(".xlsx").is_file()):
        return None
    if not store.up_to_date_with(report.reporting_period(), expected):
        return None
    written = instance.get_latest_materialization_event(REPORT_KEY)
    if written is None:
        return None
    for key in defs.resolve_asset_graph().get_all_asset_keys() - {REPORT_KEY}:
        event = instance.get_latest_materialization_event(key)
        if event is None or event.timestamp > written.timestamp:
            return None
    return html


def _print_up_to_date(store: Warehouse, report: Path, townships: int, started: float) -> int:
    for line in store.seed_figures().lines():
        print(printable(line))
    print(printable(f"报告 / report: {report}（及同名 .xlsx / and the .xlsx beside it）"))
    print(
        f"完成 / done: 没有变化，未启动运行 / nothing changed since the last run, no run started，"
        f"{townships} 个乡镇 townships，{time.monotonic() - started:.1f} 秒 s"
    )
    return 0


def db_upgrade(warehouse_url: str | None) -> int:
    """Bring the warehouse schema to the newest migration."""
    with dg.build_resources(build_resources(warehouse_url=warehouse_url)) as resolved:
        probe_warehouse(resolved.warehouse.url)
        with resolved.warehouse.open(migrate=True):
            pass
    print("warehouse schema is at the newest migration / 仓库结构已是最新版本")
    return 0


def db_grant(warehouse_url: str | None, role: str, districts: list[str]) -> int:
    """Grant a PostgreSQL login role read access to the analyst schema (only `districts`' rows, when given)."""
    with dg.build_resources(build_resources(warehouse_url=warehouse_url)) as resolved:
        with resolved.warehouse.open(migrate=True) as store:
            try:
                tables = store.grant_analyst(role, districts)
            except RoleError as error:
                print(printable(error))
                return 1
    scope = "、".join(districts) if districts else "全部区县 / every district"
    print(
        printable(
            f"{role}: 可读分析库（{scope}），{len(tables)} 张表按区县限行；不可读受限库 / reads the analyst schema only"
        )
    )
    return 0


def ingest_settings() -> IngestSettings:
    """The ingest limits from the environment, for `cadre-etl check` (the same ones the assets use)."""
    with dg.build_resources({"sources": build_resources()["sources"]}) as resolved:
        return resolved.sources.ingest_settings()
