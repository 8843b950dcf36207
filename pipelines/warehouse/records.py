"""Accepted rows of one sheet → warehouse record rows (keys and masked IDs, no raw ID numbers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipelines.warehouse.fields import RecordColumn, record_columns
from pipelines.warehouse.identity import cadre_key, mask_id, normalize_id


@dataclass(frozen=True)
class SheetRows:
    """One sheet's accepted rows, ready for the record table, and the ID numbers they carry."""

    rows: list[dict[str, Any]]  # record-table columns except record_id / manifest_id / place / trail
    source_rows: list[int]
    identities: dict[str, str]  # cadre key → normalized raw ID number (for the restricted store)


def _values(series: pd.Series, spec: RecordColumn) -> list[Any]:
    if spec.type == "date":
        stamps = pd.to_datetime(series, errors="raise")
        return [None if pd.isna(v) else v.date() for v in stamps]
    if spec.type == "int":
        return [None if pd.isna(v) else int(v) for v in series]
    if spec.type == "float":
        return [None if pd.isna(v) else float(v) for v in series]
    return [None if _missing(v) else str(v) for v in series]


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def sheet_rows(kind: str, accepted: pd.DataFrame, pii_key: bytes) -> SheetRows:
    """Convert the accepted DataFrame; every ID-number field becomes key + masked form."""
    count = len(accepted)
    columns: dict[str, list[Any]] = {}
    identities: dict[str, str] = {}
    for spec in record_columns(kind):
        series = accepted[spec.field] if spec.field in accepted.columns else pd.Series([None] * count, dtype=object)
        if spec.role == "value":
            columns[spec.column] = _values(series, spec)
            continue
        raw = [None if _missing(v) else str(v) for v in series]
        normalized = {v: normalize_id(v) for v in set(raw) if v is not None}  # once per distinct value
        if spec.role == "masked":
            masks = {v: mask_id(n) for v, n in normalized.items()}
            columns[spec.column] = [None if v is None else masks[v] for v in raw]
            continue
        keys = {v: cadre_key(pii_key, n) for v, n in normalized.items()}
        columns[spec.column] = [None if v is None else keys[v] for v in raw]
        identities.update((keys[v], n) for v, n in normalized.items())
    rows = [{name: values[i] for name, values in columns.items()} for i in range(count)]
    source_rows = [int(v) for v in accepted["source_row"]] if count else []
    return SheetRows(rows=rows, source_rows=source_rows, identities=identities)


def utcnow() -> dt.datetime:
    """Naive UTC, the convention of every timestamp column (SQLite has no time zones)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
