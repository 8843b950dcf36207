"""`cadre-etl report`: write the district report from the warehouse, as of a stated reporting date.

With `--as-of` the warehouse's reporting date becomes that date (the views follow, so the report
and an analyst's query agree); without it the stored date is used, or, before any run stored
one, `CADRE_ETL_AS_OF` or the run's date, which the report then states.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg

from pipelines.ingest.registry import RegistryError
from pipelines.report import NoReportingDate, write_report
from pipelines.resources import build_resources
from pipelines.warehouse.reporting import ReportingPeriod, parse_as_of


def report_command(
    out: Path, district: str | None, as_of: str | None, period: str | None, warehouse_url: str | None
) -> int:
    """Write the xlsx and HTML report into `out` and print where; 2 with a message when an input is wrong."""
    resources = build_resources(warehouse_url=warehouse_url)
    try:
        with dg.build_resources(resources) as resolved, resolved.warehouse.open(migrate=True) as store:
            stored = store.reporting_period()
            if as_of is not None:
                wanted = ReportingPeriod(parse_as_of(as_of), "--as-of", period or resolved.report.period)
            elif stored is None:
                wanted = resolved.report.reporting_period()
            else:
                wanted = ReportingPeriod(stored.as_of, stored.source, period or stored.period)
            store.set_reporting(wanted)
            written = write_report(store, out, district)
    except (ValueError, RegistryError, NoReportingDate) as error:
        print(f"无法生成报告 / cannot write the report: {error}", file=sys.stderr)
        return 2
    print(f"报告 / report: {written.html}")
    print(f"报告 / report: {written.xlsx}")
    print(
        f"截至 {written.as_of.isoformat()}（{wanted.source}），报送周期 {wanted.label}；"
        f"来源文件 {written.source_files} 个，拒收 {written.rejected_rows} 行"
    )
    return 0
