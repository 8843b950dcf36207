"""Province scale: the bare parse floor and `cadre-etl run` side by side, in one invocation.

Generates a deterministic province (pipelines.demo.province) of --townships townships, measures
(a) the bare parse of every file (python-calamine for workbooks, decode + csv for CSV), then for
each backend (b) a rebuild into a fresh warehouse, (c) an unchanged rerun and (d) a rerun with
1 % of the townships changed, each `cadre-etl run` as its own process. For each it prints wall
time, CPU time (user + system of the run and its workers; the PostgreSQL server's own CPU is not
included), the ratio of both to the floor, the peak RSS of the largest process, and rows/s per
Dagster step. The machine may be shared: compare the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import psycopg
import python_calamine
from psycopg import sql

from pipelines.demo.province import change_townships, write_province
from pipelines.ingest.files import source_files
from pipelines.ingest.read import TEXT_SUFFIXES, decode_text

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{database}"
ROOT = Path(__file__).resolve().parent.parent
CADRE_ETL = Path(sys.executable).with_name("cadre-etl")


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    peak_rss_mib: float
    steps: dict[str, float]


def bare_parse(folder: Path) -> tuple[int, float, float]:
    """(a) every cell of every file as Python values; (rows, wall s, CPU s)."""
    rows = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for path in source_files(folder):
        if path.suffix.lower() in TEXT_SUFFIXES:
            text, _ = decode_text(path.read_bytes())
            rows += sum(1 for _ in csv.reader(io.StringIO(text, newline="")))
            continue
        with python_calamine.CalamineWorkbook.from_path(path) as workbook:
            for name in workbook.sheet_names:
                rows += len(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
    return rows, time.perf_counter() - wall, time.process_time() - cpu


def run_once(sources: Path, url: str, home: Path, archive: Path) -> Measure:
    """One `cadre-etl run` as a child process: its wall time, CPU (with its children) and peak RSS."""
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CADRE_ETL_ARCHIVE_DIR": str(archive),
        "CADRE_ETL_PII_KEY": "province-benchmark-key",
    }
    log = home / "run.log"
    seen = log.stat().st_size if log.exists() else 0
    before = _run_ids(home)
    start = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(CADRE_ETL), "run", "--sources", str(sources), "--warehouse", url], stdout=out, stderr=out, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"cadre-etl run failed ({process.returncode}); see {log}")
    with log.open("rb") as handle:
        handle.seek(seen)
        for line in handle.read().decode("utf-8", "replace").splitlines():
            if "per-partition metadata" in line or "townships unchanged" in line:
                print("      " + line.split(" - ")[-1].strip(), flush=True)
    steps, worker_cpu, worker_rss = _from_instance(home, before)
    peak = max(usage.ru_maxrss / 1024, worker_rss)
    return Measure(wall, usage.ru_utime + usage.ru_stime + worker_cpu, peak, steps)


def _run_ids(home: Path) -> set[str]:
    if not (home / "history").exists():
        return set()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return {run.run_id for run in instance.get_runs()}


def _from_instance(home: Path, before: set[str]) -> tuple[dict[str, float], float, float]:
    """Seconds per step summed over the runs one `cadre-etl run` made, and their workers' CPU seconds and peak RSS.

    The ingest workers are forked by multiprocessing's fork server, which the run never reaps, so
    their CPU is not in the run's own rusage: each ingest step reports it in its metadata.
    """
    steps: dict[str, float] = {}
    cpu = rss = 0.0
    cadres = dg.AssetKey(["ingest", "cadres"])
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for run in instance.get_runs():
            if run.run_id in before:
                continue
            for s in instance.get_run_step_stats(run.run_id):
                steps[s.step_key] = steps.get(s.step_key, 0.0) + (s.end_time or 0) - (s.start_time or 0)
            for entry in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
                materialization = entry.asset_materialization
                if materialization is None or materialization.asset_key != cadres:
                    continue
                metadata = materialization.metadata
                cpu += float(metadata["worker_cpu_seconds"].value) if "worker_cpu_seconds" in metadata else 0.0
                if "partition_metadata_seconds" in metadata:
                    steps["  of which add_asset_metadata"] = float(metadata["partition_metadata_seconds"].value)
                if "worker_peak_rss_mib" in metadata:
                    rss = max(rss, float(metadata["worker_peak_rss_mib"].value))
                break  # every partition of a run carries the same run-wide entries
    return steps, cpu, rss


def _report(label: str, m: Measure, floor_wall: float, floor_cpu: float, rows: int) -> None:
    print(
        f"  {label:<22} wall {m.wall:8.1f} s ({m.wall / floor_wall:6.1f}× floor)  "
        f"CPU {m.cpu:8.1f} s ({m.cpu / floor_cpu:6.1f}× floor)  peak RSS {m.peak_rss_mib:7.0f} MiB",
        flush=True,
    )
    for step, seconds in sorted(m.steps.items(), key=lambda kv: -kv[1]):
        rate = f"{rows / seconds:>10,.0f} rows/s" if seconds > 0 else ""
        print(f"      {step:<40} {seconds:8.1f} s {rate}", flush=True)


def _postgres_database() -> str:
    name = f"bench_province_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def _drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def bench_backend(
    backend: str, sources: Path, work: Path, count: int, floor: tuple[int, float, float], keep: bool
) -> None:
    rows, floor_wall, floor_cpu = floor
    home = work / f"dagster_{backend}"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "dagster.dev.yaml", home / "dagster.yaml")
    database = _postgres_database() if backend == "postgresql" else None
    url = PG_URL.format(database=database) if database else f"sqlite:///{work / 'warehouse.db'}"
    print(f"{backend}:", flush=True)
    try:
        _report("rebuild", run_once(sources, url, home, work / "archive"), floor_wall, floor_cpu, rows)
        _report("unchanged rerun", run_once(sources, url, home, work / "archive"), floor_wall, floor_cpu, rows)
        changed = change_townships(sources, count, 0.01)
        m = run_once(sources, url, home, work / "archive")
        _report(f"{len(changed)} changed ({len(changed) / count:.0%})", m, floor_wall, floor_cpu, rows)
    finally:
        if database and keep:
            print(f"  kept PostgreSQL database {database}", flush=True)
        elif database:
            _drop_database(database)
        change_townships(sources, count, 0.01, revert=True)  # the next backend starts from the same folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--townships", type=int, default=100, help="townships in the province (100, 250, 1000)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--folder", type=Path, help="keep the generated province here (reused when present)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (for EXPLAIN ANALYZE)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="province_") as tmp:
        work = Path(tmp)
        sources = args.folder or work / "sources"
        if not (sources / "第01区").is_dir():
            start = time.perf_counter()
            write_province(sources, args.townships)
            print(f"generated {args.townships} townships in {time.perf_counter() - start:.0f} s", flush=True)
        files = len(source_files(sources))
        bare_parse(sources)  # warm the page cache: both sides then read from memory
        floor = bare_parse(sources)
        print(
            f"{args.townships} townships, {files} files, {floor[0]:,} rows; bare parse floor: "
            f"wall {floor[1]:.1f} s, CPU {floor[2]:.1f} s; cores {os.cpu_count()}, "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        for backend in args.backends.split(","):
            backend_dir = work / backend
            backend_dir.mkdir()
            bench_backend(backend, sources, backend_dir, args.townships, floor, args.keep)
    print(f"benchmark process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
