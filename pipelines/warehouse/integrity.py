"""Integrity queries behind the consolidation checks, and the rule for townships gone quiet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, func, select

from pipelines.warehouse.engines import reading
from pipelines.warehouse.fields import record_columns
from pipelines.warehouse.tables import FACT, dim_cadre


def orphan_fact_rows(engine: Engine) -> dict[str, int]:
    """Per fact table and key column, rows whose cadre key matches no cadre in dim_cadre."""
    orphans = {}
    with reading(engine) as connection:
        for kind, fact in FACT.items():
            for spec in record_columns(kind):
                if spec.role != "key":
                    continue
                column = fact.c[spec.column]
                known = select(dim_cadre.c.cadre_key).where(dim_cadre.c.cadre_key == column).exists()
                count = connection.scalar(select(func.count()).select_from(fact).where(column.is_not(None), ~known))
                if count:
                    orphans[f"{fact.name}.{spec.column}"] = int(count)
    return orphans


def cadres_with_several_current_versions(engine: Engine) -> list[str]:
    """Cadre keys (abbreviated) that have more than one current version in dim_cadre."""
    query = (
        select(dim_cadre.c.cadre_key)
        .where(dim_cadre.c.is_current)
        .group_by(dim_cadre.c.cadre_key)
        .having(func.count() > 1)
    )
    with reading(engine) as connection:
        return [key[:12] for key in connection.scalars(query)]


def stale_townships(submissions: Sequence[Mapping[str, Any]], days: int) -> dict[str, int | None]:
    """Townships whose newest submission of any kind is older than `days` (None: never sent anything)."""
    newest: dict[str, int | None] = {}
    for row in submissions:
        name = f"{row['district']}/{row['township']}"
        since = row["days_since_last"]
        current = newest.get(name)
        newest[name] = since if current is None else (current if since is None else min(current, since))
    return {name: since for name, since in sorted(newest.items()) if since is None or since > days}
