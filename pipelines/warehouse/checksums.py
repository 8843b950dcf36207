"""Content checksums of every table in both stores, for idempotency checks and run summaries."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, Table, select

from pipelines.warehouse.engines import Stores, reading
from pipelines.warehouse.tables import metadata, restricted_metadata


def _checksum(engine: Engine, table: Table) -> str:
    digest = hashlib.sha256()
    order = list(table.primary_key.columns) or list(table.columns)
    with reading(engine) as connection:
        for row in connection.execute(select(table).order_by(*order)):
            digest.update(repr(tuple(row)).encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


def table_checksums(stores: Stores) -> dict[str, str]:
    """Table name → sha256 over its rows in primary-key order; restricted tables as `restricted.<name>`."""
    out = {table.name: _checksum(stores.analyst, table) for table in metadata.sorted_tables}
    out.update(
        {f"restricted.{table.name}": _checksum(stores.restricted, table) for table in restricted_metadata.sorted_tables}
    )
    return out
