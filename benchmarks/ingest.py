"""Ingest speed on a large roster: bare calamine parse vs our full check_file vs the naive openpyxl + per-row stdnum.

(a) and (b) run interleaved, best of --repeat, after a warm-up; (c) runs once. Ratios, not seconds, are the result.
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
from pipelines.ingest.check import check_file
from pipelines.ingest.settings import IngestSettings

log = logging.getLogger("benchmarks.ingest")


def bare_parse(path: Path) -> int:
    """(a) python-calamine alone: every cell of the first sheet as Python values."""
    with python_calamine.CalamineWorkbook.from_path(path) as workbook:
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    return len(rows) - 1


def full_check(path: Path) -> int:
    """(b) our path: read, lay out, normalize, validate (pandera + cross-row rules)."""
    result = check_file(path, settings=IngestSettings(max_file_bytes=2**31, today=datetime.date(2024, 1, 1)))
    sheet = result.sheets[0]
    assert sheet.rows_read == len(sheet.accepted) + sheet.rejected + sheet.skipped
    return sheet.rows_read


def naive(path: Path) -> int:
    """(c) the naive way: pandas.read_excel with openpyxl, then stdnum on every row."""
    frame = pd.read_excel(path, engine="openpyxl", dtype={"身份证号": str})
    frame["valid"] = [ric.is_valid(str(v)) for v in frame["身份证号"]]
    return len(frame)


def _time(func: Callable[[Path], int], path: Path) -> tuple[int, float]:
    start = time.perf_counter()
    rows = func(path)
    return rows, time.perf_counter() - start


def _report(label: str, rows: int, seconds: float) -> None:
    print(f"{label:<48} {rows:>9,} rows {seconds:8.2f} s {rows / seconds:>12,.0f} rows/s", flush=True)


def _best_of(repeat: int, path: Path) -> tuple[int, float, float]:
    """(a) and (b) interleaved `repeat` times, so machine noise hits both alike: rows, best a, best b."""
    best_a = best_b = float("inf")
    rows = 0
    for _ in range(repeat):
        rows, a = _time(bare_parse, path)
        _, b = _time(full_check, path)
        best_a, best_b = min(best_a, a), min(best_b, b)
    return rows, best_a, best_b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000, help="roster rows (default 200000)")
    parser.add_argument("--file", type=Path, help="reuse this roster instead of generating one")
    parser.add_argument("--skip-naive", action="store_true", help="leave out (c), which is slow")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of (a) and (b); the best counts")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / "benchmark_roster.xlsx"
        if args.file is None:
            start = time.perf_counter()
            write_benchmark_roster(path, args.rows, seed=0)
            print(
                f"generated {args.rows:,} rows in {time.perf_counter() - start:.1f} s: {path.stat().st_size / 2**20:.1f} MB"
            )
        # One-off process costs (pandera's check registry, stdnum's region table: about 0.4 s) are paid
        # on a small roster first, so what is compared is the work that grows with the file.
        warmup = Path(tmp) / "warmup.xlsx"
        write_benchmark_roster(warmup, 500, seed=1)
        _time(bare_parse, warmup)
        _time(full_check, warmup)
        rows, a, b = _best_of(args.repeat, path)
        _report(f"(a) bare calamine parse, best of {args.repeat}", rows, a)
        _report(f"(b) check_file, best of {args.repeat}", rows, b)
        print(f"b/a = {b / a:.2f}  (target <= 1.5)")
        if not args.skip_naive:
            _, c = _time(naive, path)
            _report("(c) naive read_excel(openpyxl) + stdnum/row", rows, c)
            print(f"c/b = {c / b:.2f}  (target >= 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
