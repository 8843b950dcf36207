"""The training views' figures, kept in tables that are recomputed only where something changed.

`mart_training_attendance` and `mart_training_person` aggregate every training row of the
province; computed in the view, each query (the marts' check, the report) paid for all of it.
Their figures now live in `agg_training_month` (a row per township, training type and month) and
`agg_training_person` (per township, training type, period and person), and the views read them. Each table's SQL is `sql/<table>.sql`, with `$TOWNSHIP` where one
township's facts are chosen. They are recomputed:

- for the townships whose manifests consolidation takes in (every township when it takes in
  everything), in consolidation's own transaction, after the facts;
- in full when their SQL changes or the warehouse is new (`sync`, at every upgrade);
- `agg_training_person` in full when the reporting period changes kind, or the reporting date moves
  past a training date (`follow_reporting`): it counts sessions up to that date, in those periods.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection

from sqlalchemy import Connection, Insert, Table, and_, column, delete, exists, insert, select, text

from pipelines.warehouse.manifest import pending_manifests
from pipelines.warehouse.marts import view_sql
from pipelines.warehouse.reporting import ReportingPeriod
from pipelines.warehouse.tables import (
    FACT,
    agg_training_month,
    agg_training_person,
    etl_aggregate_definition,
    etl_manifest,
)

log = logging.getLogger(__name__)

AGGREGATES = (agg_training_month, agg_training_person)
_ONE_TOWNSHIP = "AND f.district = :district AND f.township = :township"

Township = tuple[str, str]  # (district, township)


def _sql(name: str, one_township: bool) -> str:
    return view_sql(name).replace("$TOWNSHIP", _ONE_TOWNSHIP if one_township else "")


def _fingerprint(name: str) -> str:
    return hashlib.sha256(view_sql(name).encode("utf-8")).hexdigest()


def refresh(connection: Connection, townships: Collection[Township] | None, names: Collection[str] = ()) -> None:
    """Recompute the aggregates (or only `names`) for `townships`, or in full when None."""
    for table in AGGREGATES:
        if names and table.name not in names:
            continue
        if townships is None:
            connection.execute(delete(table))
            connection.execute(_fill(table, one_township=False))
            continue
        for district, township in sorted(townships):
            connection.execute(delete(table).where(table.c.district == district, table.c.township == township))
            connection.execute(_fill(table, one_township=True), {"district": district, "township": township})


def _fill(table: Table, one_township: bool) -> Insert:
    """INSERT INTO the aggregate the rows of its SQL (the township's, bound as parameters, or all)."""
    names = [c.name for c in table.columns]
    rows = text(_sql(table.name, one_township)).columns(*(column(name) for name in names))
    return insert(table).from_select(names, rows)


def changed_townships(connection: Connection) -> list[Township]:
    """The townships of the manifests consolidation is taking in."""
    m = etl_manifest
    rows = connection.execute(
        select(m.c.district, m.c.township).where(m.c.manifest_id.in_(pending_manifests())).distinct()
    )
    return [(row.district, row.township) for row in rows]


def sync(connection: Connection) -> list[str]:
    """Recompute in full each aggregate whose SQL is not the one it was last computed with; their names."""
    d = etl_aggregate_definition
    stored = {row.aggregate_name: row.sql_sha256 for row in connection.execute(select(d))}
    stale = [table.name for table in AGGREGATES if stored.get(table.name) != _fingerprint(table.name)]
    if stale:
        log.info("recomputing %s in full", ", ".join(stale))
        refresh(connection, None, stale)
        connection.execute(delete(d).where(d.c.aggregate_name.in_(stale)))
        connection.execute(insert(d), [{"aggregate_name": n, "sql_sha256": _fingerprint(n)} for n in stale])
    return stale


def follow_reporting(connection: Connection, before: ReportingPeriod | None, after: ReportingPeriod) -> bool:
    """Recompute agg_training_person in full when the new reporting date or period changes what it counts."""
    if before is not None and before.period == after.period:
        earlier, later = sorted((before.as_of, after.as_of))
        f = FACT["trainings"]
        crossed = connection.execute(
            select(exists().where(and_(f.c.training_date > earlier, f.c.training_date <= later)))
        ).scalar()
        if not crossed:
            return False
    refresh(connection, None, [agg_training_person.name])
    return True
