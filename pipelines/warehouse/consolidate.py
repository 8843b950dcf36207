"""Consolidation after loads: dim_cadre history, conflicts, facts. One transaction; idempotent.

It takes in only what changed since the last consolidation: the manifest rows loads noted in
etl_pending_change. The people consolidated are the cadre keys of those manifests' roster records
(added or superseded); the facts synced are those manifests' records. With nothing pending it reads
nothing else; a NULL manifest (a fresh or upgraded warehouse) means everyone and every fact. People
are planned and written 500 cadre keys at a time, so a rebuild's memory is one batch's, not the province's.
The aggregates behind five views are recomputed for the townships of those manifests, and the changed
people's current names copied into their training rows in every township (aggregates.py).
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Connection, func, select

from pipelines.warehouse import aggregates, conflicts, history
from pipelines.warehouse.engines import Stores, reading
from pipelines.warehouse.facts import sync_facts
from pipelines.warehouse.fields import FACT_TABLES
from pipelines.warehouse.locks import lock
from pipelines.warehouse.manifest import clear_changes, pending_changes
from pipelines.warehouse.tables import FACT, REC, dim_cadre, etl_conflict, etl_manifest

log = logging.getLogger(__name__)

# ANALYZE after a consolidation that touched more than this share of the people; smaller changes are left to
# autovacuum, whose own threshold is 10 % of a table.
_ANALYZE_SHARE = 0.1


def consolidate(stores: Stores) -> dict[str, int]:
    """Bring dim_cadre, etl_conflict and the fact tables in line with the current records."""
    counts = {
        "versions_opened": 0,
        "versions_closed": 0,
        "versions_corrected": 0,
        "conflicts_opened": 0,
        "conflicts_resolved": 0,
        **{f"{name}_{change}": 0 for name in FACT_TABLES.values() for change in ("added", "removed")},
    }
    with stores.analyst.begin() as connection:
        lock(connection, "consolidate")
        pending = pending_changes(connection)
        if not pending.change_ids:  # nothing loaded since the last consolidation
            log.info("consolidated: nothing changed since the last consolidation")
            return counts
        as_of = history.as_of(connection)
        keys = None if pending.everything else history.changed_keys(connection)
        if as_of is not None:
            townships = None if keys is None else aggregates.changed_townships(connection)
            counts.update(_consolidate(connection, as_of, keys))
            in_full = aggregates.refresh(connection, townships)
            if keys is not None and not in_full:  # a full pass has joined everyone's current name already
                aggregates.follow_names(connection, keys)
        clear_changes(connection, pending)
    log.info("consolidated %s: %s", "everyone" if keys is None else f"{len(keys)} people", counts)
    if keys is None or len(keys) > _ANALYZE_SHARE * _cadres(stores):
        refresh_statistics(stores)
    return counts


def _consolidate(connection: Connection, as_of: dt.datetime, keys: list[str] | None) -> dict[str, int]:
    """Plan and write one batch of people at a time (everyone when `keys` is None), then sync the facts."""
    counts: dict[str, int] = {}
    for batch in history.batches(history.every_key(connection) if keys is None else keys):
        changes = history.Changes()
        wanted: set[conflicts.Identity] = set()
        for key, rows, version in history.people(connection, batch):  # the batch's cursors end before writing
            chosen = history.plan_person(key, rows, version, as_of, changes)
            if rows is not None and chosen is not None and len(rows) > 1:
                wanted.update(conflicts.for_person(key, rows, chosen))
        history.apply(connection, changes, as_of)
        opened, resolved = conflicts.sync(connection, wanted, as_of, batch)
        for name, value in (
            ("versions_opened", len(changes.opened)),
            ("versions_closed", len(changes.closed)),
            ("versions_corrected", len(changes.corrected)),
            ("conflicts_opened", opened),
            ("conflicts_resolved", resolved),
        ):
            counts[name] = counts.get(name, 0) + value
    for kind, name in FACT_TABLES.items():
        added, removed = sync_facts(connection, kind, everything=keys is None)
        counts[f"{name}_added"] = added
        counts[f"{name}_removed"] = removed
    return counts


def _cadres(stores: Stores) -> int:
    with reading(stores.analyst) as connection:
        return int(connection.scalar(select(func.count()).select_from(dim_cadre).where(dim_cadre.c.is_current)) or 0)


def refresh_statistics(stores: Stores) -> None:
    """ANALYZE the tables loads and consolidation fill (PostgreSQL), so the marts are planned for their real sizes.

    Autovacuum analyzes too, but only after a threshold and a delay: a bulk load followed at once
    by the marts would otherwise be planned with empty-table estimates.
    """
    if stores.dialect != "postgresql":
        return
    tables = [etl_manifest, dim_cadre, etl_conflict, *REC.values(), *FACT.values(), *aggregates.AGGREGATES]
    with stores.analyst.begin() as connection:
        preparer = connection.dialect.identifier_preparer
        for table in tables:
            connection.exec_driver_sql("ANALYZE " + preparer.format_table(table))
