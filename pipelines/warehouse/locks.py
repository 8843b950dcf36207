"""Serializing writers that touch the same rows, and keeping a second whole run out.

SQLite needs nothing more for rows: every write transaction starts with BEGIN IMMEDIATE and so
holds the database's write lock. PostgreSQL takes a transaction-scoped advisory lock on a name.

A whole run (`cadre-etl run`) holds `exclusive` from start to end. Both kinds of lock it takes
die with their process (an flock with its file descriptor, a PostgreSQL session lock with its
connection), so a run killed with -9 never leaves the warehouse locked.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse's lock for a whole run."""


def lock(connection: Connection, name: str) -> None:
    """Block until no other transaction holds `name`; released at commit or rollback."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[None]:
    """Hold `name` for the whole block, across transactions; WarehouseBusy at once when another process holds it.

    SQLite: an flock on the file `<database>.lock` beside the database. PostgreSQL: a session-level
    advisory lock on a connection kept for the block.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            key = func.hashtext(name)
            taken = connection.scalar(select(func.pg_try_advisory_lock(key)))
            connection.commit()
            if not taken:
                raise WarehouseBusy(name)
            try:
                yield
            finally:
                connection.scalar(select(func.pg_advisory_unlock(key)))  # the pooled session outlives the block
                connection.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with Path(f"{database}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as held:
            raise WarehouseBusy(name) from held
        yield  # closing the file releases the lock
