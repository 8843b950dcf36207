"""Engines for the two stores, per dialect.

SQLite: WAL mode (analysts read while a load runs), foreign keys on, and SQLAlchemy emits
`BEGIN IMMEDIATE` itself so a write transaction holds the write lock from its start.
PostgreSQL: one schema per store, selected through the session's search_path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.schema import CreateSchema

from pipelines.warehouse.locks import lock

SQLITE_BUSY_TIMEOUT_MS = 60_000
_READ_ONLY = "cadre_etl_read_only"


@dataclass(frozen=True)
class Stores:
    """The analyst store and the restricted store, and their schemas on PostgreSQL."""

    analyst: Engine
    restricted: Engine
    dialect: str  # "sqlite" or "postgresql"
    analyst_schema: str | None
    restricted_schema: str | None

    def dispose(self) -> None:
        self.analyst.dispose()
        self.restricted.dispose()


def open_stores(url: str, restricted_url: str | None, schema: str | None) -> Stores:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        restricted = make_url(restricted_url) if restricted_url else _sibling_restricted(parsed)
        return Stores(_sqlite_engine(parsed), _sqlite_engine(restricted, owner_only=True), "sqlite", None, None)
    if parsed.get_backend_name() == "postgresql":
        analyst_schema = schema or "public"
        restricted_schema = f"{schema}_restricted" if schema else "restricted"
        restricted_parsed = make_url(restricted_url) if restricted_url else parsed
        return Stores(
            _postgres_engine(parsed, analyst_schema),
            _postgres_engine(restricted_parsed, restricted_schema),
            "postgresql",
            analyst_schema,
            restricted_schema,
        )
    raise ValueError(f"unsupported warehouse URL backend: {parsed.get_backend_name()}")


def _sibling_restricted(url: URL) -> URL:
    database = url.database or ""
    if not database or database == ":memory:":
        raise ValueError("the SQLite warehouse must be a file, so that its restricted store can sit beside it")
    path = Path(database)
    return url.set(database=str(path.with_name(f"{path.stem}_restricted{path.suffix or '.db'}")))


def _owner_only(database: Path) -> None:
    """Create the database file readable by its owner only (0600), or tighten an existing one.

    SQLite gives the `-wal` and `-shm` files it creates the mode of the database file.
    """
    os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    for path in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        if path.exists():
            path.chmod(0o600)


def _sqlite_engine(url: URL, owner_only: bool = False) -> Engine:
    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        if owner_only:
            _owner_only(Path(url.database))
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # writers take the write lock up front, so a read-then-write transaction never has to
        # upgrade a stale snapshot (SQLITE_BUSY); readers use a deferred BEGIN (see `reading`)
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _postgres_engine(url: URL, schema: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    quoted = engine.dialect.identifier_preparer.quote_schema(schema)

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT set_config('search_path', %s, false)", (quoted,))
        dbapi_connection.autocommit = autocommit

    return engine


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads only: on SQLite it does not take the write lock."""
    with engine.connect() as connection:
        connection.execution_options(**{_READ_ONLY: True})
        yield connection


def ensure_schemas(stores: Stores) -> None:
    """Create the PostgreSQL schemas when missing (nothing to do on SQLite)."""
    for engine, schema in ((stores.analyst, stores.analyst_schema), (stores.restricted, stores.restricted_schema)):
        if schema is None:
            continue
        with engine.begin() as connection:
            # concurrent CREATE SCHEMA IF NOT EXISTS can still collide: serialize it
            lock(connection, "create schema")
            connection.execute(CreateSchema(schema, if_not_exists=True))


def journal_mode(engine: Engine) -> str:
    """The SQLite journal mode as a fresh connection sees it ('wal')."""
    with engine.connect() as connection:
        return str(connection.execute(text("PRAGMA journal_mode")).scalar_one())
