"""The terminal side of `cadre-etl run`: one rich progress line per phase, drawn from `pipelines.progress`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from pipelines import progress
from pipelines.ingest.redact import printable


class RowsPerSecond(ProgressColumn):
    """Rows read per second of the phase so far (blank for phases that read no rows)."""

    def render(self, task: Task) -> Text:
        rows = int(task.fields.get("rows", 0))
        elapsed = task.finished_time if task.finished else task.elapsed
        if not rows or not elapsed:
            return Text("")
        return Text(f"{rows:,} rows {rows / elapsed:,.0f}/s", style="progress.data.speed")


class _Bars(logging.Handler):
    """Turns each progress record into an update of its phase's bar."""

    def __init__(self, bars: Progress) -> None:
        super().__init__(logging.INFO)
        self.bars = bars
        self.tasks: dict[str, TaskID] = {}

    def emit(self, record: logging.LogRecord) -> None:
        step = getattr(record, progress.ATTRIBUTE, None)
        if not isinstance(step, progress.Step):
            return
        label = progress.PHASES.get(step.phase, step.phase)
        if step.phase not in self.tasks:
            self.tasks[step.phase] = self.bars.add_task(label, total=step.total, rows=0, unit="")
        self.bars.update(
            self.tasks[step.phase], completed=step.done, total=step.total, rows=step.rows, unit=printable(step.unit)
        )


@contextmanager
def progress_bars(console: Console | None = None) -> Iterator[Progress]:
    """While open, every `progress.report` of this process moves a bar (on stderr, so stdout stays the summary)."""
    if console is None:
        console = Console(stderr=True)
        if not console.is_terminal:  # a log file or `make run | tee`: one wide final line per phase
            console = Console(stderr=True, width=160)
    bars = Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        RowsPerSecond(),
        TimeElapsedColumn(),
        TextColumn("剩余 left"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[unit]}", style="dim"),
        console=console,
    )
    handler = _Bars(bars)
    logger = progress.log
    previous = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the bars say it; the log lines would say it twice
    try:
        with bars:
            yield bars
    finally:
        logger.removeHandler(handler)
        logger.level, logger.propagate = previous
