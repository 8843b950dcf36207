"""Alembic owns the schema: the migrations build exactly the tables the code defines."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, make_url

from pipelines.warehouse import Warehouse
from pipelines.warehouse.catalog import VIEW_NAMES
from pipelines.warehouse.migrate import current_revision, head_revision
from pipelines.warehouse.tables import metadata, restricted_metadata


def test_the_migrations_and_the_table_definitions_agree(warehouse: Warehouse) -> None:
    for engine, target in ((warehouse.engine, metadata), (warehouse.restricted_engine, restricted_metadata)):
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, target) == []
            assert current_revision(connection) == head_revision()


def test_upgrade_creates_every_view_and_a_second_upgrade_changes_nothing(warehouse: Warehouse) -> None:
    assert set(VIEW_NAMES) <= set(inspect(warehouse.engine).get_view_names())
    assert sorted(inspect(warehouse.restricted_engine).get_table_names()) == ["alembic_version", "cadre_identity"]
    before = warehouse.table_checksums()
    warehouse.upgrade()
    assert warehouse.table_checksums() == before


def test_sqlite_warehouse_and_restricted_store_are_separate_files_in_wal_mode(
    sqlite_warehouse: Warehouse, tmp_path: Path
) -> None:
    for engine in (sqlite_warehouse.engine, sqlite_warehouse.restricted_engine):
        database = make_url(str(engine.url)).database
        assert database is not None
        with sqlite3.connect(database) as plain:  # a fresh connection, outside SQLAlchemy
            assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert (tmp_path / "warehouse_restricted.db").exists()
    assert "cadre_identity" not in inspect(sqlite_warehouse.engine).get_table_names()
