"""Township ingest: one asset per record kind, partitioned by township, loaded in one step.

A township whose files all match its last load (the sensor's fingerprint) is not read again.
The others are read and validated in worker processes (`check_township`, the same path as
`cadre-etl check`, each file bounded in memory and time), feedback workbooks are written beside
the office's files, and every kind is loaded into the warehouse here, one township at a time.
A run over many townships (a backfill, a first load) is one run and one step; its per-township
detail is then one table per kind in the accounting check, not metadata on each partition.
"""

import time
from collections.abc import Iterator

import dagster as dg

from pipelines import progress
from pipelines.defs.automation import RETRY_FAILED_NIGHTLY
from pipelines.defs.checks import INGEST_CHECK_SPECS, ingest_check_results
from pipelines.defs.column_schema import COLUMN_SCHEMA, ROW_COUNT, record_schema
from pipelines.defs.keys import INGEST_GROUP, INGEST_KEYS
from pipelines.defs.masking import masked_errors
from pipelines.defs.metadata import counts, kind_metadata, load_totals, township_row, townships_table
from pipelines.defs.pools import WAREHOUSE_POOL
from pipelines.ingest.files import township_fingerprint
from pipelines.ingest.workers import PoolUsage, check_townships
from pipelines.partitions import TOWNSHIPS, townships_for_keys
from pipelines.resources import QualityResource, SourcesResource, WarehouseResource
from pipelines.runs import tag_run_process
from pipelines.warehouse import LoadStats
from schemas import KINDS
from schemas.registry import kind_summary

# At most this many townships of a run get their own per-partition metadata (read townships and unchanged ones
# counted apart): a single-township run (the sensor's, `cadre-etl run --township`) shows everything on its
# partition; a run that reads more (a first load, a rebuild, a backfill) lists every township it read in
# each kind's accounting check instead, once per run.
PARTITION_DETAIL_LIMIT = 25


class IngestConfig(dg.Config):
    """Run options of the township ingest."""

    reread_unchanged: bool = False  # read townships whose files match their last load too (after a rules change)


@dg.multi_asset(
    name="township_ingest",
    specs=[
        dg.AssetSpec(
            INGEST_KEYS[kind],
            description=kind_summary(kind),
            group_name=INGEST_GROUP,
            kinds={"excel"},
            metadata={COLUMN_SCHEMA: record_schema(kind)},
            automation_condition=RETRY_FAILED_NIGHTLY,
        )
        for kind in KINDS
    ],
    check_specs=INGEST_CHECK_SPECS,
    partitions_def=TOWNSHIPS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
)
@masked_errors
def township_ingest(
    context: dg.AssetExecutionContext,
    config: IngestConfig,
    sources: SourcesResource,
    warehouse: WarehouseResource,
    quality: QualityResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Reads every selected township whose files changed, writes feedback, and loads all four kinds."""
    tag_run_process(context.instance, context.run)  # it holds the pool slot: a dead worker must be seen
    settings = sources.ingest_settings()
    with warehouse.open(migrate=True) as store:
        keys = context.partition_keys
        # a few townships (the sensor's runs): their files alone, not the province's
        known = {f.path: f for f in store.current_files(keys if len(keys) <= PARTITION_DETAIL_LIMIT else None)}
        townships = townships_for_keys(sources.root_path(), keys, known)
        stored = store.township_states()
        unchanged = {
            key
            for key, township in townships.items()
            if not config.reread_unchanged and stored.get(key) == township_fingerprint(township)
        }
        stored_stats = store.stored_stats() if unchanged else {}
        stats_by_township: dict[str, dict[str, LoadStats]] = {key: stored_stats.get(key, {}) for key in unchanged}
        changed = [township for key, township in townships.items() if key not in unchanged]
        context.log.info("%d townships unchanged since their last load, %d to read", len(unchanged), len(changed))
        # Dagster lists every partition of the instance on each add_asset_metadata(partition_key=…) call, so
        # per-partition metadata is bounded per run (docs/operations.md, "Dagster's bookkeeping")
        detail_unchanged = len(townships) <= PARTITION_DETAIL_LIMIT
        detail_read = len(changed) <= PARTITION_DETAIL_LIMIT
        bookkeeping = time.perf_counter()
        for key in sorted(unchanged) if detail_unchanged else ():  # their counts as loaded before
            for kind in KINDS:
                metadata = {**counts(stats_by_township[key].get(kind)), "unchanged_since_last_load": True}
                metadata[ROW_COUNT] = metadata["loaded"]
                context.add_asset_metadata(metadata, asset_key=INGEST_KEYS[kind], partition_key=key)
        bookkeeping = time.perf_counter() - bookkeeping
        rows_read = 0
        progress.report("ingest", 0, len(changed), unit=f"{len(unchanged)} unchanged" if unchanged else "")
        usage = PoolUsage()  # the workers' CPU and memory, which the run's own rusage does not see
        read_rows: dict[str, list[tuple[object, ...]]] = {kind: [] for kind in KINDS}
        converter = store.record_converter()  # the workers convert the rows too: the loader only inserts
        checked = check_townships(changed, settings, processes=sources.workers, usage=usage, convert=converter)
        for done, (township, results) in enumerate(checked, start=1):
            stats = store.load_township(township, results)
            stats_by_township[township.key] = stats
            rows_read += sum(s.rows_read for s in stats.values())
            progress.report("ingest", done, len(changed), rows=rows_read, unit=township.key)
            started = time.perf_counter()
            for kind in KINDS:
                read_rows[kind].append(township_row(township.key, kind, results, stats.get(kind)))
                if detail_read:
                    context.add_asset_metadata(
                        kind_metadata(kind, results, stats.get(kind)),
                        asset_key=INGEST_KEYS[kind],
                        partition_key=township.key,
                    )
            bookkeeping += time.perf_counter() - started
            if detail_read:  # a larger run lists every township in each kind's accounting check instead
                context.log.info("%s: %s", township.key, {k: s.loaded for k, s in stats.items()})
    detailed = (len(unchanged) if detail_unchanged else 0) + (len(changed) if detail_read else 0)
    context.log.info("per-partition metadata for %d of %d townships (%.1f s)", detailed, len(townships), bookkeeping)
    for kind in KINDS:
        totals = {
            **load_totals(kind, stats_by_township),
            "townships_read": len(changed),
            "townships_unchanged": len(unchanged),
            "partition_metadata_seconds": round(bookkeeping, 1),
            "worker_cpu_seconds": round(usage.cpu_seconds, 1),
            "worker_peak_rss_mib": round(usage.peak_rss_bytes / 2**20),
        }
        yield dg.MaterializeResult(asset_key=INGEST_KEYS[kind], metadata=totals)
    yield from ingest_check_results(
        stats_by_township,
        quality.reject_rate_warn_percent,
        {kind: townships_table(rows) for kind, rows in read_rows.items()},
    )
