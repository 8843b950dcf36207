"""A province with every hostile file mixed in, in ONE `cadre-etl run` per backend: outcomes and bounds.

Writes a deterministic province (pipelines.demo.province) of --townships townships and spreads
every case of `pipelines.demo.hostile.CASES` over its good townships, beside their four files,
plus a township folder too long for the warehouse. Then, for each backend, ONE `cadre-etl run`
as a child process into a fresh warehouse (a SQLite file; a fresh PostgreSQL database on
127.0.0.1:5432, dropped afterwards) under a fresh DAGSTER_HOME, and reports from the warehouse
(`etl_manifest`, `etl_rejected_row`): every good township's rows per kind against what its
files hold, each hostile file's outcome against the one expected, the accounting of every
file; and the run's exit status, wall time and peak RSS (the run process, and its ingest
workers as the ingest step records them).

Time per hostile file is measured two ways, side by side: each hostile file alone in a township
of its own, checked by the same worker pool with the run's settings (one worker, so the time
between two results is that file's); and, with --baseline (default on), the run's extra wall
time over the same province without the hostile files, divided by their number.
Exit status 1 when any outcome differs from the expected one or a bound is exceeded.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from province import PG_URL, _drop_database, _from_instance, _postgres_database
from sqlalchemy import create_engine

from pipelines.demo.hostile import (
    CASES,
    HOSTILE_DISTRICT,
    XXE_SECRET,
    HostileProvince,
    file_outcomes,
    stored_name,
    township_rows,
    write_hostile_province,
)
from pipelines.demo.province import write_province
from pipelines.ingest.files import discover
from pipelines.ingest.redact import printable
from pipelines.ingest.workers import PoolUsage, check_townships
from pipelines.runner import ingest_settings

ROOT = Path(__file__).resolve().parent.parent
CADRE_ETL = Path(sys.executable).with_name("cadre-etl")
PEAK_BOUND_MIB = 1024  # the aims: under 1 GiB, and a minute per hostile file
SECONDS_BOUND = 60.0
ID_NUMBER = re.compile(rb"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, from /proc (Linux)."""
    out: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        out.setdefault(ppid, []).append(int(stat.parent.name))
    return out


def _high_water_mib(pid: int) -> float:
    """The process's peak resident set so far (VmHWM), in MiB; 0 once it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in lines if line.startswith("VmHWM:")), 0.0)


def watch(process: subprocess.Popen[bytes], every: float = 0.25) -> tuple[int, float, float]:
    """Wait for `process`, polling the peak RSS of it and of each of its descendants (its ingest workers).

    Polled from /proc because a child's own `ru_maxrss` starts at its parent's size when forked, so
    it would report this (large) benchmark process; (exit status, run's peak MiB, largest descendant's MiB).
    """
    peaks: dict[int, float] = {}
    while True:
        pid, status = os.waitpid(process.pid, os.WNOHANG)
        if pid:
            break
        tree, children = [process.pid], _children()
        for parent in tree:
            tree += children.get(parent, [])
        for member in tree:
            peaks[member] = max(peaks.get(member, 0.0), _high_water_mib(member))
        time.sleep(every)
    run_peak = peaks.pop(process.pid, 0.0)
    return os.waitstatus_to_exitcode(status), run_peak, max(peaks.values(), default=0.0)


def run_once(sources: Path, url: str, work: Path) -> tuple[int, float, float, float, bytes]:
    """One `cadre-etl run`: (exit status, wall s, run peak RSS MiB, workers' peak RSS MiB, its output).

    The workers' peak is the larger of the polled one and the one the ingest step records.
    """
    home = work / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "dagster.dev.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CADRE_ETL_ARCHIVE_DIR": str(work / "archive"),
        "CADRE_ETL_PII_KEY": "hostile-benchmark-key",
    }
    log = work / "run.log"
    start = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(CADRE_ETL), "run", "--sources", str(sources), "--warehouse", url], stdout=out, stderr=out, env=env
        )
        code, run_peak, polled_workers = watch(process)
    wall = time.perf_counter() - start
    _, _, recorded_workers = _from_instance(home, set())
    return code, wall, run_peak, max(polled_workers, recorded_workers), log.read_bytes()


def check_outcomes(url: str, province: HostileProvince) -> list[str]:
    """Print each hostile file's outcome from the warehouse; the differences from what is expected."""
    engine = create_engine(url)
    with engine.connect() as connection:
        outcomes = file_outcomes(connection)
    engine.dispose()
    problems = []
    loaded = township_rows(outcomes)
    short = [key for key, rows in province.good_rows.items() if loaded.get(key) != rows]
    total = {kind: sum(rows[kind] for rows in province.good_rows.values()) for kind in next(iter(loaded.values()))}
    print(f"    good townships loaded in full: {len(province.good_rows) - len(short)} of {len(province.good_rows)}")
    print("    rows loaded per kind (expected): " + ", ".join(f"{k} {v:,}" for k, v in total.items()))
    problems += [f"{key}: loaded {loaded.get(key)}, expected {province.good_rows[key]}" for key in short]
    for placed in province.placed:
        case = placed.case
        outcome = outcomes.get((placed.township_key, stored_name(placed.path)))
        if case.ignored:
            print(f"    {case.label:<26} {printable(placed.township_key):<16} {'read' if outcome else 'ignored'}")
            problems += [f"{case.label}: read, expected ignored"] if outcome else []
            continue
        if outcome is None:
            problems.append(f"{case.label}: not in etl_manifest")
            continue
        got = (
            ",".join(outcome.file_rules) or f"{outcome.rejected} rows rejected ({', '.join(sorted(outcome.row_rules))})"
        )
        print(f"    {case.label:<26} {printable(placed.township_key):<16} {got}")
        expected_rules = [case.file_rule] if case.file_rule else []
        if outcome.file_rules != expected_rules or outcome.loaded or outcome.rejected != case.rejected:
            problems.append(f"{case.label}: {got}; expected {case.file_rule or case.row_rule}")
    unbalanced = [key for key, outcome in outcomes.items() if not outcome.adds_up()]
    problems += [f"accounting: {printable(key)}" for key in unbalanced]
    if any(key.startswith(f"{HOSTILE_DISTRICT}/") for key, _ in outcomes):
        problems.append("the over-long township folder was read")
    print(f"    files: {len(outcomes)}, read = loaded + rejected + skipped in {len(outcomes) - len(unbalanced)}")
    return problems


def each_alone(work: Path, province: HostileProvince) -> tuple[dict[str, float], float]:
    """Each hostile file alone in a township, checked by one worker with the run's settings: (label → s, peak MiB)."""
    root = work / "alone"
    for placed in province.placed:
        folder = root / HOSTILE_DISTRICT / placed.case.label
        folder.mkdir(parents=True)
        shutil.copy(placed.path, folder / placed.path.name, follow_symlinks=False)  # a symlink stays one
    usage = PoolUsage()
    seconds: dict[str, float] = {}
    mark = time.perf_counter()
    for township, _ in check_townships(discover(root), ingest_settings(), processes=1, feedback=False, usage=usage):
        now = time.perf_counter()
        seconds[township.township] = now - mark
        mark = now
    return seconds, usage.peak_rss_bytes / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--townships", type=int, default=100, help="good townships in the province")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the clean SQLite run")
    args = parser.parse_args(argv)
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hostile_province_") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        province = write_hostile_province(work / "sources", args.townships, alone=False)
        print(
            f"{args.townships} good townships, {len(CASES)} hostile files mixed in and one over-long township "
            f"folder; written in {time.perf_counter() - start:.0f} s; cores {os.cpu_count()}, "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        alone, alone_peak = each_alone(work, province)
        print(f"each hostile file alone (one worker, the run's settings; worker peak RSS {alone_peak:.0f} MiB):")
        for label, seconds in alone.items():
            print(f"    {label:<26} {seconds:6.1f} s")
        failed += [f"{label}: {s:.0f} s alone" for label, s in alone.items() if s > SECONDS_BOUND]
        clean_wall = None
        if args.baseline:
            write_province(work / "clean", args.townships)
            (work / "baseline").mkdir()
            code, clean_wall, rss, workers, _ = run_once(
                work / "clean", f"sqlite:///{work / 'clean.db'}", work / "baseline"
            )
            print(
                f"sqlite, clean province (baseline): exit {code}, wall {clean_wall:.1f} s, peak RSS run {rss:.0f} MiB, "
                f"workers {workers:.0f} MiB",
                flush=True,
            )
        for backend in args.backends.split(","):
            backend_dir = work / backend
            backend_dir.mkdir()
            database = _postgres_database() if backend == "postgresql" else None
            url = PG_URL.format(database=database) if database else f"sqlite:///{backend_dir / 'warehouse.db'}"
            try:
                code, wall, rss, workers, output = run_once(work / "sources", url, backend_dir)
                extra = ""
                if clean_wall is not None and backend == "sqlite":
                    extra = f" ({wall / clean_wall:.2f}× the clean run; {(wall - clean_wall) / len(CASES):+.1f} s per hostile file)"
                print(
                    f"{backend}, with the hostile files: exit {code}, wall {wall:.1f} s{extra}, peak RSS run "
                    f"{rss:.0f} MiB, workers {workers:.0f} MiB",
                    flush=True,
                )
                if code != 0:
                    failed.append(f"{backend}: cadre-etl run exited {code}: {output[-2000:].decode(errors='replace')}")
                failed += [f"{backend}: peak RSS {m:.0f} MiB" for m in (rss, workers) if m > PEAK_BOUND_MIB]
                leaks = len(ID_NUMBER.findall(output))
                print(f"    18-digit ID numbers in the run's output: {leaks}")
                failed += [f"{backend}: {leaks} ID numbers in the output"] if leaks else []
                if XXE_SECRET.encode() in output:
                    failed.append(f"{backend}: the external entity's file content is in the output")
                failed += [f"{backend}: {problem}" for problem in check_outcomes(url, province)]
            finally:
                if database:
                    _drop_database(database)
    print(f"benchmark process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    for line in failed:
        print("FAILED: " + printable(line))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
