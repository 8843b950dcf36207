"""Tunable limits and thresholds of the ingest stage, with defaults; the Dagster resource builds one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class IngestSettings:
    """Everything ingest may be told from outside; `today` is injectable for the not-in-the-future rules."""

    max_file_bytes: int = 50 * 2**20
    # Bounds per file, checked before or while parsing; no real roster comes near them.
    max_columns: int = 1024  # columns of a sheet's used range (Excel allows 16,384)
    max_cells: int = 10_000_000  # rows × columns of a sheet's used range
    max_unpacked_bytes: int = 2**30  # a workbook's XML, unpacked
    max_cell_chars: int = 32_767  # one CSV field (Excel's own limit for a cell)
    worker_memory_bytes: int = 2 * 2**30  # address space a worker may add while it checks a township
    file_seconds: float = 60.0  # time a worker may take per file of a township
    today: datetime.date | None = None
    header_scan_rows: int = 30  # rows searched for the header
    young_age: int = 35  # under this age a cadre is young (年轻干部)
    young_recent_years: int = 3  # …or recruited within this many years
    party_min_age: int = 18
    work_min_age: int = 16
    secondment_days: tuple[int, int] = (20, 45)  # "about one month" for 挂职锻炼
    # 挂职锻炼 batches: one month each, so a year holds at most 12; a batch number more than 3 above the batch
    # before it in the same sheet is a typing error (第 99 批 after 第 5 批); the seed's batches hold 3 or 4
    # village cadres, so more than 10 in one batch is worth a look
    secondment_max_batch: int = 12
    secondment_batch_gap: int = 3
    secondment_max_batch_size: int = 10
    feedback_full_data_rows: int = 20_000  # above this, the feedback data sheet holds only rows with problems

    def effective_today(self) -> datetime.date:
        """The injected date, or the real one."""
        return self.today or datetime.date.today()
