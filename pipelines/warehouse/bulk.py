"""Bulk inserts inside the caller's transaction: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (dicts with the same keys) into `table`; returns how many."""
    if not rows:
        return 0
    return insert_columns(connection, table, {name: [row[name] for row in rows] for name in rows[0]})


def insert_columns(
    connection: Connection,
    table: Table,
    columns: Mapping[str, Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """Insert rows given column by column (equal lengths), each of `constants` the same in every row; how many.

    A loader's rows never become dicts: record columns, a file's trail and its manifest id go in as they are.
    """
    count = len(next(iter(columns.values()), ()))
    if any(len(values) != count for values in columns.values()):
        raise ValueError(f"{table.name}: columns of different lengths")
    if not count:
        return 0
    every = {**columns, **{name: [value] * count for name, value in (constants or {}).items()}}
    if connection.dialect.name == "postgresql":
        return _copy(connection, table, every, count)
    return _executemany(connection, table, every, count)


def _executemany(connection: Connection, table: Table, columns: Mapping[str, Sequence[Any]], count: int) -> int:
    """One compiled INSERT and the DBAPI's executemany over tuples, in the caller's transaction.

    SQLAlchemy's own executemany builds and type-processes a parameter dict per row, which was half the
    cost of loading a province on SQLite; here each column's bind processor (a date to its text form)
    runs once per distinct value. Columns with defaults computed in Python would be skipped, so a table
    with one is refused rather than loaded without it.
    """
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(columns))
    order = list(compiled.positiontup or ())
    if set(order) != set(columns):
        raise ValueError(f"{table.name}: columns {sorted(set(order) ^ set(columns))} are not the rows' own")
    dialect = connection.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order]
    values = [_processed(columns[name], processor) for name, processor in zip(order, processors, strict=True)]
    connection.exec_driver_sql(compiled.string, list(zip(*values, strict=True)))
    return count


def _processed(values: Sequence[Any], processor: Callable[[Any], Any] | None) -> Sequence[Any]:
    if processor is None:
        return values
    done: dict[Any, Any] = {}
    return [None if v is None else done[v] if v in done else done.setdefault(v, processor(v)) for v in values]


def _copy(connection: Connection, table: Table, columns: Mapping[str, Sequence[Any]], count: int) -> int:
    """psycopg 3 COPY FROM STDIN on the connection's own DBAPI connection (same transaction)."""
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
        for row in zip(*columns.values(), strict=True):
            copy.write_row(row)
    return count
