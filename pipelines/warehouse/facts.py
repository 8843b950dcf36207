"""Fact tables: the current pairing, evaluation and training records, by cadre key.

A fact row is its source record (same record_id). Syncing inserts the current records not
yet in the fact table and deletes facts whose record is no longer current; when nothing
changed neither statement touches a row. Only the manifests changed since the last consolidation
are looked at (`pending_manifests`), unless `everything`.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, exists, insert, select

from pipelines.warehouse.manifest import pending_manifests
from pipelines.warehouse.tables import FACT, REC, etl_manifest


def sync_facts(connection: Connection, kind: str, everything: bool = True) -> tuple[int, int]:
    """Returns (added, removed) for one kind."""
    fact, rec, m = FACT[kind], REC[kind], etl_manifest
    if everything:
        current = select(rec.c.record_id).join(m, m.c.manifest_id == rec.c.manifest_id).where(m.c.is_current)
        removed = connection.execute(delete(fact).where(fact.c.record_id.not_in(current))).rowcount
    else:
        gone = (
            select(rec.c.record_id)
            .join(m, m.c.manifest_id == rec.c.manifest_id)
            .where(~m.c.is_current, rec.c.manifest_id.in_(pending_manifests()))
        )
        removed = connection.execute(delete(fact).where(fact.c.record_id.in_(gone))).rowcount
    names = [column.name for column in fact.columns]
    source = (
        select(*(rec.c[name] for name in names))
        .join(m, m.c.manifest_id == rec.c.manifest_id)
        .where(m.c.is_current)
        .where(~exists().where(fact.c.record_id == rec.c.record_id))
    )
    if not everything:
        source = source.where(rec.c.manifest_id.in_(pending_manifests()))
    # the count, not the ids (a rebuild adds millions); psycopg reports an INSERT's rowcount only when asked to keep it
    inserted = insert(fact).from_select(names, source).execution_options(preserve_rowcount=True)
    return int(connection.execute(inserted).rowcount), int(removed)
