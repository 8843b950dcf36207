"""Consolidation after loads: dim_cadre history, conflicts, facts. One transaction; idempotent."""

from __future__ import annotations

import logging

from pipelines.warehouse import conflicts, history
from pipelines.warehouse.engines import Stores
from pipelines.warehouse.facts import sync_facts
from pipelines.warehouse.fields import FACT_TABLES
from pipelines.warehouse.locks import lock

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
        records = history.current_records(connection)
        versions = history.current_versions(connection)
        changes = history.plan_changes(records, versions, as_of)
        history.apply(connection, changes, as_of)
        chosen = {key: history.primary(rows, versions.get(key)) for key, rows in records.items()}
        opened, resolved = conflicts.sync(connection, conflicts.desired(records, chosen), as_of)
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
    return counts
