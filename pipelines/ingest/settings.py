"""Tunable limits and thresholds of the ingest stage, with defaults; the Dagster resource builds one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class IngestSettings:
    """Everything ingest may be told from outside; `today` is injectable for the not-in-the-future rules."""

    max_file_bytes: int = 50 * 2**20
    today: datetime.date | None = None
    header_scan_rows: int = 30  # rows searched for the header
    young_age: int = 35  # under this age a cadre is young (年轻干部)
    young_recent_years: int = 3  # …or recruited within this many years
    party_min_age: int = 18
    work_min_age: int = 16
    secondment_days: tuple[int, int] = (20, 45)  # "about one month" for 挂职锻炼
    max_hours: float = 24.0
    feedback_full_data_rows: int = 20_000  # above this, the feedback data sheet holds only rows with problems

    def effective_today(self) -> datetime.date:
        """The injected date, or the real one."""
        return self.today or datetime.date.today()
