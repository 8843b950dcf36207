"""Cheap checks before parsing: a file whose used range or unpacked size is beyond any real roster is refused.

The spreadsheet reader builds each sheet as a dense block from A1 to its last used cell, so
one stray cell at XFD1048576 asks for hundreds of GiB. For .xlsx/.xlsm the zip directory and
each sheet's `<dimension ref="A1:K200"/>` (in the first bytes of the sheet's XML) say how big
a sheet claims to be; only when that claim is beyond the bounds are the sheet's cell references
scanned for the range really used (a claim alone, with the cells near A1, still reads). A file
that lies in these places is still bounded by the worker's memory and time limits
(`pipelines.ingest.workers`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

from pipelines.ingest.settings import IngestSettings

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_CELL = re.compile(rb"<(?:\w+:)?c\s+r=\"([A-Z]{1,3})(\d+)\"")
_HEAD_BYTES = 4096  # the dimension element comes right after the sheet's properties
_CHUNK = 1 << 20


class TooComplex(Exception):
    """A bound exceeded: `reason` for the office (Chinese), `detail` for engineers."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def column_number(letters: str) -> int:
    """A = 1, Z = 26, AA = 27, XFD = 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def check_used_range(label: str, rows: int, columns: int, settings: IngestSettings) -> None:
    """Refuse a sheet whose used range has too many columns or cells."""
    if columns > settings.max_columns:
        raise TooComplex(
            f"{label}用到第 {columns:,} 列，上限 {settings.max_columns:,} 列",
            f"{label}: {columns} columns > {settings.max_columns}",
        )
    if rows * columns > settings.max_cells:
        raise TooComplex(
            f"{label}用到 {rows:,} 行 × {columns:,} 列，上限 {settings.max_cells:,} 个单元格",
            f"{label}: {rows} x {columns} cells > {settings.max_cells}",
        )


def check_ooxml(path: Path, settings: IngestSettings) -> None:
    """Unpacked size and every worksheet's declared used range of an .xlsx/.xlsm, before parsing."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the reader says how it is broken
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > settings.max_unpacked_bytes:
            raise TooComplex(
                f"解压后 {unpacked / 2**20:,.0f} MB，上限 {settings.max_unpacked_bytes / 2**20:,.0f} MB",
                f"unpacked {unpacked} bytes > {settings.max_unpacked_bytes}",
            )
        for member in members:
            if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
                continue
            try:
                with archive.open(member) as handle:
                    head = handle.read(_HEAD_BYTES)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
                return  # broken or encrypted members: the reader reports them
            found = _DIMENSION.search(head)
            if found is None or found.group(3) is None:
                continue
            rows = int(found.group(4)) - int(found.group(2)) + 1
            columns = column_number(found.group(3).decode()) - column_number(found.group(1).decode()) + 1
            try:
                check_used_range("工作表", max(rows, 1), max(columns, 1), settings)
            except TooComplex:
                with archive.open(member) as handle:
                    rows, columns = _used_range(handle)
                check_used_range("工作表", rows, columns, settings)


def _used_range(handle: IO[bytes]) -> tuple[int, int]:
    """The last row and column any cell reference names, read in chunks (a reference may straddle two)."""
    rows = columns = 0
    tail = b""
    for chunk in iter(lambda: handle.read(_CHUNK), b""):
        block = tail + chunk
        for letters, digits in _CELL.findall(block):
            rows = max(rows, int(digits))
            columns = max(columns, column_number(letters.decode()))
        tail = block[-64:]
    return rows, columns


def check_text(text: str, delimiter: str, settings: IngestSettings) -> None:
    """A CSV line with more fields than a sheet may have columns is refused before it is split."""
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.count(delimiter) + 1
        if fields > settings.max_columns:
            raise TooComplex(
                f"第 {number:,} 行有 {fields:,} 个字段，上限 {settings.max_columns:,} 列",
                f"line {number}: {fields} fields > {settings.max_columns}",
            )
