"""The figures of five views, kept in tables that are recomputed only where something changed.

The training views (`mart_training_attendance`, `mart_training_person`) aggregate every training row
of the province, the evaluation views (`mart_evaluation_alerts`, `mart_evaluation_alert_history`,
`mart_evaluation_results`) rank or count every evaluation of every pair; computed in the view, each
query (the marts' check, the report) paid for all of it. Their figures now live in tables, every row
of which belongs to one township, and the views read them (the alert views join the current names):

| table | the view that reads it | a row per |
|---|---|---|
| `agg_training_month` | `mart_training_attendance` | township, training type and month |
| `agg_training_person` | `mart_training_person` | township, training type, period and person |
| `agg_evaluation_alert` | `mart_evaluation_alerts` | pair due an alert |
| `agg_evaluation_streak` | `mart_evaluation_alert_history` | pair and quarter of a streak |
| `agg_evaluation_result` | `mart_evaluation_results` | township, quarter and result (every quarter; the view keeps those up to the reporting date) |

Each table's SQL is `sql/<table>.sql`, with a placeholder where one township's rows are chosen. They
are recomputed:

- for the townships whose manifests consolidation takes in (every township when it takes in
  everything), in consolidation's own transaction, after the facts;
- in full when their SQL changes or the warehouse is new (`sync`, at every upgrade);
- in full when a new reporting date or period changes what they count (`follow_reporting`): the
  per-person training figures count sessions up to that date in that kind of period, the streaks
  count quarters up to that date's quarter.

`agg_training_person` also keeps each attendee's current name and masked ID number, so its view
reads one table: when consolidation changes people's roster records, `follow_names` rewrites those
people's rows in every township (a cadre trains where they are listed, not only where they work).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection, Sequence
from datetime import date

from sqlalchemy import (
    Connection,
    Insert,
    Table,
    and_,
    column,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import table as view_of

from pipelines.warehouse import history
from pipelines.warehouse.manifest import pending_manifests
from pipelines.warehouse.marts import view_sql
from pipelines.warehouse.reporting import ReportingPeriod
from pipelines.warehouse.tables import (
    FACT,
    REC,
    agg_evaluation_alert,
    agg_evaluation_result,
    agg_evaluation_streak,
    agg_training_month,
    agg_training_person,
    dim_township,
    etl_aggregate_definition,
    etl_manifest,
)

log = logging.getLogger(__name__)

AGGREGATES = (
    agg_training_month,
    agg_training_person,
    agg_evaluation_alert,
    agg_evaluation_streak,
    agg_evaluation_result,
)
_ONE_TOWNSHIP = "AND f.district = :district AND f.township = :township"

Township = tuple[str, str]  # (district, township)
_LATEST = view_of("dim_cadre_latest", column("cadre_key"), column("name"), column("id_masked"))
# Recomputing one township costs about 49 ms for the first four tables and all of them 18 s at 1,000 townships
# (18 ms each, SQLite): above a third of the townships, one full recomputation is the cheaper.
FULL_SHARE = 1 / 3


def aggregate_sql(name: str, one_township: bool) -> str:
    """The SELECT of `sql/<name>.sql`: every township's rows, or one township's (`:district`, `:township` bound)."""
    return view_sql(name).replace("$TOWNSHIP", _ONE_TOWNSHIP if one_township else "")


def _fingerprint(name: str) -> str:
    return hashlib.sha256(view_sql(name).encode("utf-8")).hexdigest()


def refresh(connection: Connection, townships: Collection[Township] | None, names: Collection[str] = ()) -> bool:
    """Recompute the aggregates (or only `names`) for `townships`, or in full when None or when they are more
    than FULL_SHARE of the warehouse's townships; whether it was in full."""
    if townships is not None and len(townships) > FULL_SHARE * _township_count(connection):
        townships = None
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
    return townships is None


def _township_count(connection: Connection) -> int:
    return int(connection.scalar(select(func.count()).select_from(dim_township)) or 0)


def _fill(table: Table, one_township: bool) -> Insert:
    """INSERT INTO the aggregate the rows of its SQL (the township's, bound as parameters, or all)."""
    names = [c.name for c in table.columns]
    rows = text(aggregate_sql(table.name, one_township)).columns(*(column(name) for name in names))
    return insert(table).from_select(names, rows)


def follow_names(connection: Connection, keys: Sequence[str]) -> int:
    """Give `keys`' rows of agg_training_person, in every township, the current name and masked ID number
    (dim_cadre_latest); the rows rewritten."""
    a, latest = agg_training_person, _LATEST
    rewritten = 0
    for batch in history.batches(keys):
        person = latest.c.cadre_key == a.c.attendee_key
        values = {
            a.c.id_masked: select(latest.c.id_masked).where(person).scalar_subquery(),
            a.c.cadre_name: select(latest.c.name).where(person).scalar_subquery(),
        }
        result = connection.execute(update(a).where(a.c.attendee_key.in_(batch)).values(values))
        rewritten += result.rowcount
    return rewritten


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


def _sessions_passed(connection: Connection, before: ReportingPeriod, after: ReportingPeriod) -> bool:
    """Whether the per-person training figures differ: another kind of period, or a session between the dates."""
    if before.period != after.period:
        return True
    earlier, later = sorted((before.as_of, after.as_of))
    f = FACT["trainings"]
    return bool(
        connection.scalar(select(exists().where(and_(f.c.training_date > earlier, f.c.training_date <= later))))
    )


def _quarter(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3  # the views' quarter index: year × 4 + quarter − 1


def _quarters_passed(connection: Connection, before: ReportingPeriod, after: ReportingPeriod) -> bool:
    """Whether the streaks differ: an evaluation in a quarter between the two dates' quarters."""
    earlier, later = sorted((_quarter(before.as_of), _quarter(after.as_of)))
    r = REC["evaluations"]
    index = r.c.year * 4 + r.c.quarter - 1
    return bool(connection.scalar(select(exists().where(and_(index > earlier, index <= later)))))


_REPORTING: dict[str, Callable[[Connection, ReportingPeriod, ReportingPeriod], bool]] = {
    agg_training_person.name: _sessions_passed,
    agg_evaluation_streak.name: _quarters_passed,
}


def follow_reporting(connection: Connection, before: ReportingPeriod | None, after: ReportingPeriod) -> list[str]:
    """Recompute in full the aggregates whose figures the new reporting date or period changes; their names."""
    stale = [name for name, passed in _REPORTING.items() if before is None or passed(connection, before, after)]
    if stale:
        refresh(connection, None, stale)
    return stale
