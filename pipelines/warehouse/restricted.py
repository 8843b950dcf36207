"""The restricted store: cadre key → raw ID number. Nothing else ever holds raw numbers."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select

from pipelines.warehouse.bulk import insert_rows
from pipelines.warehouse.engines import reading
from pipelines.warehouse.locks import lock
from pipelines.warehouse.records import utcnow
from pipelines.warehouse.tables import cadre_identity

_BATCH = 500


def _stored(connection: Connection, keys: list[str]) -> set[str]:
    t = cadre_identity
    out: set[str] = set()
    for start in range(0, len(keys), _BATCH):
        chunk = keys[start : start + _BATCH]
        out.update(connection.execute(select(t.c.cadre_key).where(t.c.cadre_key.in_(chunk))).scalars())
    return out


def save_identities(engine: Engine, identities: dict[str, str]) -> int:
    """Insert the keys not yet stored (its own transaction, before the analyst load); returns how many.

    Writing here first is safe: a crash before the analyst load commits leaves only a mapping
    that the next run would write anyway.
    """
    with reading(engine) as connection:
        missing = sorted(set(identities) - _stored(connection, sorted(identities)))
    if not missing:
        return 0
    with engine.begin() as connection:
        lock(connection, "save identities")  # two runs at once: the second sees the first's rows, never a duplicate key
        new = sorted(set(missing) - _stored(connection, missing))
        now = utcnow()
        insert_rows(
            connection,
            cadre_identity,
            [{"cadre_key": k, "id_number": identities[k], "first_seen_at": now} for k in new],
        )
    return len(new)


def lookup(engine: Engine, keys: list[str]) -> dict[str, str]:
    """Raw ID numbers for cadre keys: for authorized use only (feedback to offices, audits)."""
    t = cadre_identity
    out: dict[str, str] = {}
    with reading(engine) as connection:
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            rows = connection.execute(select(t.c.cadre_key, t.c.id_number).where(t.c.cadre_key.in_(chunk)))
            out.update((row.cadre_key, row.id_number) for row in rows)
    return out
