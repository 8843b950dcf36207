"""The warehouse facade the Dagster assets and the CLI call. The work is in the modules beside it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, Table, TableClause, func, literal_column, select, table

from pipelines.ingest.model import FileResult, SourceFile, Township
from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import aggregates, integrity, migrate, roles
from pipelines.warehouse.catalog import VIEW_NAMES
from pipelines.warehouse.checksums import table_checksums
from pipelines.warehouse.consolidate import consolidate
from pipelines.warehouse.engines import Stores, open_stores, reading
from pipelines.warehouse.fields import ALL_KINDS, UNCLASSIFIED
from pipelines.warehouse.figures import SeedFigures, seed_figures
from pipelines.warehouse.load import LoadStats, load_township
from pipelines.warehouse.locks import GRACE_SECONDS, exclusive
from pipelines.warehouse.manifest import totals_by_township
from pipelines.warehouse.records import convert_results
from pipelines.warehouse.reporting import (
    ExpectedSubmission,
    ReportingPeriod,
    expected_unchanged,
    read_reporting_period,
    replace_expected,
    set_reporting_period,
    source_totals,
)
from pipelines.warehouse.tables import FACT, etl_manifest, etl_pending_change, etl_township_state

__all__ = ["LoadStats", "SeedFigures", "Warehouse", "WarehouseConfig"]

_ZERO = {"files": 0, "rows_read": 0, "loaded": 0, "rejected": 0, "skipped": 0}


@dataclass(frozen=True)
class WarehouseConfig:
    url: str  # "sqlite:///var/warehouse.db" or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    pii_key: bytes
    archive_dir: Path
    restricted_url: str | None = None  # SQLite: default sibling "<name>_restricted.db"; PostgreSQL: schema
    schema: str | None = None  # PostgreSQL: analyst schema (restricted: "<schema>_restricted"); None: public


class Warehouse:
    """One warehouse: the analyst store, the restricted store and the raw archive."""

    def __init__(self, config: WarehouseConfig) -> None:
        self.config = config
        self.stores: Stores = open_stores(config.url, config.restricted_url, config.schema)

    @property
    def engine(self) -> Engine:
        """The analyst store's engine."""
        return self.stores.analyst

    @property
    def restricted_engine(self) -> Engine:
        return self.stores.restricted

    def upgrade(self, settings: IngestSettings | None = None) -> None:
        """Alembic upgrade head on both stores, then reference data, the settings the views share with the
        ingest rules (the young-cadre ages; default IngestSettings()) and views. Idempotent."""
        migrate.upgrade(self.stores, settings)

    def is_created(self) -> bool:
        """Whether a migration ever ran here; readers treat a warehouse not yet created as empty."""
        with reading(self.stores.analyst) as connection:
            return migrate.current_revision(connection) is not None

    def load_township(
        self, township: Township, results: list[FileResult], kinds: Collection[str] | None = None
    ) -> dict[str, LoadStats]:
        """Replace the township's current records per kind; `results` = every file in the folder."""
        return load_township(self.stores, self.config.pii_key, self.config.archive_dir, township, results, kinds)

    def consolidate(self) -> dict[str, int]:
        """dim_cadre history, conflicts and facts from the current records; counts of changes."""
        return consolidate(self.stores)

    def record_converter(self) -> Callable[[list[FileResult]], None]:
        """What ingest workers run on each township's results so that loading finds its records converted
        (picklable: this warehouse's PII key goes with it, to the local worker processes only)."""
        return partial(convert_results, pii_key=self.config.pii_key)

    def current_files(self, townships: Collection[str] | None = None) -> list[SourceFile]:
        """The files in every township's (or only `townships`') current state, as last fingerprinted."""
        m = etl_manifest
        query = select(m.c.path, m.c.sha256, m.c.size, m.c.mtime_ns).distinct().where(m.c.is_current).order_by(m.c.path)
        if townships is not None:
            query = query.where(m.c.township_key.in_(sorted(townships)))
        with reading(self.stores.analyst) as connection:
            rows = connection.execute(query).all()
        return [SourceFile(Path(r[0]), r.sha256, int(r.size), int(r.mtime_ns or 0)) for r in rows]

    def township_states(self) -> dict[str, str]:
        """Township key → fingerprint of its last complete load (township_fingerprint semantics)."""
        s = etl_township_state
        with reading(self.stores.analyst) as connection:
            return {row.township_key: row.fingerprint for row in connection.execute(select(s))}

    def stored_stats(self) -> dict[str, dict[str, LoadStats]]:
        """Township key → kind → totals of its current files, as a load that changed nothing returns them."""
        with reading(self.stores.analyst) as connection:
            totals = totals_by_township(connection)
        return {
            township: {
                kind: LoadStats(kind=kind, changed=False, **by_kind.get(kind, _ZERO))
                for kind in ALL_KINDS
                if kind in by_kind or kind != UNCLASSIFIED
            }
            for township, by_kind in totals.items()
        }

    def orphan_fact_rows(self) -> dict[str, int]:
        """Fact rows whose cadre key matches no cadre, per table and key column (the consolidation check)."""
        return integrity.orphan_fact_rows(self.stores.analyst)

    def cadres_with_several_current_versions(self) -> list[str]:
        """Cadre keys (abbreviated) with more than one current version (the consolidation check)."""
        return integrity.cadres_with_several_current_versions(self.stores.analyst)

    def count_rows(self, table: Table) -> int:
        """How many rows `table` holds (every version, for the historized tables)."""
        with reading(self.stores.analyst) as connection:
            return int(connection.scalar(select(func.count()).select_from(table)) or 0)

    def fact_rows(self) -> int:
        """How many rows the fact tables hold after a consolidation: their kinds' current records, summed from
        the current manifests (4,000 rows at 1,000 townships) instead of counted in 1.6 million fact rows."""
        m = etl_manifest
        query = select(func.coalesce(func.sum(m.c.rows_loaded), 0)).where(m.c.is_current, m.c.kind.in_(list(FACT)))
        with reading(self.stores.analyst) as connection:
            return int(connection.scalar(query) or 0)

    def table_checksums(self) -> dict[str, str]:
        return table_checksums(self.stores)

    def seed_figures(self) -> SeedFigures:
        """导师引航 figures per district and township, and current files and rows per kind."""
        return seed_figures(self.stores)

    def set_reporting(self, period: ReportingPeriod, expected: list[ExpectedSubmission] | None = None) -> None:
        """Store the reporting date and period the report's views read, and (when given) the registry."""
        with self.stores.analyst.begin() as connection:
            before = read_reporting_period(connection)
            if set_reporting_period(connection, period):
                aggregates.follow_reporting(connection, before, period)
            if expected is not None:
                replace_expected(connection, expected)

    def up_to_date_with(self, period: ReportingPeriod, expected: list[ExpectedSubmission]) -> bool:
        """Nothing left to consolidate, and the reporting date, period and registry as stored: what a run
        would refresh after its loads is already refreshed."""
        with reading(self.stores.analyst) as connection:
            pending = connection.scalar(select(func.count()).select_from(etl_pending_change))
            return (
                not pending and read_reporting_period(connection) == period and expected_unchanged(connection, expected)
            )

    def reporting_period(self) -> ReportingPeriod | None:
        """The stored reporting date and period; None before one was set."""
        with reading(self.stores.analyst) as connection:
            return read_reporting_period(connection)

    def source_totals(self, district: str | None = None) -> tuple[int, int]:
        """(current source files, rows rejected in them), for one district or every district."""
        with reading(self.stores.analyst) as connection:
            return source_totals(connection, district)

    def read_view(self, name: str) -> list[dict[str, Any]]:
        """Every row of one of the warehouse's views (see catalog.VIEW_NAMES), as dicts."""
        if name not in VIEW_NAMES:
            raise ValueError(f"not a warehouse view: {name!r}")
        with reading(self.stores.analyst) as connection:
            query = select(literal_column("*")).select_from(table(name))
            return [dict(row) for row in connection.execute(query).mappings()]

    def read_rows(self, query: Select[Any]) -> list[dict[str, Any]]:
        """The rows of a query over the warehouse's views (the report's sums), as dicts."""
        named = {t.name for t in query.get_final_froms() if isinstance(t, TableClause)}
        if not named or not named <= set(VIEW_NAMES):
            raise ValueError(f"only the warehouse views may be read here, not {sorted(named)!r}")
        with reading(self.stores.analyst) as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def view_summary(self, name: str, limit: int) -> tuple[int, list[dict[str, Any]]]:
        """The row count of one view and its first `limit` rows, without fetching the rest: one query, so
        the view (an aggregate over the province, for most) is computed once, not once for each."""
        if name not in VIEW_NAMES:
            raise ValueError(f"not a warehouse view: {name!r}")
        total = "cadre_etl_view_rows"
        query = select(literal_column("*"), func.count().over().label(total)).select_from(table(name)).limit(limit)
        with reading(self.stores.analyst) as connection:
            first = [dict(row) for row in connection.execute(query).mappings()]
        return (int(first[0][total]) if first else 0), [{k: v for k, v in row.items() if k != total} for row in first]

    def grant_analyst(self, role: str, districts: Sequence[str] = ()) -> list[str]:
        """Let a PostgreSQL login role read the analyst schema only, and only `districts`' rows when given."""
        return roles.grant(self.stores, role, districts)

    def loading(self, wait_seconds: float = GRACE_SECONDS) -> AbstractContextManager[None]:
        """The lock a whole run holds: WarehouseBusy when another run is still loading this warehouse after `wait_seconds`."""
        return exclusive(self.stores.analyst, f"cadre-etl run {self.stores.analyst_schema or ''}", wait_seconds)

    def dispose(self) -> None:
        self.stores.dispose()
