"""The district report as assets: its reference data, its views, and the xlsx and HTML refreshed after the marts."""

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.defs.automation import AFTER_UPSTREAM
from pipelines.defs.column_schema import COLUMN_SCHEMA, view_schema
from pipelines.defs.keys import (
    CADRE_KEY,
    FACTS_KEY,
    MART_KEYS,
    MARTS_GROUP,
    REPORT_GROUP,
    REPORT_KEY,
    REPORT_VIEW_KEYS,
    REPORTING_KEY,
    WAREHOUSE_GROUP,
)
from pipelines.defs.masking import masked_errors
from pipelines.defs.metadata import view_results
from pipelines.ingest.registry import read_registries
from pipelines.report import write_report
from pipelines.resources import ReportResource, SourcesResource, WarehouseResource
from pipelines.warehouse.report_views import VIEWS

_DESCRIPTIONS = {view.name: view.description for view in VIEWS}


# after consolidation, so a run has migrated the warehouse before the reference tables are written
@dg.asset(
    key=REPORTING_KEY,
    group_name=WAREHOUSE_GROUP,
    deps=[CADRE_KEY, FACTS_KEY],
    kinds={"sql"},
    automation_condition=AFTER_UPSTREAM,
)
@masked_errors
def reporting_reference(
    sources: SourcesResource, warehouse: WarehouseResource, report: ReportResource
) -> dg.MaterializeResult:
    """Stores the reporting date, the reporting period and every district's expected-townships registry."""
    period = report.reporting_period()
    expected = read_registries(sources.root_path())
    with warehouse.open() as store:
        store.set_reporting(period, expected)
    return dg.MaterializeResult(
        metadata={
            "as_of_date": period.as_of.isoformat(),
            "as_of_source": period.source,
            "period": period.label,
            "expected_submissions": len(expected),
            "expected_townships": len({e.township_key for e in expected}),
        }
    )


@dg.multi_asset(
    name="report_views",
    specs=[
        dg.AssetSpec(
            key,
            description=_DESCRIPTIONS[view],
            group_name=MARTS_GROUP,
            deps=[CADRE_KEY, FACTS_KEY, REPORTING_KEY],
            kinds={"sql"},
            metadata={COLUMN_SCHEMA: view_schema(view)},
            automation_condition=AFTER_UPSTREAM,
        )
        for view, key in REPORT_VIEW_KEYS.items()
    ],
    can_subset=True,
)
@masked_errors
def report_views(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult]:
    """Queries each selected report view as of the stored reporting date, so a broken view fails here."""
    with warehouse.open() as store:
        yield from view_results(store, REPORT_VIEW_KEYS, context.selected_asset_keys, phase="report")


@dg.asset(
    key=REPORT_KEY,
    group_name=REPORT_GROUP,
    deps=[*MART_KEYS.values(), *REPORT_VIEW_KEYS.values()],
    kinds={"xlsx", "html"},
    automation_condition=AFTER_UPSTREAM,
)
@masked_errors
def district_report(warehouse: WarehouseResource, report: ReportResource) -> dg.MaterializeResult:
    """Writes the district report, an xlsx with native charts and a self-contained HTML page, from the views."""
    with warehouse.open() as store:
        written = write_report(store, Path(report.out_dir))
    return dg.MaterializeResult(
        metadata={
            "html": dg.MetadataValue.path(str(written.html)),
            "xlsx": dg.MetadataValue.path(str(written.xlsx)),
            "as_of_date": written.as_of.isoformat(),
            "source_files": written.source_files,
            "rejected_rows": written.rejected_rows,
        }
    )


def missing_submissions(register: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Township → the kinds it owes this period (逾期) or has never sent (从未报送), from mart_submission_register."""
    missing: dict[str, list[str]] = {}
    for row in register:
        if row["status"] in ("逾期", "从未报送"):
            missing.setdefault(row["township_key"], []).append(f"{row['kind']} {row['status']}")
    return {township: sorted(kinds) for township, kinds in sorted(missing.items())}


@dg.asset_check(
    asset=REPORT_VIEW_KEYS["mart_submission_register"],
    name="expected_townships_submitted",
    description="every township in a district's _townships.yaml sent each expected kind in the reporting period",
)
@masked_errors
def expected_townships_submitted(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.open() as store:
        missing = missing_submissions(store.read_view("mart_submission_register"))
    return dg.AssetCheckResult(
        passed=not missing,
        severity=dg.AssetCheckSeverity.WARN,
        description="、".join(missing) if missing else None,
        metadata={"townships": len(missing), "missing": dg.MetadataValue.json(missing)},
    )
