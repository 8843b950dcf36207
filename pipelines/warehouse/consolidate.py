"""Consolidation after loads: dim_cadre history, conflicts, facts. One transaction; idempotent."""

from __future__ import annotations

import logging

from pipelines.warehouse import conflicts, history
from pipelines.warehouse.engines import Stores
from pipelines.warehouse.facts import sync_facts
from pipelines.warehouse.fields import FACT_TABLES
from pipelines.warehouse.locks import lock
from pipelines.warehouse.tables import FACT, REC, dim_cadre, etl_conflict, etl_manifest

log = logging.getLogger(__name__)


def consolidate(stores: Stores) -> dict[str, int]:
    """Bring dim_cadre, etl_conflict and the fact tables in line with the current records."""
    counts = {
        "versions_opened": 0,
        "versions_closed": 0,
        "versions_corrected": 0,
        "conflicts_opened": 0,
        "conflicts_resolved": 0,
    }
    with stores.analyst.begin() as connection:
        lock(connection, "consolidate")
        as_of = history.as_of(connection)
        if as_of is None:
            return counts
        changes = history.Changes()
        wanted: set[conflicts.Identity] = set()
        for key, rows, version in history.people(connection):  # one person at a time, streamed
            chosen = history.plan_person(key, rows, version, as_of, changes)
            if rows is not None and chosen is not None and len(rows) > 1:
                wanted.update(conflicts.for_person(key, rows, chosen))
        history.apply(connection, changes, as_of)
        opened, resolved = conflicts.sync(connection, wanted, as_of)
        counts.update(
            versions_opened=len(changes.opened),
            versions_closed=len(changes.closed),
            versions_corrected=len(changes.corrected),
            conflicts_opened=opened,
            conflicts_resolved=resolved,
        )
        for kind, name in FACT_TABLES.items():
            added, removed = sync_facts(connection, kind)
            counts[f"{name}_added"] = added
            counts[f"{name}_removed"] = removed
    log.info("consolidated: %s", counts)
    refresh_statistics(stores)
    return counts


def refresh_statistics(stores: Stores) -> None:
    """ANALYZE the tables loads and consolidation fill (PostgreSQL), so the marts are planned for their real sizes.

    Autovacuum analyzes too, but only after a threshold and a delay: a bulk load followed at once
    by the marts would otherwise be planned with empty-table estimates.
    """
    if stores.dialect != "postgresql":
        return
    tables = [etl_manifest, dim_cadre, etl_conflict, *REC.values(), *FACT.values()]
    with stores.analyst.begin() as connection:
        preparer = connection.dialect.identifier_preparer
        for table in tables:
            connection.exec_driver_sql("ANALYZE " + preparer.format_table(table))
