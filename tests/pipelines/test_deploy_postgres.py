"""deploy/dagster.yaml on the real PostgreSQL: a materialization whose run, events and pool live there.

Each test gets a fresh database, dropped afterwards. Without a server the test is skipped with
the reason printed, except when CI=true.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import psycopg
import pytest
import yaml
from psycopg import sql

from pipelines.defs.ingest.assets import township_ingest
from pipelines.defs.pools import WAREHOUSE_POOL
from pipelines.partitions import TOWNSHIPS
from tests.pipelines.conftest import make_resources

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "test"}
HUOLU = "武隆区/火炉镇"


def _admin() -> psycopg.Connection:
    return psycopg.connect(**PG, connect_timeout=3, autocommit=True)


@pytest.fixture
def dagster_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    try:
        _admin().close()
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL at {PG['host']}:{PG['port']} is unreachable: {error}".strip()
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        print(f"skipping: {reason}")
        pytest.skip(reason)
    name = f"cadre_dagster_{uuid.uuid4().hex[:10]}"
    with _admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    for var, value in {"DAGSTER_PG_HOST": PG["host"], "DAGSTER_PG_DB": name, "DAGSTER_PG_USER": PG["user"]}.items():
        monkeypatch.setenv(var, str(value))
    monkeypatch.setenv("DAGSTER_PG_PASSWORD", "")  # trust authentication
    try:
        yield name
    finally:
        with _admin() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def deploy_config(tmp_path: Path) -> dict:
    """deploy/dagster.yaml as shipped, with its local directories moved under tmp."""
    config = yaml.safe_load(Path("deploy/dagster.yaml").read_text(encoding="utf-8"))
    config["compute_logs"]["config"]["base_dir"] = str(tmp_path / "compute_logs")
    config["local_artifact_storage"]["config"]["base_dir"] = str(tmp_path / "storage")
    return config


def test_materialization_with_the_instance_in_postgres(
    dagster_database: str, tmp_path: Path, demo_sources: Path
) -> None:
    with dg.instance_for_test(overrides=deploy_config(tmp_path)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        instance.add_dynamic_partitions(TOWNSHIPS.name, [HUOLU])
        result = dg.materialize(
            [township_ingest],
            instance=instance,
            resources=make_resources(tmp_path, demo_sources),
            partition_key=HUOLU,
        )
        assert result.success
        concurrency = instance.get_concurrency_config()
        assert concurrency.pool_config.default_pool_limit == 1  # so `cadre_warehouse` has one slot
        assert concurrency.run_queue_config is not None and concurrency.run_queue_config.max_concurrent_runs == 8
        assert township_ingest.op.pool == WAREHOUSE_POOL

    with psycopg.connect(**{**PG, "dbname": dagster_database}) as connection:
        runs = connection.execute("SELECT count(*) FROM runs").fetchone()
        partitions = connection.execute(
            "SELECT count(*) FROM dynamic_partitions WHERE partitions_def_name = 'townships'"
        ).fetchone()
        materializations = connection.execute(
            "SELECT count(*) FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION'"
        ).fetchone()
    assert runs == (1,) and partitions == (1,)
    assert materializations == (4,)  # one per record kind, for the one township
