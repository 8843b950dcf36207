"""The pipeline's configuration, read from the environment in this one place.

Each field has a development default (paths relative to the working directory). Dagster's
`EnvVar` has no default of its own (dagster-io/dagster#16232), so `build_resources` passes
an `EnvVar` only for the variables that are set: Dagster then resolves them when a run
launches and shows them as environment-backed in the UI, and the others keep the default.

| variable | default |
|---|---|
| CADRE_ETL_SOURCES | sources |
| CADRE_ETL_WAREHOUSE_URL | sqlite:///var/warehouse.db |
| CADRE_ETL_RESTRICTED_URL | (beside the warehouse, chosen by the warehouse) |
| CADRE_ETL_PII_KEY | a development key, with a loud warning |
| CADRE_ETL_ARCHIVE_DIR | var/archive |
| CADRE_ETL_LOCK_WAIT_SECONDS | 5 (how long `cadre-etl run` waits for another run's warehouse lock) |
| CADRE_ETL_MAX_FILE_MB | 50 |
| CADRE_ETL_WORKERS | 0: one worker process per core |
| CADRE_ETL_FILE_SECONDS | 60 (per file, in a worker) |
| CADRE_ETL_WORKER_MEMORY_MB | 2048 (address space a worker may add) |
| CADRE_ETL_REJECT_RATE_WARN_PERCENT | 5 |
| CADRE_ETL_FRESHNESS_DAYS | 120 |
| CADRE_ETL_REPORT_DIR | var/report |
| CADRE_ETL_AS_OF | (the run's date in Asia/Shanghai, stated as such in the report and the warehouse) |
| CADRE_ETL_REPORTING_PERIOD | quarter (or month) |
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
from pydantic import PrivateAttr

from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import Warehouse, WarehouseConfig, pii_key_from_env
from pipelines.warehouse.reporting import ReportingPeriod, parse_as_of


class SourcesResource(dg.ConfigurableResource):
    """The drop-folder root `<root>/<district>/<township>/` and the limits for reading it."""

    root: str = "sources"
    max_file_mb: int = 50
    workers: int = 0  # worker processes that read and validate townships; 0: one per core
    file_seconds: int = 60
    worker_memory_mb: int = 2048

    def root_path(self) -> Path:
        return Path(self.root)

    def ingest_settings(self) -> IngestSettings:
        return IngestSettings(
            max_file_bytes=self.max_file_mb * 2**20,
            file_seconds=float(self.file_seconds),
            worker_memory_bytes=self.worker_memory_mb * 2**20,
        )


class WarehouseResource(dg.ConfigurableResource):
    """The SQL warehouse: its URL, the key that pseudonymizes ID numbers, the raw-file archive."""

    url: str = "sqlite:///var/warehouse.db"
    restricted_url: str = ""
    pii_key: str = ""
    archive_dir: str = "var/archive"
    lock_wait_seconds: int = 5  # how long `cadre-etl run` waits for another run to let go of the warehouse

    _config: WarehouseConfig | None = PrivateAttr(default=None)

    def warehouse_config(self) -> WarehouseConfig:
        """The pure warehouse settings; without a PII key, the development key and a loud warning."""
        return WarehouseConfig(
            url=self.url,
            pii_key=pii_key_from_env(self.pii_key or None),
            archive_dir=Path(self.archive_dir),
            restricted_url=self.restricted_url or None,
        )

    @contextmanager
    def open(self, *, migrate: bool = False) -> Iterator[Warehouse]:
        """The warehouse, disposed of on exit; `migrate` (writers, at the start of a run) upgrades it first.

        Readers (sensor ticks, checks, marts) never migrate, so they never wait for the write lock.
        """
        if self._config is None:  # once per run or tick, so the key warning is said once (and after preflight)
            self._config = self.warehouse_config()
        warehouse = Warehouse(self._config)
        try:
            if migrate:
                warehouse.upgrade()
            yield warehouse
        finally:
            warehouse.dispose()


class QualityResource(dg.ConfigurableResource):
    """Thresholds of the warning-level asset checks."""

    reject_rate_warn_percent: int = 5
    freshness_days: int = 120


class ReportResource(dg.ConfigurableResource):
    """The district report: where it is written, its reporting date and the reporting period (month or quarter)."""

    out_dir: str = "var/report"
    as_of: str = ""  # YYYY-MM-DD; empty: the run's date, recorded as such
    period: str = "quarter"

    def reporting_period(self, run_date: date | None = None) -> ReportingPeriod:
        """The configured reporting date; without one, the run's date, and the source says so."""
        if self.as_of:
            return ReportingPeriod(parse_as_of(self.as_of), "CADRE_ETL_AS_OF", self.period)
        return ReportingPeriod(run_date or today_in_china(), RUN_DATE_SOURCE, self.period)


RUN_DATE_SOURCE = "运行日期，未设 CADRE_ETL_AS_OF"
REPORT_TIMEZONE = "Asia/Shanghai"


def today_in_china() -> date:
    """The run's date where the offices are; used only when no reporting date is configured, and labelled so."""
    return datetime.now(ZoneInfo(REPORT_TIMEZONE)).date()


_STR_VARS = {
    ("sources", "root"): "CADRE_ETL_SOURCES",
    ("warehouse", "url"): "CADRE_ETL_WAREHOUSE_URL",
    ("warehouse", "restricted_url"): "CADRE_ETL_RESTRICTED_URL",
    ("warehouse", "pii_key"): "CADRE_ETL_PII_KEY",
    ("warehouse", "archive_dir"): "CADRE_ETL_ARCHIVE_DIR",
    ("report", "out_dir"): "CADRE_ETL_REPORT_DIR",
    ("report", "as_of"): "CADRE_ETL_AS_OF",
    ("report", "period"): "CADRE_ETL_REPORTING_PERIOD",
}
_INT_VARS = {
    ("sources", "max_file_mb"): "CADRE_ETL_MAX_FILE_MB",
    ("sources", "workers"): "CADRE_ETL_WORKERS",
    ("sources", "file_seconds"): "CADRE_ETL_FILE_SECONDS",
    ("sources", "worker_memory_mb"): "CADRE_ETL_WORKER_MEMORY_MB",
    ("warehouse", "lock_wait_seconds"): "CADRE_ETL_LOCK_WAIT_SECONDS",
    ("quality", "reject_rate_warn_percent"): "CADRE_ETL_REJECT_RATE_WARN_PERCENT",
    ("quality", "freshness_days"): "CADRE_ETL_FRESHNESS_DAYS",
}


def _from_env(resource: str, environ: Mapping[str, str]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for (owner, field), name in _STR_VARS.items():
        if owner == resource and environ.get(name):
            fields[field] = dg.EnvVar(name)
    for (owner, field), name in _INT_VARS.items():
        if owner == resource and environ.get(name):
            fields[field] = dg.EnvVar.int(name)
    return fields


def build_resources(
    sources: Path | None = None,
    warehouse_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, dg.ConfigurableResource]:
    """The resources every definition uses; explicit arguments (from the CLI) beat the environment."""
    env = os.environ if environ is None else environ
    source_fields = _from_env("sources", env)
    warehouse_fields = _from_env("warehouse", env)
    if sources is not None:
        source_fields["root"] = str(sources)
    if warehouse_url is not None:
        warehouse_fields["url"] = warehouse_url
    return {
        "sources": SourcesResource(**source_fields),
        "warehouse": WarehouseResource(**warehouse_fields),
        "quality": QualityResource(**_from_env("quality", env)),
        "report": ReportResource(**_from_env("report", env)),
    }
