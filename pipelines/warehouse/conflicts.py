"""etl_conflict: one person, two current sources that disagree on birth date, gender, name or ethnicity,
or two townships whose current rosters both list the person.

A person on several townships' current rosters is shown, never hidden, and counted once: `dim_cadre_current`
keeps one row per person (the primary record's township, see `history.primary`), and every other township
listing them is an open conflict with attribute `township` (value A the primary township, value B the other)
until one of the rosters drops them. Concurrent posts would count the person in several townships' figures,
and a roster that still lists a cadre who moved away is the common cause; the organisation department
decides which roster is right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from pipelines.warehouse.bulk import insert_rows
from pipelines.warehouse.tables import etl_conflict

# attribute as stored in etl_conflict → the record column it compares
ATTRIBUTES = {
    "birth_date": "birth_date",
    "gender": "gender",
    "name": "name",
    "ethnicity": "ethnicity",
    "township": "township_key",
}
_SOURCE = ("township_key", "file_sha256", "sheet", "source_row")
_IDENTITY = (
    "cadre_key",
    "attribute",
    "value_a",
    *(f"{n}_a" for n in _SOURCE),
    "value_b",
    *(f"{n}_b" for n in _SOURCE),
)
Identity = tuple[Any, ...]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def for_person(key: str, rows: list[dict[str, Any]], a: dict[str, Any]) -> Iterator[Identity]:
    """Every (primary record `a`, other record, attribute) of one person where the values differ."""
    for b in rows:
        if b is a:
            continue
        for attribute, column in ATTRIBUTES.items():
            if a[column] != b[column]:
                yield (
                    key,
                    attribute,
                    _text(a[column]),
                    *(a[n] for n in _SOURCE),
                    _text(b[column]),
                    *(b[n] for n in _SOURCE),
                )


def sync(connection: Connection, wanted: set[Identity], as_of: dt.datetime, keys: Sequence[str]) -> tuple[int, int]:
    """Open new conflicts, resolve the ones gone, for the people `keys` (one of `history.batches`);
    `wanted` is every conflict of theirs. Returns (opened, resolved)."""
    c = etl_conflict
    columns = [c.c[name] for name in _IDENTITY]
    open_rows = connection.execute(
        select(c.c.conflict_id, *columns).where(c.c.resolved_at.is_(None), c.c.cadre_key.in_(keys))
    ).all()
    have = {tuple(row[1:]): row[0] for row in open_rows}
    resolved = [conflict_id for identity, conflict_id in have.items() if identity not in wanted]
    if resolved:
        connection.execute(
            update(c).where(c.c.conflict_id == bindparam("b_id")).values(resolved_at=as_of),
            [{"b_id": conflict_id} for conflict_id in resolved],
        )
    new = sorted((identity for identity in wanted if identity not in have), key=lambda i: tuple(map(str, i)))
    insert_rows(
        connection,
        c,
        [
            {**dict(zip(_IDENTITY, identity, strict=True)), "detected_at": as_of, "resolved_at": None}
            for identity in new
        ],
    )
    return len(new), len(resolved)
