"""Asset checks: accounting and reject rate per kind (with the load), consolidation, townships submitting.

The rules are plain functions over load statistics, or warehouse queries (`pipelines.warehouse.integrity`);
the decorated checks only turn their findings into `AssetCheckResult`s with the offending townships listed.
"""

import warnings
from collections.abc import Iterator, Mapping

import dagster as dg

from pipelines.defs.keys import CADRE_KEY, FACTS_KEY, INGEST_KEYS, MART_KEYS
from pipelines.defs.masking import masked_errors
from pipelines.partitions import TOWNSHIPS
from pipelines.resources import QualityResource, WarehouseResource
from pipelines.warehouse import LoadStats
from pipelines.warehouse.integrity import stale_townships

ACCOUNTING = "accounting"
REJECT_RATE = "reject_rate"


def _ingest_check_specs() -> list[dg.AssetCheckSpec]:
    """Accounting (blocking) and reject rate on every ingest asset, per township partition.

    A run of one township (the sensor's usual run) records each check on that partition, so a
    township with rejected rows shows red in the check's own partition list; a run over a
    range of townships records one evaluation for the run, naming the townships. Partitioned
    checks are a Dagster 1.13 preview feature: its warning is silenced here, where it is chosen.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return [
            spec
            for key in INGEST_KEYS.values()
            for spec in (
                dg.AssetCheckSpec(
                    ACCOUNTING,
                    asset=key,
                    blocking=True,  # rows that do not add up must not reach consolidation
                    partitions_def=TOWNSHIPS,
                    description="rows read = loaded + rejected + skipped, per township",
                ),
                dg.AssetCheckSpec(
                    REJECT_RATE,
                    asset=key,
                    partitions_def=TOWNSHIPS,
                    description="rejected / read stays under the warning threshold",
                ),
            )
        ]


INGEST_CHECK_SPECS = _ingest_check_specs()


def accounting_mismatches(stats_by_township: Mapping[str, Mapping[str, LoadStats]], kind: str) -> dict[str, str]:
    """Townships whose rows do not add up, with the sum written out."""
    mismatches = {}
    for township, by_kind in stats_by_township.items():
        s = by_kind.get(kind)
        if s is not None and s.rows_read != s.loaded + s.rejected + s.skipped:
            mismatches[township] = f"{s.rows_read} != {s.loaded} + {s.rejected} + {s.skipped}"
    return mismatches


def reject_rates_over(
    stats_by_township: Mapping[str, Mapping[str, LoadStats]], kind: str, percent: float
) -> dict[str, float]:
    """Townships whose share of rejected rows is above `percent`, with that share in percent."""
    over = {}
    for township, by_kind in stats_by_township.items():
        s = by_kind.get(kind)
        if s is not None and s.rows_read and 100 * s.rejected / s.rows_read > percent:
            over[township] = round(100 * s.rejected / s.rows_read, 1)
    return over


def ingest_check_results(
    stats_by_township: Mapping[str, Mapping[str, LoadStats]],
    reject_warn_percent: float,
    townships_read: Mapping[str, dg.MetadataValue] | None = None,
) -> Iterator[dg.AssetCheckResult]:
    """The accounting (error) and reject-rate (warning) results of every kind for one run.

    `townships_read` (kind → table) lists every township the run read, once per run: per-partition
    metadata is bounded per run (the ingest asset's PARTITION_DETAIL_LIMIT).
    """
    for kind, key in INGEST_KEYS.items():
        mismatches = accounting_mismatches(stats_by_township, kind)
        metadata = {"townships_checked": len(stats_by_township), "mismatches": dg.MetadataValue.json(mismatches)}
        if townships_read is not None:
            metadata["townships_read"] = townships_read[kind]
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=ACCOUNTING,
            passed=not mismatches,
            severity=dg.AssetCheckSeverity.ERROR,
            description="；".join(f"{t}: {sum_}" for t, sum_ in mismatches.items()) or None,
            metadata=metadata,
        )
        over = reject_rates_over(stats_by_township, kind, reject_warn_percent)
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=REJECT_RATE,
            passed=not over,
            severity=dg.AssetCheckSeverity.WARN,
            description="；".join(f"{t} {rate} %" for t, rate in over.items()) or None,
            metadata={
                "highest_reject_percent": max(reject_rates_over(stats_by_township, kind, -1.0).values(), default=0.0),
                "threshold": dg.MetadataValue.text(f"{reject_warn_percent} %"),  # text: not plotted as a series
                "townships_over": dg.MetadataValue.json(over),
            },
        )


@dg.asset_check(asset=FACTS_KEY, name="facts_reference_cadres", description="no fact row references a missing cadre")
@masked_errors
def facts_reference_cadres(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.open() as store:
        orphans = store.orphan_fact_rows()
    return dg.AssetCheckResult(passed=not orphans, metadata={"orphans": dg.MetadataValue.json(orphans)})


@dg.asset_check(asset=CADRE_KEY, name="one_current_version", description="no cadre has two current versions")
@masked_errors
def one_current_version(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.open() as store:
        doubled = store.cadres_with_several_current_versions()
    return dg.AssetCheckResult(
        passed=not doubled, metadata={"cadres": len(doubled), "sample": dg.MetadataValue.json(doubled[:20])}
    )


@dg.asset_check(
    asset=MART_KEYS["mart_submission_status"],
    name="townships_submitting",
    description="every township sent something within CADRE_ETL_FRESHNESS_DAYS days",
)
@masked_errors
def townships_submitting(warehouse: WarehouseResource, quality: QualityResource) -> dg.AssetCheckResult:
    with warehouse.open() as store:
        stale = stale_townships(store.read_view("mart_submission_status"), quality.freshness_days)
    return dg.AssetCheckResult(
        passed=not stale,
        severity=dg.AssetCheckSeverity.WARN,
        description="、".join(stale) if stale else None,
        metadata={"days": quality.freshness_days, "stale_townships": dg.MetadataValue.json(stale)},
    )
