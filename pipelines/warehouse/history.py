"""dim_cadre as a type-2 slowly changing dimension, built from the current roster records.

One person is one cadre key, whichever townships list them. Among a person's current
records one is primary: the one from the township of the current version if it still lists
them (no flapping between two rosters), otherwise the latest loaded. A change of a tracked
attribute closes the current version and opens a new one; other attributes are corrected
in place. A person no roster lists any more has their version closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, bindparam, select, union, update

from pipelines.warehouse.bulk import insert_rows
from pipelines.warehouse.fields import history_fields
from pipelines.warehouse.manifest import pending_manifests
from pipelines.warehouse.tables import REC, dim_cadre, etl_conflict, etl_manifest

# Which roster fields open a new version and which are corrected in place is declared on the schema's fields.
TRACKED = ("township_key", *history_fields("cadres", "tracked"))
CORRECTED = ("id_masked", *history_fields("cadres", "corrected"), "district", "township")
_TRAIL = ("record_id", "file_sha256", "sheet", "source_row")
_STREAM_ROWS = 2000
_KEY_BATCH = 500  # keys per IN list, far below SQLite's bound-parameter limit


@dataclass
class Changes:
    opened: list[dict[str, Any]] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    corrected: list[dict[str, Any]] = field(default_factory=list)


def primary(records: list[dict[str, Any]], version: dict[str, Any] | None) -> dict[str, Any]:
    """The record that speaks for the person: stay in the version's township while it lists them."""
    if version is not None:
        same = [r for r in records if r["township_key"] == version["township_key"]]
        if same:
            return same[-1]
    return records[-1]


def _version(record: dict[str, Any], as_of: dt.datetime) -> dict[str, Any]:
    return {
        **{name: record[name] for name in ("cadre_key", *TRACKED, *CORRECTED, *_TRAIL)},
        "valid_from": as_of,
        "valid_to": None,
        "is_current": True,
    }


def people(
    connection: Connection, keys: Sequence[str]
) -> Iterator[tuple[str, list[dict[str, Any]] | None, dict[str, Any] | None]]:
    """Each of `keys` (one of `batches`) with its current records (in load order) and its current version,
    one person at a time: two streams sorted by cadre key, read through the indexes on cadre_key, merged."""
    return _merge(_records(connection, keys), _versions(connection, keys))


def every_key(connection: Connection) -> list[str]:
    """Every cadre key with a current record, a current version or an open conflict, sorted."""
    rec, m, d, c = REC["cadres"], etl_manifest, dim_cadre, etl_conflict
    query = union(
        select(rec.c.cadre_key).join(m, m.c.manifest_id == rec.c.manifest_id).where(m.c.is_current),
        select(d.c.cadre_key).where(d.c.is_current),
        select(c.c.cadre_key).where(c.c.resolved_at.is_(None)),
    )
    return sorted(connection.execute(query).scalars())


def batches(keys: Sequence[str]) -> Iterator[list[str]]:
    """`keys` in sorted batches: consolidation plans and writes one batch at a time, so its memory is one batch's."""
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), _KEY_BATCH):
        yield wanted[start : start + _KEY_BATCH]


def changed_keys(connection: Connection) -> list[str]:
    """The cadre keys of the roster records in the manifests changed since the last consolidation.

    A person whose records are all in unchanged manifests keeps their primary record, version and
    conflicts: consolidating them again would change nothing.
    """
    rec = REC["cadres"]
    query = select(rec.c.cadre_key).distinct().where(rec.c.manifest_id.in_(pending_manifests()))
    return sorted(connection.execute(query).scalars())


def _records(connection: Connection, keys: Sequence[str]) -> Iterator[Any]:
    rec, m = REC["cadres"], etl_manifest
    query = (
        select(rec, m.c.township_key)
        .join(m, m.c.manifest_id == rec.c.manifest_id)
        .where(m.c.is_current, rec.c.cadre_key.in_(keys))
        .order_by(rec.c.cadre_key, rec.c.record_id)
    )
    return connection.execute(query.execution_options(stream_results=True, yield_per=_STREAM_ROWS)).mappings()


def _versions(connection: Connection, keys: Sequence[str]) -> Iterator[Any]:
    d = dim_cadre
    query = select(d).where(d.c.is_current, d.c.cadre_key.in_(keys)).order_by(d.c.cadre_key, d.c.cadre_version_id)
    return connection.execute(query.execution_options(stream_results=True, yield_per=_STREAM_ROWS)).mappings()


def _merge(
    records: Iterator[Any], versions: Iterator[Any]
) -> Iterator[tuple[str, list[dict[str, Any]] | None, dict[str, Any] | None]]:
    by_record = groupby(records, key=lambda row: row["cadre_key"])
    by_version = groupby(versions, key=lambda row: row["cadre_key"])
    record = _next_group(by_record)
    version = _next_group(by_version)
    while record is not None or version is not None:
        if version is None or (record is not None and record[0] < version[0]):
            yield record[0], record[1], None  # type: ignore[index]
            record = _next_group(by_record)
        elif record is None or version[0] < record[0]:
            yield version[0], None, version[1][-1]
            version = _next_group(by_version)
        else:
            yield record[0], record[1], version[1][-1]
            record, version = _next_group(by_record), _next_group(by_version)


def _next_group(groups: Iterator[tuple[str, Iterator[Any]]]) -> tuple[str, list[dict[str, Any]]] | None:
    item = next(groups, None)
    return None if item is None else (item[0], [dict(row) for row in item[1]])


def plan_person(
    key: str, rows: list[dict[str, Any]] | None, version: dict[str, Any] | None, as_of: dt.datetime, changes: Changes
) -> dict[str, Any] | None:
    """Add one person's version change to `changes`; returns the primary record (None when no roster lists them)."""
    if rows is None:
        if version is not None:
            changes.closed.append(version["cadre_version_id"])
        return None
    chosen = primary(rows, version)
    if version is None:
        changes.opened.append(_version(chosen, as_of))
    elif any(chosen[name] != version[name] for name in TRACKED):
        changes.closed.append(version["cadre_version_id"])
        changes.opened.append(_version(chosen, as_of))
    elif any(chosen[name] != version[name] for name in CORRECTED):
        changes.corrected.append(
            {"b_version": version["cadre_version_id"], **{"b_" + name: chosen[name] for name in CORRECTED}}
        )
    return chosen


def apply(connection: Connection, changes: Changes, as_of: dt.datetime) -> None:
    d = dim_cadre
    if changes.closed:
        connection.execute(
            update(d).where(d.c.cadre_version_id == bindparam("b_version")).values(valid_to=as_of, is_current=False),
            [{"b_version": version_id} for version_id in changes.closed],
        )
    if changes.corrected:
        connection.execute(
            update(d)
            .where(d.c.cadre_version_id == bindparam("b_version"))
            .values({name: bindparam("b_" + name) for name in CORRECTED}),
            changes.corrected,
        )
    insert_rows(connection, d, changes.opened)


def as_of(connection: Connection) -> dt.datetime | None:
    """The time of the latest load event: versions opened or closed now carry it (deterministic)."""
    m = etl_manifest
    received = connection.execute(select(m.c.received_at).order_by(m.c.received_at.desc()).limit(1)).scalar()
    superseded = connection.execute(
        select(m.c.superseded_at).where(m.c.superseded_at.is_not(None)).order_by(m.c.superseded_at.desc()).limit(1)
    ).scalar()
    stamps = [s for s in (received, superseded) if s is not None]
    return max(stamps) if stamps else None
