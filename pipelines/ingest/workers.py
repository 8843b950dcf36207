"""Reading and validating townships in worker processes, so that one file's failure costs that file only.

`check_townships` streams townships through a small pool of worker processes (both cores, at
most one township per worker in flight, so memory stays bounded however many townships come).
Each worker checks one township at a time (the same `check_township` as `cadre-etl check`) and
writes its feedback workbooks; the caller loads the results in its own process, one township at
a time, in the order they finish.

Each worker runs under an address-space limit (`RLIMIT_AS`, `IngestSettings.worker_memory_bytes`
above what the worker holds when it starts) and a time limit (`IngestSettings.file_seconds` per
file of the township). When a worker dies (the reader's native code aborts, a signal), runs out
of memory or out of time, the township's files are retried one by one, each in a fresh worker:
a file that fails alone becomes a file-level error (file.too_complex for time and memory,
file.unreadable for a crash) and the township is checked again without it. The pool goes on.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from pipelines.ingest.check import check_files
from pipelines.ingest.feedback import write_feedback
from pipelines.ingest.files import sha256_of
from pipelines.ingest.model import FileResult, Township
from pipelines.ingest.redact import masked
from pipelines.ingest.rules import make_problem
from pipelines.ingest.settings import IngestSettings

log = logging.getLogger(__name__)

_PRELOAD = ["pipelines.ingest.workers"]
_START_SECONDS = 300.0  # a worker that is not ready by then (a broken installation) fails the run


@dataclass(frozen=True)
class _Task:
    index: int  # position in the caller's order
    township: Township
    paths: tuple[Path, ...]  # the files to check (all of the township's but the failed ones)
    write_feedback: bool
    convert: Callable[[list[FileResult]], None] | None = None  # the caller's work on the results, done here


@dataclass(frozen=True)
class _Failure:
    """Why a worker gave no result: 'time', 'memory' or 'crash' (with the exit code)."""

    cause: str
    detail: str


def worker_count(requested: int = 0) -> int:
    """`requested` when positive, else one per available core."""
    if requested > 0:
        return requested
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _address_space() -> int | None:
    """This process's current virtual size in bytes (Linux), or None where /proc is missing."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


def _limit_memory(extra_bytes: int) -> None:
    current = _address_space()
    if current is None or extra_bytes <= 0:
        return
    limit = current + extra_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _check(task: _Task, settings: IngestSettings) -> list[FileResult]:
    results = check_files(list(task.paths), settings=settings)
    if task.write_feedback:
        for result in results:
            write_feedback(result, settings)
    if task.convert is not None:
        task.convert(results)
    return results


def _usage() -> tuple[int, float]:
    """This process's peak resident set in bytes (Linux reports KiB) and CPU seconds so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_maxrss * 1024, own.ru_utime + own.ru_stime


def _serve(connection: Connection, settings: IngestSettings) -> None:
    """A worker's loop: receive a task, answer ('done', results), ('memory', None) or ('raised', error).

    Every answer carries the worker's peak RSS and CPU time so far; 'ready' is said once, before the first task.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    _limit_memory(settings.worker_memory_bytes)
    connection.send(("ready", None, *_usage()))
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("done", _check(task, settings))
        except MemoryError:
            reply = ("memory", None)
        except Exception as error:  # a bug, not a bad file: the parent re-raises it and the run fails
            reply = ("raised", error)
        connection.send((*reply, *_usage()))


@dataclass
class PoolUsage:
    """What the pool saw: the largest peak RSS a worker reported, the CPU its workers reported (a worker
    that died takes its last stretch with it), and the files it had to isolate."""

    peak_rss_bytes: int = 0
    cpu_seconds: float = 0.0
    isolated_files: list[Path] = field(default_factory=list)


class _Worker:
    def __init__(self, context: Any, settings: IngestSettings, usage: PoolUsage) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings), daemon=True)
        self.process.start()
        child.close()
        self.connection: Connection = parent
        self.usage = usage
        self.task: _Task | None = None
        self.allowance = self.deadline = 0.0
        self.cpu = 0.0  # the CPU time the worker last reported; added to the usage when it stops
        if not parent.poll(_START_SECONDS) or self.receive()[0] != "ready":
            self.stop()
            raise RuntimeError(f"an ingest worker did not start within {_START_SECONDS:.0f} s")

    def give(self, task: _Task, settings: IngestSettings) -> None:
        self.task = task
        self.allowance = settings.file_seconds * max(1, len(task.paths))
        self.deadline = time.monotonic() + self.allowance
        self.connection.send(task)

    def receive(self) -> tuple[str, Any]:
        """The worker's reply, or ('failed', _Failure) when it died."""
        try:
            status, value, peak, self.cpu = self.connection.recv()
            self.usage.peak_rss_bytes = max(self.usage.peak_rss_bytes, peak)
            return status, value
        except (EOFError, OSError):
            self.process.join(5)
            code = self.process.exitcode
            detail = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            return "failed", _Failure("crash", detail)

    def stop(self) -> None:
        self.usage.cpu_seconds += self.cpu
        self.cpu = 0.0
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _context(convert: Callable[[list[FileResult]], None] | None = None) -> Any:
    """forkserver: workers fork from a clean server that has imported the ingest modules (and the module of
    the caller's `convert`) once; the server starts with the process's first pool."""
    context = multiprocessing.get_context("forkserver")
    module = getattr(getattr(convert, "func", convert), "__module__", None)  # a function or a functools.partial
    context.set_forkserver_preload([*_PRELOAD, *([module] if module else [])])
    return context


def _failed_file(path: Path, failure: _Failure, settings: IngestSettings) -> FileResult:
    if failure.cause == "crash":
        problem = make_problem("file.unreadable", detail=failure.detail)
    else:
        reason = f"超过 {settings.file_seconds:.0f} 秒" if failure.cause == "time" else "超出内存上限"
        problem = make_problem("file.too_complex", reason=reason, detail=failure.detail)
    sha256, size = "", 0
    if path.is_file():
        sha256, size = sha256_of(path), path.stat().st_size
    return FileResult(path=path, sha256=sha256, size=size, file_errors=[problem])


class _Pool:
    def __init__(
        self,
        settings: IngestSettings,
        processes: int,
        write_feedback: bool,
        usage: PoolUsage,
        convert: Callable[[list[FileResult]], None] | None = None,
    ) -> None:
        self.settings = settings
        self.usage = usage
        self.processes = processes
        self.write_feedback = write_feedback
        self.convert = convert
        self.context = _context(convert)
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []

    def _worker(self) -> _Worker:
        return self.idle.pop() if self.idle else _Worker(self.context, self.settings, self.usage)

    def start(self, task: _Task) -> None:
        worker = self._worker()
        worker.give(task, self.settings)
        self.busy.append(worker)

    def next_finished(self, workers: list[_Worker] | None = None) -> tuple[_Task, str, Any]:
        """Wait for one of `workers` (default: every busy one) to answer, die or run out of time."""
        watched = list(self.busy if workers is None else workers)
        while True:
            timeout = max(0.0, min(w.deadline for w in watched) - time.monotonic())
            ready = wait([w.connection for w in watched], timeout=timeout)
            for worker in watched:
                if worker.connection in ready:
                    return self._finish(worker, *worker.receive())
            now = time.monotonic()
            for worker in watched:
                if worker.deadline <= now:
                    return self._finish(worker, "failed", _Failure("time", f"over {worker.allowance:.0f} s"))

    def _finish(self, worker: _Worker, status: str, value: Any) -> tuple[_Task, str, Any]:
        self.busy.remove(worker)
        task = worker.task
        assert task is not None
        worker.task = None
        if status == "done":
            self.idle.append(worker)
        else:
            worker.stop()
            if status == "memory":
                status, value = "failed", _Failure("memory", "MemoryError")
        return task, status, value

    def run_alone(self, task: _Task) -> tuple[str, Any]:
        """One task in a fresh worker of its own, waited for; the worker is dropped afterwards."""
        worker = _Worker(self.context, self.settings, self.usage)
        worker.give(task, self.settings)
        self.busy.append(worker)
        _, status, value = self.next_finished([worker])
        if worker in self.idle:
            self.idle.remove(worker)
            worker.stop()
        return status, value

    def close(self) -> None:
        for worker in self.idle + self.busy:
            worker.stop()
        self.idle.clear()
        self.busy.clear()


def _isolate(pool: _Pool, township: Township, failure: _Failure) -> list[FileResult]:
    """The township whose check failed as a whole: find the file(s) that fail alone, check the rest."""
    log.warning("township %s: %s (%s); checking its files one by one", township.key, failure.cause, failure.detail)
    paths = [source.path for source in township.files]
    failed: dict[Path, FileResult] = {}
    for path in paths:
        status, value = pool.run_alone(_Task(-1, township, (path,), write_feedback=False))
        if status == "raised":
            raise value
        if status == "failed":
            log.warning("file %s fails alone (%s: %s): a file-level error", masked(path), value.cause, value.detail)
            failed[path] = _failed_file(path, value, pool.settings)
            pool.usage.isolated_files.append(path)
    rest = tuple(p for p in paths if p not in failed)
    status, value = pool.run_alone(_Task(-1, township, rest, pool.write_feedback, pool.convert))
    if status == "raised":
        raise value
    if status == "failed":  # only together do the files fail: each becomes a file-level error
        by_path: Mapping[Path, FileResult] = {p: _failed_file(p, value, pool.settings) for p in rest}
    else:
        by_path = {r.path: r for r in value}
    for result in failed.values():
        if pool.write_feedback:
            write_feedback(result, pool.settings)
    return [failed.get(p) or by_path[p] for p in paths]


def check_townships(
    townships: Iterable[Township],
    settings: IngestSettings | None = None,
    *,
    processes: int = 0,
    feedback: bool = True,
    usage: PoolUsage | None = None,
    convert: Callable[[list[FileResult]], None] | None = None,
) -> Iterator[tuple[Township, list[FileResult]]]:
    """Each township with its files' results (and feedback written), in the order given.

    At most `processes` townships are checked at once and at most as many more wait, finished,
    for their turn: memory stays bounded by the pool, not by the number of townships. `convert`
    (picklable) runs in the worker on each township's results: the loader's own work on them, done
    on the workers' cores rather than in the caller's process.
    """
    settings = settings or IngestSettings()
    pool = _Pool(settings, worker_count(processes), feedback, usage or PoolUsage(), convert)
    pending = enumerate(townships)
    exhausted = False
    finished: dict[int, tuple[Township, list[FileResult]]] = {}
    turn = 0
    try:
        while True:
            while not exhausted and len(pool.busy) < pool.processes and len(finished) < pool.processes:
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                index, township = item
                pool.start(_Task(index, township, tuple(s.path for s in township.files), feedback, convert))
            if turn in finished:
                yield finished.pop(turn)
                turn += 1
                continue
            if not pool.busy:
                return
            answers = [pool.next_finished()]
            if answers[0][1] == "failed":  # isolation needs the pool to itself: let the others finish first
                answers += [pool.next_finished() for _ in list(pool.busy)]
            for task, status, value in answers:
                if status == "raised":
                    raise value
                results = _isolate(pool, task.township, value) if status == "failed" else value
                finished[task.index] = (task.township, results)
    finally:
        pool.close()
