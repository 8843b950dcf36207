"""Warehouse fixtures: every test that takes `warehouse` runs on a SQLite file and on PostgreSQL 15.

PostgreSQL tests get their own schema pair (`t_<random>` and `t_<random>_restricted`), dropped
afterwards. When no server answers they are skipped with the reason, unless CI=true.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine
from sqlalchemy.schema import DropSchema

from pipelines.warehouse import Warehouse, WarehouseConfig

PG_URL = os.environ.get("CADRE_ETL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PII_KEY = b"test-pii-key"


@cache
def postgres_unreachable() -> str | None:
    """None when the test server answers, else why not."""
    try:
        with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return f"PostgreSQL at {PG_URL} is unreachable: {error}".strip()


def require_postgres() -> None:
    reason = postgres_unreachable()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    print(f"skipping: {reason}")
    pytest.skip(reason)


def drop_schemas(schema: str) -> None:
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        for name in (schema, f"{schema}_restricted"):
            connection.execute(DropSchema(name, cascade=True, if_exists=True))
    engine.dispose()


def make_config(engine: str, tmp_path: Path) -> tuple[WarehouseConfig, str | None]:
    if engine == "sqlite":
        return WarehouseConfig(f"sqlite:///{tmp_path / 'warehouse.db'}", PII_KEY, tmp_path / "archive"), None
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    return WarehouseConfig(PG_URL, PII_KEY, tmp_path / "archive", schema=schema), schema


@pytest.fixture(params=["sqlite", "postgresql"])
def warehouse_config(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WarehouseConfig]:
    config, schema = make_config(request.param, tmp_path)
    yield config
    if schema is not None:
        drop_schemas(schema)


@pytest.fixture
def warehouse(warehouse_config: WarehouseConfig) -> Iterator[Warehouse]:
    store = _open(warehouse_config)
    yield store
    store.dispose()


def _open(config: WarehouseConfig) -> Warehouse:
    store = Warehouse(config)
    store.upgrade()
    return store


@contextmanager
def opened(engine: str, tmp_path: Path) -> Iterator[Warehouse]:
    """An upgraded warehouse on `engine` ("sqlite" or "postgresql"), dropped afterwards."""
    config, schema = make_config(engine, tmp_path)
    store = _open(config)
    try:
        yield store
    finally:
        store.dispose()
        if schema is not None:
            drop_schemas(schema)


@pytest.fixture
def sqlite_warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    with opened("sqlite", tmp_path) as store:
        yield store


@pytest.fixture
def postgres_warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    with opened("postgresql", tmp_path) as store:
        yield store


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    root = tmp_path / "sources"
    root.mkdir()
    return root
