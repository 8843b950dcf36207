"""`cadre-etl run` in a shared Dagster instance: which process a run is, and clearing what a dead one left.

A run executes in the `cadre-etl run` process itself. Killed with -9, it stays STARTED in the
instance and keeps its slot of the `cadre_warehouse` pool, so every later run would wait for it
forever. Each run is therefore tagged with its host, process id and process start time, and the
next `cadre-etl run` on that host marks runs whose process is gone as failed and frees the pool
slots of every finished run. A run that the UI or a sensor launched is tagged the same way by its
first warehouse step (`tag_run_process`), with the run worker that executes it, and the sensor
`dead_run_sensor` applies the same check every 30 seconds in the daemon.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

log = logging.getLogger(__name__)

HOST_TAG = "cadre-etl/host"
PID_TAG = "cadre-etl/pid"
STARTED_TAG = "cadre-etl/process-started"
_UNFINISHED = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
_FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


def _started(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux /proc), so a reused pid is not taken for it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def process_tags() -> dict[str, str]:
    """The tags that say which process executes a run."""
    pid = os.getpid()
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(pid), STARTED_TAG: _started(pid) or ""}


def run_worker_tags() -> dict[str, str]:
    """The tags naming the process that executes the current run, seen from one of its steps.

    With the in-process executor a step runs in the run worker itself; with the multiprocess
    executor it runs in a child that the run worker started through `multiprocessing`.
    """
    parent = multiprocessing.parent_process()
    pid = parent.pid if parent is not None and parent.pid is not None else os.getpid()
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(pid), STARTED_TAG: _started(pid) or ""}


def tag_run_process(instance: dg.DagsterInstance, run: dg.DagsterRun) -> None:
    """Tag a run that its launcher left untagged (the UI's, a sensor's) with the process executing it."""
    if PID_TAG not in run.tags:
        instance.add_run_tags(run.run_id, run_worker_tags())


def process_alive(tags: Mapping[str, str]) -> bool:
    """Whether the process named by a run's tags still runs (on this host)."""
    pid = int(tags[PID_TAG])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, under another user
    started = tags.get(STARTED_TAG)
    return not started or _started(pid) in (None, started)


def recover_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark this host's runs whose process is gone as failed, free finished runs' pool slots; the run ids marked."""
    host = socket.gethostname()
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=_UNFINISHED, tags={HOST_TAG: host}))
    dead = [r.dagster_run for r in records if PID_TAG in r.dagster_run.tags and not process_alive(r.dagster_run.tags)]
    for run in dead:
        log.warning("run %s: its process %s is gone; marking it failed", run.run_id, run.tags[PID_TAG])
        instance.report_run_failed(run, "The cadre-etl run process died (killed?); marked failed by the next run.")
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        for run_id in storage.get_concurrency_run_ids():
            run = instance.get_run_by_id(run_id)
            if run is None or run.status in _FINISHED:
                storage.free_concurrency_slots_for_run(run_id)
    return [run.run_id for run in dead]


@contextmanager
def setup_lock(home: Path) -> Iterator[None]:
    """One process at a time sets up a Dagster home's storage (two at once on a new home collide)."""
    home.mkdir(parents=True, exist_ok=True)
    with (home / ".cadre-etl-setup.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
