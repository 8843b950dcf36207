"""The one path for township files: read, lay out, normalize and validate, cadres first so the others find the roster."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.ingest.files import sha256_of
from pipelines.ingest.layout import Note, Table, detect
from pipelines.ingest.model import MAX_SHEET_NAME, FileResult, Problem, SheetResult, Township
from pipelines.ingest.normalize import cell_text, normalize_table
from pipelines.ingest.read import FileUnreadable, read_grids
from pipelines.ingest.redact import masked
from pipelines.ingest.rules import (
    CROSS_ROW,
    ROSTER_COLUMNS,
    RULES,
    Context,
    error_cells,
    make_problem,
    problems_from,
    rejected_rows,
    roster_from,
    schema_findings,
)
from pipelines.ingest.settings import IngestSettings
from schemas import KINDS, SCHEMAS
from schemas.registry import field as field_spec
from schemas.registry import fields
from schemas.vocab import headers

log = logging.getLogger(__name__)

_PAIR_COLUMNS = ["mentor_id_number", "mentee_id_number"]


@dataclass
class _Prepared:
    """A file read and laid out, waiting for its sheets to be validated in kind order."""

    result: FileResult
    tables: list[Table] = field(default_factory=list)
    sheets: dict[int, SheetResult] = field(default_factory=dict)


def _note_problem(note: Note) -> Problem:
    params = dict(note.params)
    if "kind" in params:
        params["kind_title"] = headers()[params["kind"]].title if params["kind"] in headers() else "数据表"
    return make_problem(note.rule, row=note.row, column=note.column, value=note.value, **params)


def _prepare(path: Path, settings: IngestSettings) -> _Prepared:
    if not path.is_file():
        return _Prepared(FileResult(path, "", 0, [make_problem("file.not_found", path=str(path))]))
    size = path.stat().st_size
    result = FileResult(path=path, sha256=sha256_of(path), size=size)
    try:
        grids = read_grids(path, settings, size=size)
    except FileUnreadable as unreadable:
        log.info("cannot read %s: %s", masked(path), unreadable.rule)
        result.file_errors.append(make_problem(unreadable.rule, **unreadable.params))
        return _Prepared(result)
    too_long = [grid.name for grid in grids if len(grid.name) > MAX_SHEET_NAME]
    if too_long:
        result.file_errors.append(
            make_problem("file.sheet_name_too_long", length=len(too_long[0]), limit=MAX_SHEET_NAME)
        )
        return _Prepared(result)
    tables = [detect(grid, file_stem=path.stem, scan_rows=settings.header_scan_rows) for grid in grids]
    return _Prepared(result, tables)


def _empty_accepted(kind: str | None) -> pd.DataFrame:
    columns = list(SCHEMAS[kind].to_schema().columns) if kind else []
    return pd.DataFrame(columns=[*columns, "source_row"])


def _layout_only(table: Table, result: FileResult) -> SheetResult:
    """A sheet that cannot be validated: no kind, or a required column missing (all its rows rejected)."""
    problems = [_note_problem(n) for n in table.notes]
    result.file_errors.extend(p for p in problems if p.severity == "error")
    for field_name in table.missing:
        assert table.kind is not None
        spec = field_spec(table.kind, field_name)
        result.file_errors.append(
            make_problem(
                "header.missing_required",
                column=spec.label,
                sheet=table.sheet,
                header_row=table.header_row,
                field=field_name,
                label=spec.label,
                accepted="、".join(spec.labels),
            )
        )
    rows = len(table.data)
    return SheetResult(
        sheet=table.sheet,
        kind=table.kind,
        rows_read=table.rows_read,
        accepted=_empty_accepted(table.kind),
        rejected=rows,
        skipped=table.skipped,
        skip_reasons=table.skip_reasons,
        problems=[p for p in problems if p.severity != "error"],
        header_row=table.header_row,
        columns=column_index(table),
    )


def column_index(table: Table) -> dict[str, int]:
    """Header as written, and canonical label → 0-based column: where feedback marks a problem's cell."""
    index = {table.labels[f]: c for f, c in table.columns.items() if f in table.labels}
    if table.kind:
        for spec in fields(table.kind):
            if spec.name in table.columns:
                index.setdefault(spec.label, table.columns[spec.name])
    return index


def _column_order(kind: str, table: Table) -> dict[str | None, int]:
    order: dict[str | None, int] = {table.labels.get(f, f): i for f, i in table.columns.items()}
    for i, spec in enumerate(fields(kind)):
        order.setdefault(spec.label, 1000 + i)
    return order


def _absent_note(table: Table) -> list[Problem]:
    """One warning per sheet naming the optional columns it does not have."""
    if not table.absent or table.kind is None:
        return []
    labels = [field_spec(table.kind, name).label for name in table.absent]
    return [
        make_problem(
            "header.optional_missing", sheet=table.sheet, labels="、".join(labels), fields=", ".join(table.absent)
        )
    ]


def _validate(table: Table, ctx: Context) -> SheetResult:
    """Normalize and validate one laid-out table against the context; every data row ends in one bucket."""
    kind = table.kind
    assert kind is not None
    normalized = normalize_table(kind, table.data, today=ctx.settings.today)
    frame = normalized.frame
    findings = list(normalized.findings)
    bad = error_cells(findings)
    findings += schema_findings(kind, frame, bad, normalized=True)
    bad |= error_cells(findings)
    cross_row = CROSS_ROW.get(kind)
    if cross_row is not None:
        findings += cross_row(frame, ctx, bad, normalized.ids)
    rejected = rejected_rows(findings)
    problems = [_note_problem(n) for n in table.notes] + _absent_note(table)
    order = _column_order(kind, table)
    row_problems = problems_from(kind, findings, table.data, table.labels, cell_text)
    row_problems.sort(key=lambda p: (p.row or 0, order.get(p.column, 999), RULES[p.rule].severity != "error"))
    accepted = _accepted(frame, rejected, list(SCHEMAS[kind].to_schema().columns))
    return SheetResult(
        sheet=table.sheet,
        kind=kind,
        rows_read=table.rows_read,
        accepted=accepted,
        rejected=len(rejected),
        skipped=table.skipped,
        skip_reasons=table.skip_reasons,
        problems=problems + row_problems,
        header_row=table.header_row,
        columns=column_index(table),
    )


def _accepted(frame: pd.DataFrame, rejected: pd.Index, columns: list[str]) -> pd.DataFrame:
    """The rows not rejected, in the schema's columns then source_row (the Excel row), numbered from 0."""
    kept = frame.loc[~frame.index.isin(rejected)] if len(rejected) else frame
    accepted = (kept if list(kept.columns) == columns else kept[columns]).reset_index(drop=True)
    accepted["source_row"] = kept.index.to_numpy()
    return accepted


def _extend(base: pd.DataFrame | None, more: pd.DataFrame) -> pd.DataFrame:
    if base is None or base.empty:
        return more
    return pd.concat([base, more], ignore_index=True)


def check_files(
    paths: Sequence[Path],
    *,
    settings: IngestSettings | None = None,
    roster: pd.DataFrame | None = None,
    pairs: pd.DataFrame | None = None,
) -> list[FileResult]:
    """Check files of one township together: cadre sheets first build the roster, pairings the pairs, then the rest.

    `roster` (rows of `pipelines.ingest.rules.ROSTER_COLUMNS`, e.g. from `roster_from`) and `pairs` add people and
    pairs known from elsewhere; cadres found in these files are added to them, and duplicates are checked among these files.
    """
    settings = settings or IngestSettings()
    prepared = [_prepare(Path(p), settings) for p in paths]
    ctx = Context(settings=settings, roster=roster, pairs=pairs, seen=None)
    for kind in KINDS:
        for item in prepared:
            for index, table in enumerate(item.tables):
                if table.kind != kind:
                    continue
                if table.missing:
                    item.sheets[index] = _layout_only(table, item.result)
                    continue
                sheet = item.sheets[index] = _validate(table, ctx)
                if kind == "cadres":
                    found = roster_from(sheet.accepted, f"文件“{item.result.path.name}”工作表“{table.sheet}”")
                    ctx.roster = _extend(ctx.roster, found)
                    ctx.seen = _extend(ctx.seen, found)
                elif kind == "pairings":
                    ctx.pairs = _extend(ctx.pairs, sheet.accepted[_PAIR_COLUMNS])
        if kind == "cadres" and ctx.roster is None and any(t.kind == "cadres" for i in prepared for t in i.tables):
            ctx.roster = pd.DataFrame(columns=list(ROSTER_COLUMNS))
    for item in prepared:
        for index, table in enumerate(item.tables):
            if table.kind is None:
                item.sheets[index] = _layout_only(table, item.result)
        item.result.sheets = [item.sheets[i] for i in range(len(item.tables))]
        _no_records(item.result)
    return [item.result for item in prepared]


def _no_records(result: FileResult) -> None:
    """A file that was read but holds no sheet of any kind is an error, never a silent 导入 0 行."""
    if result.file_errors or any(sheet.kind for sheet in result.sheets):
        return
    if any(sheet.rows_read for sheet in result.sheets):
        result.file_errors.append(make_problem("file.no_records"))


def check_file(
    path: Path,
    *,
    roster: pd.DataFrame | None = None,
    settings: IngestSettings | None = None,
    pairs: pd.DataFrame | None = None,
) -> FileResult:
    """Check one file; pairings, evaluations and trainings are checked against `roster` / `pairs` when given."""
    return check_files([path], settings=settings, roster=roster, pairs=pairs)[0]


def check_township(township: Township, settings: IngestSettings | None = None) -> list[FileResult]:
    """Check every file of a township drop folder, cadres first, in the folder's file order."""
    return check_files([source.path for source in township.files], settings=settings)
