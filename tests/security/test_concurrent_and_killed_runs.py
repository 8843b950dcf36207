"""Two runs at once and a run killed with -9, with real `cadre-etl run` processes and a real DAGSTER_HOME.

A second run while one is loading stops at once with a message anyone can act on (SQLite and
PostgreSQL); two runs on a brand-new Dagster home both set it up and succeed; concurrent identity
writes never hit the primary key; and a run killed with -9 while it holds the `cadre_warehouse`
pool slot does not block the next run, which marks it failed and completes; the daemon's
`dead_run_sensor` does the same without waiting for a next run, also for a run the UI launched,
which its first warehouse step tags with the process executing it.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import psycopg
import pytest
from psycopg import sql
from sqlalchemy import create_engine

from pipelines.defs.runs import dead_run_sensor
from pipelines.runs import PID_TAG, run_worker_tags
from pipelines.warehouse import Warehouse, WarehouseConfig
from pipelines.warehouse.identity import cadre_key
from pipelines.warehouse.locks import WarehouseBusy, exclusive
from pipelines.warehouse.restricted import lookup, save_identities
from tests.ingest.helpers import roster_file
from tests.warehouse.builders import make_id, month
from tests.warehouse.conftest import PG_URL, opened, require_postgres

ADMIN = PG_URL.replace("postgresql+psycopg://", "postgresql://")
PROBLEMS = ("Traceback", "UniqueViolation", "IntegrityError", "alembic_version")


@pytest.fixture
def warehouse_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A SQLite file, or a fresh PostgreSQL database (public and restricted schemas), dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'warehouse.db'}"
        return
    require_postgres()
    name = f"cadre_runs_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy("deploy/dagster.dev.yaml", home / "dagster.yaml")
    return home


def _sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources" / "武隆区" / "火炉镇"
    folder.mkdir(parents=True)
    roster_file(folder)
    return tmp_path / "sources"


def _run(sources: Path, url: str, home: Path, archive: Path, lock_wait: int = 5) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CADRE_ETL_ARCHIVE_DIR": str(archive),
        "CADRE_ETL_PII_KEY": "k",
        "CADRE_ETL_LOCK_WAIT_SECONDS": str(lock_wait),
    }
    command = [sys.executable, "-m", "pipelines.cli", "run", "--sources", str(sources), "--warehouse", url]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out + err


def _wait_until_loading(url: str, tmp_path: Path, process: subprocess.Popen[str]) -> None:
    store = Warehouse(WarehouseConfig(url, b"k", tmp_path / "archive"))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, "the first run ended before it was seen loading"
            try:
                with store.loading(wait_seconds=0):  # a peek: the first run tries again while we hold it
                    pass
            except WarehouseBusy:
                return
            time.sleep(0.02)
        raise AssertionError("the first run never took the warehouse lock")
    finally:
        store.dispose()


@pytest.mark.parametrize("warehouse_url", ["sqlite", "postgresql"], indirect=True)
def test_a_second_run_while_one_is_loading_stops_with_a_clear_message(tmp_path: Path, warehouse_url: str) -> None:
    sources, home = _sources(tmp_path), _home(tmp_path)
    first = _run(sources, warehouse_url, home, tmp_path / "archive")
    _wait_until_loading(warehouse_url, tmp_path, first)

    code, output = _finish(_run(sources, warehouse_url, home, tmp_path / "archive", lock_wait=0))

    assert code == 1 and "another run is loading; try again" in output
    first_code, first_output = _finish(first)
    assert first_code == 0, first_output[-3000:]
    assert not [p for p in PROBLEMS if p in output + first_output]


def test_two_runs_on_a_brand_new_dagster_home_both_set_it_up_and_succeed(tmp_path: Path) -> None:
    sources, home = _sources(tmp_path), _home(tmp_path)
    runs = [_run(sources, f"sqlite:///{tmp_path / f'w{i}.db'}", home, tmp_path / f"archive{i}") for i in range(2)]

    results = [_finish(run) for run in runs]

    assert [code for code, _ in results] == [0, 0], results[0][1][-2000:] + results[1][1][-2000:]
    assert not [p for p in PROBLEMS if any(p in output for _, output in results)]


def test_identities_saved_by_several_writers_at_once_are_stored_once_without_a_key_violation(tmp_path: Path) -> None:
    numbers = [make_id(month(1970 + n % 30, 1 + n % 12), n) for n in range(300)]
    identities = {cadre_key(b"k", number): number for number in numbers}
    with opened("postgresql", tmp_path) as store:
        barrier, errors = threading.Barrier(6), []

        def write() -> None:
            barrier.wait()
            try:
                save_identities(store.restricted_engine, identities)
            except Exception as error:  # noqa: BLE001 (collected and asserted below)
                errors.append(error)

        threads = [threading.Thread(target=write) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert lookup(store.restricted_engine, sorted(identities)) == identities


def _holding_the_pool_slot(tmp_path: Path, instance: dg.DagsterInstance) -> subprocess.Popen[str]:
    """A real `cadre-etl run` over a copy of the demo, once it holds its `cadre_warehouse` pool slot."""
    victim = _run(
        tmp_path / "sources", f"sqlite:///{tmp_path / 'warehouse.db'}", tmp_path / "dagster_home", tmp_path / "archive"
    )
    deadline = time.monotonic() + 180
    while not instance.event_log_storage.get_concurrency_run_ids():
        assert victim.poll() is None and time.monotonic() < deadline, "the run never claimed its pool slot"
        time.sleep(0.02)
    return victim


def _demo_copy_and_home(tmp_path: Path) -> tuple[Path, Path, str]:
    sources = tmp_path / "sources"
    shutil.copytree("sources", sources, ignore=shutil.ignore_patterns("_反馈", "README.md"))
    return sources, _home(tmp_path), f"sqlite:///{tmp_path / 'warehouse.db'}"


def test_a_run_killed_with_sigkill_while_holding_the_pool_slot_does_not_block_the_next_run(tmp_path: Path) -> None:
    sources, home, url = _demo_copy_and_home(tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        victim = _holding_the_pool_slot(tmp_path, instance)
        victim.send_signal(signal.SIGKILL)
        assert victim.wait(timeout=30) == -signal.SIGKILL
        (dead,) = instance.get_runs()
        assert dead.status == dg.DagsterRunStatus.STARTED  # what a killed run leaves behind

    code, output = _finish(_run(sources, url, home, tmp_path / "archive"), timeout=300)

    assert code == 0, output[-3000:]
    assert "帮带对子" in output
    with dg.DagsterInstance.from_config(str(home)) as instance:
        statuses = {run.run_id: run.status for run in instance.get_runs()}
        assert statuses.pop(dead.run_id) == dg.DagsterRunStatus.FAILURE
        assert list(statuses.values()) == [dg.DagsterRunStatus.SUCCESS]
        assert not instance.event_log_storage.get_concurrency_run_ids()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_run_waits_out_a_lock_held_for_a_moment_but_not_one_held_on(tmp_path: Path, backend: str) -> None:
    if backend == "postgresql":
        require_postgres()
    engine = create_engine(PG_URL if backend == "postgresql" else f"sqlite:///{tmp_path / 'w.db'}")
    name = f"lock-test-{uuid.uuid4().hex}"
    try:
        held, release = threading.Event(), threading.Event()

        def hold() -> None:
            with exclusive(engine, name, wait_seconds=0):
                held.set()
                release.wait(timeout=30)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(timeout=30)
        with pytest.raises(WarehouseBusy):  # held on: turned away once the wait is over
            with exclusive(engine, name, wait_seconds=0.3):
                pass
        threading.Timer(0.5, release.set).start()
        with exclusive(engine, name, wait_seconds=10):  # let go within the wait: taken
            assert not holder.is_alive() or release.is_set()
        holder.join(timeout=30)
    finally:
        engine.dispose()


def test_the_daemons_dead_run_sensor_fails_a_run_killed_with_sigkill_and_frees_its_pool_slot(tmp_path: Path) -> None:
    _, home, _ = _demo_copy_and_home(tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        victim = _holding_the_pool_slot(tmp_path, instance)
        alive = dead_run_sensor(dg.build_sensor_context(instance=instance))
        assert "no run" in str(alive.skip_message)  # a live run is left alone
        victim.send_signal(signal.SIGKILL)
        assert victim.wait(timeout=30) == -signal.SIGKILL

        result = dead_run_sensor(dg.build_sensor_context(instance=instance))

        (dead,) = instance.get_runs()
        assert dead.status == dg.DagsterRunStatus.FAILURE
        assert dead.run_id in str(result.skip_message)
        assert not instance.event_log_storage.get_concurrency_run_ids()


def test_a_run_the_ui_launched_is_tagged_with_its_process_and_failed_by_the_sensor_once_killed(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree("sources", sources, ignore=shutil.ignore_patterns("_反馈", "README.md"))
    home = _home(tmp_path)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CADRE_ETL_SOURCES": str(sources),
        "CADRE_ETL_WAREHOUSE_URL": f"sqlite:///{tmp_path / 'warehouse.db'}",
        "CADRE_ETL_ARCHIVE_DIR": str(tmp_path / "archive"),
        "CADRE_ETL_PII_KEY": "k",
    }
    command = [sys.executable, "-m", "tests.security.launched_run", str(sources)]
    victim = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        deadline = time.monotonic() + 180
        while not (instance.event_log_storage.get_concurrency_run_ids() and _tagged(instance)):
            assert victim.poll() is None and time.monotonic() < deadline, "the run never claimed its slot, tagged"
            time.sleep(0.02)
        (run,) = instance.get_runs()
        assert run.tags[PID_TAG] == str(victim.pid)  # its first warehouse step named the process executing it
        victim.send_signal(signal.SIGKILL)
        assert victim.wait(timeout=30) == -signal.SIGKILL

        dead_run_sensor(dg.build_sensor_context(instance=instance))

        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
        assert not instance.event_log_storage.get_concurrency_run_ids()


def _tagged(instance: dg.DagsterInstance) -> bool:
    return any(PID_TAG in run.tags for run in instance.get_runs())


def _tags_in_a_child() -> dict[str, str]:
    return run_worker_tags()


def test_a_step_in_a_child_process_names_the_run_worker_that_started_it() -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        tags = pool.apply(_tags_in_a_child)
    assert tags[PID_TAG] == str(os.getpid()) == run_worker_tags()[PID_TAG]
