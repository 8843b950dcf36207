"""Bulk inserts inside the caller's transaction: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (dicts with the same keys) into `table`; returns how many."""
    if not rows:
        return 0
    if connection.dialect.name == "postgresql":
        return _copy(connection, table, rows)
    return _executemany(connection, table, rows)


def _executemany(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """One compiled INSERT and the DBAPI's executemany over tuples, in the caller's transaction.

    SQLAlchemy's own executemany builds and type-processes a parameter dict per row, which was half the
    cost of loading a province on SQLite; here each column's bind processor (a date to its text form)
    runs once per distinct value. Columns with defaults computed in Python would be skipped, so a table
    with one is refused rather than loaded without it.
    """
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(rows[0]))
    order = list(compiled.positiontup or ())
    if set(order) != set(rows[0]):
        raise ValueError(f"{table.name}: columns {sorted(set(order) ^ set(rows[0]))} are not the rows' own")
    dialect = connection.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order]
    columns = [
        _processed([row[name] for row in rows], processor) for name, processor in zip(order, processors, strict=True)
    ]
    connection.exec_driver_sql(compiled.string, list(zip(*columns, strict=True)))
    return len(rows)


def _processed(values: list[Any], processor: Callable[[Any], Any] | None) -> list[Any]:
    if processor is None:
        return values
    done: dict[Any, Any] = {}
    return [None if v is None else done[v] if v in done else done.setdefault(v, processor(v)) for v in values]


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
