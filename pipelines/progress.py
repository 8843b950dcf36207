"""A run's progress as log records: the CLI draws them as progress bars, Dagster keeps them in the run's log.

Pure: the assets call `report` once per unit of work (a township, a view); whoever listens to
the `pipelines.progress` logger decides how to show it.
"""

from __future__ import annotations

import logging
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


def report(phase: str, done: int, total: int | None, rows: int = 0, unit: str = "") -> None:
    """Say how far `phase` has got; `total` None while it is not known yet."""
    step = Step(phase, done, total, rows, unit)
    shown = f"{done}/{total}" if total is not None else str(done)
    log.info("%s %s %s", PHASES.get(phase, phase), shown, unit, extra={ATTRIBUTE: step})
