"""The district report: figures from the warehouse views, written as an xlsx with native charts and
a self-contained HTML page. Pure: no Dagster here; `cadre-etl report` and the report asset call
`write_report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.report.data import NoReportingDate, ReportData, read_report_data
from pipelines.report.html import render
from pipelines.report.xlsx import write_xlsx
from pipelines.warehouse import Warehouse

__all__ = ["NoReportingDate", "ReportData", "WrittenReport", "read_report_data", "write_report"]

STEM = "干部队伍建设情况报告"


@dataclass(frozen=True)
class WrittenReport:
    html: Path
    xlsx: Path
    as_of: date
    source_files: int
    rejected_rows: int


def write_report(store: Warehouse, out_dir: Path, district: str | None = None) -> WrittenReport:
    """Write `<out_dir>/<报告>[_<区县>].html` and `.xlsx` as of the warehouse's reporting date."""
    data = read_report_data(store, district)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = STEM if district is None else f"{STEM}_{district}"
    html = out_dir / f"{stem}.html"
    html.write_text(render(data), encoding="utf-8")
    xlsx = write_xlsx(data, out_dir / f"{stem}.xlsx")
    return WrittenReport(html, xlsx, data.as_of, data.source_files, data.rejected_rows)
