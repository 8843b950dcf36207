"""Materialization metadata: row counts, source files with sha256, and a sample of problems.

File names, columns, values and messages go through `masked`: an ID number in a cell, a message
or a file name (`补报_<ID>.xlsx`) never reaches Dagster's UI or its run storage.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from typing import Any

import dagster as dg

from pipelines import progress
from pipelines.defs.column_schema import ROW_COUNT
from pipelines.ingest.model import FileResult, Problem
from pipelines.ingest.redact import mask_text, masked
from pipelines.warehouse import LoadStats, Warehouse

PROBLEM_SAMPLE = 20
PREVIEW_ROWS = 10
COUNTS = ("rows_read", "loaded", "rejected", "skipped")


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def counts(stats: LoadStats | None) -> dict[str, int]:
    """Rows read, loaded, rejected and skipped; zero when the township sent nothing of the kind."""
    return {name: int(getattr(stats, name)) if stats is not None else 0 for name in COUNTS}


def _of_kind(results: Sequence[FileResult], kind: str) -> list[FileResult]:
    """The files with at least one sheet of `kind`."""
    return [r for r in results if any(s.kind == kind for s in r.sheets)]


def kind_metadata(kind: str, results: Sequence[FileResult], stats: LoadStats | None) -> dict[str, Any]:
    """One township's metadata for one kind: counts, its source files and a problem sample."""
    files = _of_kind(results, kind)
    problems: list[tuple[str, Problem]] = [
        (masked(r.path.name), p) for r in files for s in r.sheets if s.kind == kind for p in s.problems
    ]
    unreadable = [(masked(r.path.name), p) for r in results for p in r.file_errors]
    metadata: dict[str, Any] = dict(counts(stats))
    metadata[ROW_COUNT] = metadata["loaded"]  # this township's rows of the kind now in the warehouse
    metadata["source_files"] = dg.MetadataValue.md(
        _table(["file", "sha256", "bytes"], [(masked(r.path.name), r.sha256, r.size) for r in files])
        if files
        else "none"
    )
    metadata["problems"] = len(problems)
    metadata["problem_sample"] = dg.MetadataValue.md(
        _table(
            ["file", "row", "column", "value", "rule", "severity", "message"],
            [
                (f, p.row, mask_text(p.column), mask_text(p.value), p.rule, p.severity, masked(p.message_zh))
                for f, p in problems[:PROBLEM_SAMPLE]
            ],
        )
        if problems
        else "none"
    )
    if unreadable:
        metadata["unreadable_files"] = dg.MetadataValue.md(
            _table(["file", "rule", "message"], [(f, p.rule, masked(p.message_zh)) for f, p in unreadable])
        )
    return metadata


TOWNSHIP_COLUMNS = ("township", "files", *COUNTS, "problems", "unreadable_files")


def township_row(key: str, kind: str, results: Sequence[FileResult], stats: LoadStats | None) -> tuple[object, ...]:
    """One township's line in a run's table of the townships it read: counts, problems, unreadable files."""
    files = _of_kind(results, kind)
    problems = sum(len(s.problems) for r in files for s in r.sheets if s.kind == kind)
    unreadable = sum(1 for r in results if r.file_errors)
    return (key, len(files), *counts(stats).values(), problems, unreadable)


def townships_table(rows: Sequence[Sequence[object]]) -> dg.MetadataValue:
    """The townships a run read, one line each (names are folder names; nothing here carries an ID number)."""
    return dg.MetadataValue.md(_table(TOWNSHIP_COLUMNS, [[masked(str(row[0])), *row[1:]] for row in rows]))


def load_totals(kind: str, stats_by_township: Mapping[str, Mapping[str, LoadStats]]) -> dict[str, Any]:
    """The run-wide totals of one kind over every township of the run, named `run_…`: a partition without
    metadata of its own (a large run's) must not show the province's counts as the township's."""
    totals = dict.fromkeys(COUNTS, 0)
    for stats in stats_by_township.values():
        for name, value in counts(stats.get(kind)).items():
            totals[name] += value
    return {"townships_in_run": len(stats_by_township), **{f"run_{name}": value for name, value in totals.items()}}


def preview_table(rows: Sequence[Mapping[str, object]]) -> str:
    """A markdown table of the first rows of a view."""
    if not rows:
        return "(no rows)"
    header = list(rows[0])
    return _table(header, [[row[column] for column in header] for row in rows])


def view_results(
    store: Warehouse, views: Mapping[str, dg.AssetKey], selected: Set[dg.AssetKey], phase: str = "marts"
) -> Iterator[dg.MaterializeResult]:
    """Counts and previews each selected view in SQL, so a broken view fails in the run, not in an analyst's tool."""
    chosen = [(view, key) for view, key in views.items() if key in selected]
    progress.report(phase, 0, len(chosen))
    for done, (view, key) in enumerate(chosen, start=1):
        count, first = store.view_summary(view, PREVIEW_ROWS)
        progress.report(phase, done, len(chosen), unit=view)
        yield dg.MaterializeResult(
            asset_key=key, metadata={ROW_COUNT: count, "preview": dg.MetadataValue.md(preview_table(first))}
        )
