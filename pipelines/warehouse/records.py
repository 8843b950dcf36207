"""Accepted rows of one sheet → warehouse record rows (keys and masked IDs, no raw ID numbers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipelines.ingest.model import FileResult, SheetResult
from pipelines.warehouse.fields import RecordColumn, record_columns
from pipelines.warehouse.identity import cadre_key, mask_id, normalize_id
from schemas import KINDS


@dataclass(frozen=True)
class SheetRows:
    """One sheet's accepted rows, ready for the record table, and the ID numbers they carry."""

    kind: str
    # record-table column → its values, one per row (no record_id / manifest_id / place / trail)
    columns: dict[str, list[Any]]
    source_rows: list[int]
    identities: dict[str, str]  # cadre key → normalized raw ID number (for the restricted store)

    def __len__(self) -> int:
        return len(self.source_rows)


def _values(series: pd.Series, spec: RecordColumn) -> list[Any]:
    """The column as Python values for the record table, each distinct value converted once."""
    if spec.type == "date":
        return _by_value(pd.to_datetime(series, errors="raise"), lambda stamp: stamp.date())
    if spec.type == "int":
        return _by_value(series, int)
    if spec.type == "float":
        return _by_value(series, float)
    return _by_value(series, str)


def _by_value(series: pd.Series, convert: Callable[[Any], Any]) -> list[Any]:
    """`convert` applied to each distinct non-missing value of `series` once; None where a value is missing."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    lookup = np.empty(len(uniques) + 1, dtype=object)
    lookup[:-1] = [convert(value) for value in uniques]
    lookup[-1] = None  # code -1: a missing value
    return lookup[codes].tolist()


def sheet_rows(kind: str, accepted: pd.DataFrame, pii_key: bytes) -> SheetRows:
    """Convert the accepted DataFrame column by column; every ID-number field becomes key + masked form."""
    count = len(accepted)
    kind: str
    columns: dict[str, list[Any]] = {}
    identities: dict[str, str] = {}
    for spec in record_columns(kind):
        series = accepted[spec.field] if spec.field in accepted.columns else pd.Series([None] * count, dtype=object)
        if spec.role == "value":
            columns[spec.column] = _values(series, spec)
            continue
        raw = _by_value(series, str)
        normalized = {v: normalize_id(v) for v in set(raw) if v is not None}  # once per distinct value
        if spec.role == "masked":
            masks = {v: mask_id(n) for v, n in normalized.items()}
            columns[spec.column] = [None if v is None else masks[v] for v in raw]
            continue
        keys = {v: cadre_key(pii_key, n) for v, n in normalized.items()}
        columns[spec.column] = [None if v is None else keys[v] for v in raw]
        identities.update((keys[v], n) for v, n in normalized.items())
    source_rows = [int(v) for v in accepted["source_row"]] if count else []
    return SheetRows(kind=kind, columns=columns, source_rows=source_rows, identities=identities)


def convert_results(results: list[FileResult], pii_key: bytes) -> None:
    """Convert every sheet of a known kind in place (`SheetResult.records`), as a worker does for the loader."""
    for result in results:
        for sheet in result.sheets:
            if sheet.kind in KINDS:
                sheet.records = sheet_rows(sheet.kind, sheet.accepted, pii_key)


def prepared_rows(kind: str, sheet: SheetResult, pii_key: bytes) -> SheetRows:
    """The sheet's records as a worker converted them, or converted here (a caller that gave the pool no converter)."""
    if isinstance(sheet.records, SheetRows) and sheet.records.kind == kind:
        return sheet.records
    return sheet_rows(kind, sheet.accepted, pii_key)


def utcnow() -> dt.datetime:
    """Naive UTC, the convention of every timestamp column (SQLite has no time zones)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
