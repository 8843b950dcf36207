"""What ingest hands on: problems, per-sheet results and per-file results.

This is the contract between `ingest/` (which produces it), `warehouse/` (which loads it)
and the Dagster assets and CLI (which report it). Every row read from a sheet ends in
exactly one of: accepted (loaded on), rejected (with at least one error problem) or
skipped (blank, footer …, with a reason), so `rows_read == accepted + rejected + skipped`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

Severity = Literal["error", "warning"]

# The longest names the warehouse stores (its column widths): a longer sheet name is a file-level
# error, a longer district or township folder is not read.
MAX_SHEET_NAME = 200
MAX_DISTRICT_NAME = 100
MAX_TOWNSHIP_NAME = 100
MAX_TOWNSHIP_KEY = 200


@dataclass(frozen=True)
class Problem:
    """One finding: an error rejects its row (or the file, when `row` is None); a warning does not."""

    rule: str  # stable id, e.g. "cadres.id_number.checksum"
    severity: Severity
    message_zh: str  # for the office: what is wrong and how to fix it
    message_en: str  # for engineers
    row: int | None = None  # the row number as Excel shows it (1-based); None for file-level problems
    column: str | None = None  # the header as written in the file, or the canonical Chinese label
    value: str | None = None  # the offending cell as text

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "rule": self.rule,
            "severity": self.severity,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


@dataclass
class SheetResult:
    """The outcome for one sheet (a CSV file is one sheet)."""

    sheet: str
    kind: str | None  # one of schemas.KINDS, or None when the sheet matched no kind
    rows_read: int  # data rows below the header, before anything is dropped
    accepted: pd.DataFrame  # schema columns (canonical English names) + "source_row" (Excel row number)
    rejected: int
    skipped: int
    skip_reasons: dict[str, int] = field(default_factory=dict)  # reason (Chinese) → rows skipped
    problems: list[Problem] = field(default_factory=list)
    header_row: int | None = None  # Excel row number of the (last) header row
    columns: dict[str, int] = field(default_factory=dict)  # header (as written, and canonical) → 0-based column
    records: Any = None  # the accepted rows as the loader's records, when a worker converted them (warehouse.records)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "accepted": len(self.accepted),
            "rejected": self.rejected,
            "skipped": self.skipped,
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass
class FileResult:
    """The outcome for one source file: file-level errors, or its sheets."""

    path: Path
    sha256: str
    size: int
    file_errors: list[Problem] = field(default_factory=list)
    sheets: list[SheetResult] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the file could not be read at all, or any row was rejected."""
        return bool(self.file_errors) or any(s.rejected for s in self.sheets)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "file_errors": [p.to_dict() for p in self.file_errors],
            "sheets": [s.to_dict() for s in self.sheets],
        }


@dataclass(frozen=True)
class SourceFile:
    """One file in a drop folder, fingerprinted by content."""

    path: Path
    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Township:
    """A drop folder `sources/<district>/<township>/`; `key` is its Dagster partition key."""

    district: str
    township: str
    path: Path
    files: tuple[SourceFile, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.district}/{self.township}"


def township_name_fits(district: str, township: str) -> bool:
    """Whether a `<district>/<township>` folder pair fits the warehouse's name columns."""
    return (
        len(district) <= MAX_DISTRICT_NAME
        and len(township) <= MAX_TOWNSHIP_NAME
        and len(district) + 1 + len(township) <= MAX_TOWNSHIP_KEY
    )
