"""A run's progress as log records: the CLI draws them as progress bars, Dagster keeps them in the run's log.

Pure: the assets call `report` once per unit of work (a township, a view), which logs the first and
the last unit of a phase and at most two records a second in between; whoever listens to the
`pipelines.progress` logger decides how to show it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

log = logging.getLogger("pipelines.progress")

ATTRIBUTE = "cadre_progress"
PHASES = {
    "scan": "扫描 scan",
    "ingest": "导入 ingest",
    "consolidate": "合并 consolidate",
    "marts": "集市 marts",
    "report": "报表 report views",
}


@dataclass(frozen=True)
class Step:
    """`done` of `total` units of one phase finished, `rows` rows read so far in it, the last unit's name."""

    phase: str
    done: int
    total: int | None
    rows: int = 0
    unit: str = ""


# Between a phase's first and last unit, at most one record per this many seconds: under `dagster dev` each
# record is an event written to the run's log, and a province's ingest has a thousand units.
INTERVAL_SECONDS = 0.5
_last: dict[str, float] = {}


def report(phase: str, done: int, total: int | None, rows: int = 0, unit: str = "") -> None:
    """Say how far `phase` has got; `total` None while it is not known yet."""
    now = time.monotonic()
    if done and done != total and now - _last.get(phase, 0.0) < INTERVAL_SECONDS:
        return
    _last[phase] = now
    step = Step(phase, done, total, rows, unit)
    shown = f"{done}/{total}" if total is not None else str(done)
    log.info("%s %s %s", PHASES.get(phase, phase), shown, unit, extra={ATTRIBUTE: step})
