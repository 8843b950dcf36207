"""Serializing writers that touch the same rows.

SQLite needs nothing more: every write transaction starts with BEGIN IMMEDIATE and so holds
the database's write lock. PostgreSQL takes a transaction-scoped advisory lock on a name.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select


def lock(connection: Connection, name: str) -> None:
    """Block until no other transaction holds `name`; released at commit or rollback."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))
