"""Ingest speed per roster size: bare calamine parse vs our full check_file vs the naive openpyxl + per-row stdnum.

Townships send files of 150–1,500 rows, so the fixed cost per sheet matters as much as the cost per
row: the default sizes are 150, 1,500, 20,000 and 200,000 rows. Then the four files of one township of
the province benchmark (roster, pairings, evaluations, trainings), each checked against the township's
roster and pairs as `check_township` does. (a) and (b) run interleaved, best of --repeat (more often for
small files), after a warm-up; (c) runs once (best of 3 under 20,000 rows). Before each (b) the caches
of per-value results (header keys, Simplified forms) are emptied, so a file checked again does not find
its own cells there; per-process objects (schemas, vocabularies, compiled patterns) stay built.
Times are CPU seconds of the process. Ratios, not seconds, are the result.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import python_calamine
from stdnum.cn import ric

from pipelines.demo import write_benchmark_roster
from pipelines.demo.province import province
from pipelines.demo.township import write_township
from pipelines.ingest import layout, normalize
from pipelines.ingest.check import check_file
from pipelines.ingest.rules import roster_from
from pipelines.ingest.settings import IngestSettings
from schemas.registry import fields

log = logging.getLogger("benchmarks.ingest")


SETTINGS = IngestSettings(max_file_bytes=2**31, today=datetime.date(2024, 1, 1))
KNOWN: dict[str, pd.DataFrame | None] = {"roster": None, "pairs": None}  # what the township's other files add


def bare_parse(path: Path) -> int:
    """(a) python-calamine alone: every cell of the first sheet as Python values."""
    with python_calamine.CalamineWorkbook.from_path(path) as workbook:
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    return len(rows) - 1


def _forget_values() -> None:
    """Empty the caches of per-value results, as a file with cells never seen before would find them."""
    for cached in (getattr(layout.header_key, "cache_clear", None), normalize.simplify.cache_clear):
        if cached is not None:
            cached()


def full_check(path: Path) -> int:
    """(b) our path: read, lay out, normalize, validate (pandera + cross-row rules)."""
    _forget_values()
    result = check_file(path, settings=SETTINGS, roster=KNOWN["roster"], pairs=KNOWN["pairs"])
    sheet = result.sheets[0]
    assert sheet.rows_read == len(sheet.accepted) + sheet.rejected + sheet.skipped
    return sheet.rows_read


def _id_labels() -> list[str]:
    return list(
        dict.fromkeys(
            spec.label
            for kind in ("cadres", "pairings", "evaluations", "trainings")
            for spec in fields(kind)
            if spec.type == "id"
        )
    )


def naive(path: Path) -> int:
    """(c) the naive way: pandas.read_excel with openpyxl, then stdnum on every ID cell of every row."""
    labels = _id_labels()
    frame = pd.read_excel(path, engine="openpyxl", dtype=dict.fromkeys(labels, str))
    for label in labels:
        if label in frame.columns:
            frame[f"{label} valid"] = [ric.is_valid(str(v)) for v in frame[label]]
    return len(frame)


def _time(func: Callable[[Path], int], path: Path) -> tuple[int, float]:
    """Rows and CPU seconds of this process (steadier than wall time on a shared machine; every path is single-threaded)."""
    start = time.process_time()
    rows = func(path)
    return rows, time.process_time() - start


def _report(label: str, rows: int, seconds: float) -> None:
    print(f"{label:<48} {rows:>9,} rows {seconds * 1000:10.1f} ms CPU {rows / seconds:>12,.0f} rows/s", flush=True)


def _best_of(repeat: int, path: Path) -> tuple[int, float, float]:
    """(a) and (b) interleaved `repeat` times, so machine noise hits both alike: rows, best a, best b."""
    best_a = best_b = float("inf")
    rows = 0
    for _ in range(repeat):
        rows, a = _time(bare_parse, path)
        _, b = _time(full_check, path)
        best_a, best_b = min(best_a, a), min(best_b, b)
    return rows, best_a, best_b


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _measure_size(rows: int, path: Path, repeat: int, skip_naive: bool, title: str | None = None) -> None:
    repeats = max(repeat, min(30, 200_000 // max(rows, 1)))
    read, a, b = _best_of(repeats, path)
    print(f"--- {title or f'{rows:,} rows'}", flush=True)
    _report(f"(a) bare calamine parse, best of {repeats}", read, a)
    _report(f"(b) check_file, best of {repeats}", read, b)
    print(f"b/a = {b / a:.2f}  (target <= 1.5)")
    if not skip_naive:
        c = min(_time(naive, path)[1] for _ in range(3 if rows < 20_000 else 1))
        _report("(c) naive read_excel(openpyxl) + stdnum/row", read, c)
        print(f"c/b = {c / b:.2f}  (target >= 5)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=_sizes, default=[150, 1_500, 20_000, 200_000], help="comma-separated sizes")
    parser.add_argument("--file", type=Path, help="measure this roster instead of generated ones")
    parser.add_argument("--skip-naive", action="store_true", help="leave out (c), which is slow")
    parser.add_argument("--skip-township", action="store_true", help="leave out the four files of one township")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of (a) and (b); the best counts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        # One-off process costs (pandera's check registry, stdnum's region table: about 0.4 s) are paid
        # on a small roster first, so what is compared is the work per file.
        warmup = Path(tmp) / "warmup.xlsx"
        write_benchmark_roster(warmup, 500, seed=1)
        _time(bare_parse, warmup)
        _time(full_check, warmup)
        if args.file is not None:
            _measure_size(bare_parse(args.file), args.file, args.repeat, args.skip_naive)
            return 0
        for rows in args.rows:
            path = Path(tmp) / f"roster_{rows}.xlsx"
            start = time.perf_counter()
            write_benchmark_roster(path, rows, seed=0)
            print(
                f"generated {rows:,} rows in {time.perf_counter() - start:.1f} s: {path.stat().st_size / 2**20:.1f} MB"
            )
            _measure_size(rows, path, args.repeat, args.skip_naive)
        if not args.skip_township:
            _measure_township(Path(tmp), args.repeat, args.skip_naive)
    return 0


def _measure_township(tmp: Path, repeat: int, skip_naive: bool) -> None:
    """The four files of the province benchmark's first township, each against the township's roster and pairs."""
    paths = {path.name: path for path in write_township(tmp / "province", next(province(1)))}
    by_kind = {
        kind: next(p for name, p in paths.items() if word in name)
        for kind, word in (("cadres", "花名册"), ("pairings", "对子"), ("evaluations", "测评"), ("trainings", "培训"))
    }
    roster = check_file(by_kind["cadres"], settings=SETTINGS).sheets[0].accepted
    pairings = check_file(by_kind["pairings"], settings=SETTINGS, roster=roster_from(roster, "花名册"))
    for kind, path in by_kind.items():
        if kind != "cadres":
            KNOWN["roster"] = roster_from(roster, "花名册")
        if kind in ("evaluations", "trainings"):
            KNOWN["pairs"] = pairings.sheets[0].accepted[["mentor_id_number", "mentee_id_number"]]
        _measure_size(bare_parse(path), path, repeat, skip_naive, title=f"township {kind}: {path.name}")
    KNOWN.update(roster=None, pairs=None)


if __name__ == "__main__":
    sys.exit(main())
