"""Serializing writers that touch the same rows, and keeping a second whole run out.

SQLite needs nothing more for rows: every write transaction starts with BEGIN IMMEDIATE and so
holds the database's write lock. PostgreSQL takes a transaction-scoped advisory lock on a name.

A whole run (`cadre-etl run`) holds `exclusive` from start to end. Both kinds of lock it takes
die with their process (an flock with its file descriptor, a PostgreSQL session lock with its
connection), so a run killed with -9 never leaves the warehouse locked.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse's lock for a whole run."""


# a run that finds the warehouse taken tries again for this long before it gives up: a lock held for a
# moment (a check that peeks at it, a run just ending) must not turn a run away
GRACE_SECONDS = 5.0
_RETRY_SECONDS = 0.1


def _retried(try_once: Callable[[], bool], wait_seconds: float) -> bool:
    """`try_once()` until it succeeds or `wait_seconds` have passed; whether it succeeded."""
    deadline = time.monotonic() + wait_seconds
    while not try_once():
        if time.monotonic() >= deadline:
            return False
        time.sleep(_RETRY_SECONDS)
    return True


def lock(connection: Connection, name: str) -> None:
    """Block until no other transaction holds `name`; released at commit or rollback."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))


@contextmanager
def exclusive(engine: Engine, name: str, wait_seconds: float = GRACE_SECONDS) -> Iterator[None]:
    """Hold `name` for the whole block, across transactions; WarehouseBusy when another process still holds it
    after `wait_seconds`.

    SQLite: an flock on the file `<database>.lock` beside the database. PostgreSQL: a session-level
    advisory lock on a connection kept for the block.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            key = func.hashtext(name)

            def take() -> bool:
                taken = bool(connection.scalar(select(func.pg_try_advisory_lock(key))))
                connection.commit()
                return taken

            if not _retried(take, wait_seconds):
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

        def take() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        if not _retried(take, wait_seconds):
            raise WarehouseBusy(name)
        yield  # closing the file releases the lock
