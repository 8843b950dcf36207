"""Bulk inserts inside the caller's transaction: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (dicts with the same keys) into `table`; returns how many."""
    if not rows:
        return 0
    if connection.dialect.name == "postgresql":
        return _copy(connection, table, rows)
    connection.execute(insert(table), list(rows))  # executemany, in the caller's transaction
    return len(rows)


def _copy(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """psycopg 3 COPY FROM STDIN on the connection's own DBAPI connection (same transaction)."""
    columns = list(rows[0])
    preparer = connection.dialect.identifier_preparer
    statement = (
        "COPY "
        + preparer.format_table(table)
        + " ("
        + ", ".join(preparer.quote(name) for name in columns)
        + ") FROM STDIN"
    )
    dbapi = connection.connection.dbapi_connection
    if dbapi is None:
        raise RuntimeError("no DBAPI connection for COPY")
    with dbapi.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])
    return len(rows)
