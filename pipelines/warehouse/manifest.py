"""What a township's files contribute per kind, and the manifest and problem rows for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select

from pipelines.ingest.model import FileResult, Problem, SheetResult, Township
from pipelines.ingest.redact import masked
from pipelines.warehouse.fields import UNCLASSIFIED
from pipelines.warehouse.identity import mask_text
from pipelines.warehouse.tables import etl_manifest, etl_pending_change

_ID_BATCH = 900
Signature = frozenset[tuple[str, str]]  # (path inside the township folder, sha256)

UNCLASSIFIED_SHEET = Problem(
    rule="warehouse.sheet.unclassified",
    severity="warning",
    message_zh="该工作表无法识别为任何一类记录（花名册、帮带对子、测评、培训），未入库。",
    message_en="The sheet matched no record kind; nothing from it was loaded.",
)


@dataclass
class FileKind:
    """One file's part in one kind: the sheets of that kind (and, for unclassified, file errors)."""

    result: FileResult
    relative_path: str
    mtime_ns: int | None
    sheets: list[SheetResult] = field(default_factory=list)
    file_errors: list[Problem] = field(default_factory=list)


def relative_path(township: Township, path: Path) -> str:
    """The path inside the township folder, ID-looking runs masked (an office may name a file `补报_<ID>.xlsx`)."""
    inside = path.relative_to(township.path).as_posix() if path.is_relative_to(township.path) else path.name
    return masked(inside)


def plan(township: Township, results: list[FileResult]) -> dict[str, list[FileKind]]:
    """Group the files by the kinds their sheets hold; unreadable files and unknown sheets go to UNCLASSIFIED."""
    mtimes = {source.path: source.mtime_ns for source in township.files}
    out: dict[str, list[FileKind]] = {}
    for result in sorted(results, key=lambda r: str(r.path)):
        rel = relative_path(township, result.path)
        kinds = sorted({s.kind for s in result.sheets if s.kind is not None})
        for kind in kinds:
            sheets = [s for s in result.sheets if s.kind == kind]
            out.setdefault(kind, []).append(FileKind(result, rel, mtimes.get(result.path), sheets))
        unknown = [s for s in result.sheets if s.kind is None and (s.rows_read or s.problems)]
        if result.file_errors or unknown or not kinds:
            out.setdefault(UNCLASSIFIED, []).append(
                FileKind(result, rel, mtimes.get(result.path), unknown, list(result.file_errors))
            )
    return out


def signature(files: list[FileKind]) -> Signature:
    return frozenset((f.relative_path, f.result.sha256) for f in files)


def current_signature(connection: Connection, township_key: str, kind: str) -> Signature:
    m = etl_manifest
    rows = connection.execute(
        select(m.c.relative_path, m.c.sha256).where(
            and_(m.c.township_key == township_key, m.c.kind == kind, m.c.is_current)
        )
    )
    return frozenset((row.relative_path, row.sha256) for row in rows)


def current_totals(connection: Connection, township_key: str, kind: str) -> dict[str, int]:
    m = etl_manifest
    row = connection.execute(
        select(
            func.count().label("files"),
            func.coalesce(func.sum(m.c.rows_read), 0).label("rows_read"),
            func.coalesce(func.sum(m.c.rows_loaded), 0).label("loaded"),
            func.coalesce(func.sum(m.c.rows_rejected), 0).label("rejected"),
            func.coalesce(func.sum(m.c.rows_skipped), 0).label("skipped"),
        ).where(and_(m.c.township_key == township_key, m.c.kind == kind, m.c.is_current))
    ).one()
    return {name: int(value) for name, value in row._mapping.items()}


def totals_by_township(connection: Connection) -> dict[str, dict[str, dict[str, int]]]:
    """`current_totals` of every (township, kind) with current files, in one grouped query."""
    m = etl_manifest
    query = (
        select(
            m.c.township_key,
            m.c.kind,
            func.count().label("files"),
            func.coalesce(func.sum(m.c.rows_read), 0).label("rows_read"),
            func.coalesce(func.sum(m.c.rows_loaded), 0).label("loaded"),
            func.coalesce(func.sum(m.c.rows_rejected), 0).label("rejected"),
            func.coalesce(func.sum(m.c.rows_skipped), 0).label("skipped"),
        )
        .where(m.c.is_current)
        .group_by(m.c.township_key, m.c.kind)
    )
    out: dict[str, dict[str, dict[str, int]]] = {}
    for row in connection.execute(query).mappings():
        totals = {name: int(row[name]) for name in ("files", "rows_read", "loaded", "rejected", "skipped")}
        out.setdefault(row["township_key"], {})[row["kind"]] = totals
    return out


@dataclass(frozen=True)
class Pending:
    """The changes consolidation has not taken in yet, as read at its start."""

    change_ids: list[int]
    everything: bool  # a NULL manifest (a fresh or upgraded warehouse): consolidate every person and fact


def log_changes(connection: Connection, manifest_ids: list[int]) -> None:
    """Note, in the load's own transaction, manifest rows whose records became or stopped being current."""
    if manifest_ids:
        connection.execute(insert(etl_pending_change), [{"manifest_id": i} for i in manifest_ids])


def pending_changes(connection: Connection) -> Pending:
    p = etl_pending_change
    rows = connection.execute(select(p.c.change_id, p.c.manifest_id)).all()
    return Pending([row.change_id for row in rows], any(row.manifest_id is None for row in rows))


def pending_manifests() -> Any:
    """The manifest ids consolidation takes in (a subquery). It may see changes committed after `pending_changes`
    read its list: taking them in as well is harmless, and their rows stay for the next consolidation."""
    return select(etl_pending_change.c.manifest_id).where(etl_pending_change.c.manifest_id.is_not(None))


def clear_changes(connection: Connection, pending: Pending) -> None:
    """Delete exactly the rows `pending_changes` read: a load that committed since keeps its own."""
    p = etl_pending_change
    for start in range(0, len(pending.change_ids), _ID_BATCH):
        connection.execute(delete(p).where(p.c.change_id.in_(pending.change_ids[start : start + _ID_BATCH])))


def problem_row(problem: Problem, base: dict[str, Any], sheet: str | None, stage: str = "ingest") -> dict[str, Any]:
    """A rejected-row table row for one problem; ID-looking text is masked everywhere."""
    return {
        **base,
        "sheet": mask_text(sheet),
        "source_row": problem.row,
        "column_name": mask_text(problem.column),
        "value": mask_text(problem.value),
        "rule": problem.rule,
        "severity": problem.severity,
        "reason_zh": mask_text(problem.message_zh) or "",
        "reason_en": mask_text(problem.message_en) or "",
        "stage": stage,
    }


def manifest_row(
    township: Township, kind: str, item: FileKind, counts: dict[str, int], now: dt.datetime
) -> dict[str, Any]:
    return {
        "township_key": township.key,
        "district": township.district,
        "township": township.township,
        "kind": kind,
        "path": masked(item.result.path),
        "relative_path": item.relative_path,
        "sha256": item.result.sha256,
        "size": item.result.size,
        "mtime_ns": item.mtime_ns,
        "rows_read": counts["rows_read"],
        "rows_loaded": counts["loaded"],
        "rows_rejected": counts["rejected"],
        "rows_skipped": counts["skipped"],
        "received_at": now,
        "is_current": True,
        "superseded_at": None,
    }
