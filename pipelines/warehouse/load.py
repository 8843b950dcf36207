"""Loading one township: one transaction per kind, replacing that kind's current files.

The folder is the truth: the current manifest rows of (township, kind) are exactly the
files that now hold that kind. When their (path, sha256) set is unchanged nothing is
written. Otherwise the old rows stop being current (they stay, as history) and the new
files' rows are inserted, all in one transaction, so readers see the old state or the new.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, insert, select, union, update

from pipelines.ingest.files import township_fingerprint
from pipelines.ingest.model import FileResult, Problem, SheetResult, Township
from pipelines.ingest.redact import masked
from pipelines.ingest.rules import make_problem
from pipelines.warehouse import landing
from pipelines.warehouse.bulk import insert_columns, insert_rows
from pipelines.warehouse.engines import Stores, reading
from pipelines.warehouse.fields import ALL_KINDS, UNCLASSIFIED, id_fields, key_column, masked_column
from pipelines.warehouse.locks import lock
from pipelines.warehouse.manifest import (
    UNCLASSIFIED_SHEET,
    FileKind,
    current_signature,
    current_totals,
    log_changes,
    manifest_row,
    plan,
    problem_row,
    signature,
)
from pipelines.warehouse.records import SheetRows, prepared_rows, utcnow
from pipelines.warehouse.reference import township_type
from pipelines.warehouse.restricted import save_identities
from pipelines.warehouse.tables import REC, dim_cadre, dim_township, etl_manifest, etl_rejected_row, etl_township_state
from schemas.registry import field as registry_field

log = logging.getLogger(__name__)

_KEY_BATCH = 500  # keys per IN list: two lists per statement stay far below SQLite's bound-parameter limit


@dataclass(frozen=True)
class LoadStats:
    """One kind of one township after a load: totals over its current files."""

    kind: str
    files: int
    rows_read: int
    loaded: int
    rejected: int
    skipped: int
    changed: bool


def load_township(
    stores: Stores,
    pii_key: bytes,
    archive_dir: Path,
    township: Township,
    results: list[FileResult],
    kinds: Collection[str] | None = None,
) -> dict[str, LoadStats]:
    """Load every kind (or only `kinds`); `results` must be all of the folder's files."""
    results = [_archived(archive_dir, result) for result in results]
    planned = plan(township, results)
    stats: dict[str, LoadStats] = {}
    for kind in ALL_KINDS if kinds is None else [k for k in ALL_KINDS if k in kinds]:
        stats[kind] = _load_kind(stores, pii_key, township, kind, planned.get(kind, []))
    if kinds is None:
        _save_state(stores, township)
    return {k: s for k, s in stats.items() if k != UNCLASSIFIED or s.files or s.changed}


def _archived(archive_dir: Path, result: FileResult) -> FileResult:
    """Archive the file version ingest read; a file that changed since (still being copied in) loads nothing this time."""
    if not result.sha256:  # empty when ingest could not even open the file
        return result
    try:
        landing.archive(archive_dir, result.path, result.sha256)
    except landing.SourceChangedError as changed:
        log.warning("%s", changed)
        return FileResult(result.path, result.sha256, result.size, [make_problem("file.changed_while_loading")])
    return result


def _stats(connection: Connection, township: Township, kind: str, changed: bool) -> LoadStats:
    return LoadStats(kind=kind, changed=changed, **current_totals(connection, township.key, kind))


def _load_kind(stores: Stores, pii_key: bytes, township: Township, kind: str, files: list[FileKind]) -> LoadStats:
    wanted = signature(files)
    with reading(stores.analyst) as connection:
        if current_signature(connection, township.key, kind) == wanted:
            return _stats(connection, township, kind, changed=False)
    prepared: dict[int, SheetRows] = {}
    if kind != UNCLASSIFIED:
        prepared = {id(sheet): prepared_rows(kind, sheet, pii_key) for item in files for sheet in item.sheets}
    if kind == "cadres":
        save_identities(stores.restricted, {k: v for rows in prepared.values() for k, v in rows.identities.items()})
    with stores.analyst.begin() as connection:
        lock(connection, f"load {township.key} {kind}")
        if current_signature(connection, township.key, kind) == wanted:  # another process got here first
            return _stats(connection, township, kind, changed=False)
        now = utcnow()
        _ensure_township(connection, township, now)
        m = etl_manifest
        superseded = connection.execute(
            update(m)
            .where(and_(m.c.township_key == township.key, m.c.kind == kind, m.c.is_current))
            .values(is_current=False, superseded_at=now)
            .returning(m.c.manifest_id)
        ).scalars()
        changed = list(superseded)
        known = None
        if kind not in ("cadres", UNCLASSIFIED):
            known = _known_cadres(connection, _referenced(kind, prepared))
        for item in files:
            changed.append(_load_file(connection, township, kind, item, prepared, known, now))
        if kind != UNCLASSIFIED:  # consolidation takes in these manifests' records, and only these
            log_changes(connection, changed)
        return _stats(connection, township, kind, changed=True)


def _load_file(
    connection: Connection,
    township: Township,
    kind: str,
    item: FileKind,
    prepared: dict[int, SheetRows],
    known: set[str] | None,
    now: dt.datetime,
) -> int:
    """Insert one file's manifest row, records and problems; returns the manifest id."""
    base = {"district": township.district, "township": township.township}
    problem_base = {**base, "kind": kind, "path": masked(item.result.path), "file_sha256": item.result.sha256}
    counts = {
        "rows_read": sum(s.rows_read for s in item.sheets),
        "loaded": 0,
        "rejected": sum(s.rejected for s in item.sheets),
        "skipped": sum(s.skipped for s in item.sheets),
    }
    records: dict[str, list[Any]] = {}
    problems = [problem_row(p, problem_base, None) for p in item.file_errors]
    for sheet in item.sheets:
        problems.extend(problem_row(p, problem_base, sheet.sheet) for p in sheet.problems)
        if kind == UNCLASSIFIED:
            if not sheet.problems:
                problems.append(problem_row(UNCLASSIFIED_SHEET, problem_base, sheet.sheet))
            continue
        _check_counts(item, sheet)
        rows = prepared[id(sheet)]
        unresolved = _unresolved(kind, rows, known)
        for problem in unresolved.values():
            problems.extend(problem_row(p, problem_base, sheet.sheet, stage="load") for p in problem)
        counts["rejected"] += len(unresolved)
        kept = [i for i in range(len(rows)) if i not in unresolved] if unresolved else None
        for name, values in (*rows.columns.items(), ("source_row", rows.source_rows)):
            records.setdefault(name, []).extend(values if kept is None else [values[i] for i in kept])
        sheet_name = masked(sheet.sheet)  # a CSV's sheet is its name
        records.setdefault("sheet", []).extend([sheet_name] * (len(rows) if kept is None else len(kept)))
    if kind == UNCLASSIFIED:
        counts["skipped"] = counts["rows_read"] - counts["rejected"]
    counts["loaded"] = len(records.get("source_row", ()))
    manifest_id = connection.execute(
        insert(etl_manifest).returning(etl_manifest.c.manifest_id),
        manifest_row(township, kind, item, counts, now),
    ).scalar_one()
    if kind != UNCLASSIFIED:
        trail = {**base, "file_sha256": item.result.sha256, "manifest_id": manifest_id}
        insert_columns(connection, REC[kind], records, trail)
    insert_rows(connection, etl_rejected_row, [{**p, "manifest_id": manifest_id} for p in problems])
    return int(manifest_id)


def _check_counts(item: FileKind, sheet: SheetResult) -> None:
    if sheet.rows_read != len(sheet.accepted) + sheet.rejected + sheet.skipped:
        raise ValueError(
            f"{masked(item.result.path)} [{masked(sheet.sheet)}]: rows_read {sheet.rows_read} != accepted {len(sheet.accepted)} "
            f"+ rejected {sheet.rejected} + skipped {sheet.skipped} (ingest contract broken)"
        )


_ROLE = {"mentor_": ("导师", "mentor"), "mentee_": ("培养对象", "mentee"), "attendee_": ("学员", "attendee")}


def _unresolved(kind: str, rows: SheetRows, known: set[str] | None) -> dict[int, list[Problem]]:
    """Row index → a problem for every ID number in that fact row that belongs to no cadre in any roster."""
    if known is None:
        return {}
    out: dict[int, list[Problem]] = {}
    fields = id_fields(kind)
    missing = {
        field: {i for i, key in enumerate(rows.columns[key_column(field)]) if key is None or key not in known}
        for field in fields
    }
    for i in sorted(set().union(*missing.values())):
        out[i] = [_not_in_roster(kind, field, rows, i) for field in fields if i in missing[field]]
    return out


def _not_in_roster(kind: str, field: str, rows: SheetRows, i: int) -> Problem:
    zh, en = _ROLE[field[: -len("id_number")]]
    masked = rows.columns[masked_column(field)][i]
    return Problem(
        rule=f"warehouse.{kind}.{en}_not_in_roster",
        severity="error",
        message_zh=f"{zh}身份证号 {masked or '（空）'} 在各乡镇当前花名册中都找不到：请先报送其花名册，或更正身份证号。",
        message_en=f"The {en}'s ID number {masked or '(empty)'} matches no cadre in any current roster.",
        row=rows.source_rows[i],
        column=registry_field(kind, field).label,
        value=masked,
    )


def _referenced(kind: str, prepared: dict[int, SheetRows]) -> set[str]:
    """The cadre keys a township's fact rows of `kind` name."""
    columns = [key_column(field) for field in id_fields(kind)]
    return {key for rows in prepared.values() for c in columns for key in rows.columns[c] if key is not None}


def _known_cadres(connection: Connection, keys: set[str]) -> set[str]:
    """Which of `keys` belong to a cadre of a current roster or of dim_cadre: only these keys are looked up,
    so a township's load costs the same in an empty warehouse and in a province."""
    rec, m = REC["cadres"], etl_manifest
    wanted = sorted(keys)
    out: set[str] = set()
    for start in range(0, len(wanted), _KEY_BATCH):
        chunk = wanted[start : start + _KEY_BATCH]
        current = (
            select(rec.c.cadre_key)
            .join(m, m.c.manifest_id == rec.c.manifest_id)
            .where(m.c.is_current, rec.c.cadre_key.in_(chunk))
        )
        versions = select(dim_cadre.c.cadre_key).where(dim_cadre.c.cadre_key.in_(chunk))
        out.update(connection.execute(union(current, versions)).scalars())
    return out


def _ensure_township(connection: Connection, township: Township, now: dt.datetime) -> None:
    lock(connection, f"township {township.key}")  # the first load of each kind may race to insert it
    exists = connection.execute(
        select(dim_township.c.township_key).where(dim_township.c.township_key == township.key)
    ).first()
    if exists is None:
        connection.execute(
            insert(dim_township).values(
                township_key=township.key,
                district=township.district,
                township=township.township,
                township_type=township_type(township.township),
                first_received_at=now,
            )
        )


def _save_state(stores: Stores, township: Township) -> None:
    fingerprint = township_fingerprint(township)
    s = etl_township_state
    with reading(stores.analyst) as connection:
        stored = connection.execute(select(s.c.fingerprint).where(s.c.township_key == township.key)).scalar()
    if stored == fingerprint:
        return
    with stores.analyst.begin() as connection:
        lock(connection, f"state {township.key}")
        stored = connection.execute(select(s.c.fingerprint).where(s.c.township_key == township.key)).scalar()
        if stored == fingerprint:
            return
        if stored is None:
            connection.execute(insert(s).values(township_key=township.key, fingerprint=fingerprint, loaded_at=utcnow()))
        else:
            connection.execute(
                update(s).where(s.c.township_key == township.key).values(fingerprint=fingerprint, loaded_at=utcnow())
            )
