"""Bytes to grids: python-calamine for workbooks, encoding detection for CSV, clear errors for unreadable files."""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as calamine

from pipelines.ingest import bounds
from pipelines.ingest.settings import IngestSettings

log = logging.getLogger(__name__)

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".txt"})
WPS_SUFFIXES = frozenset({".et", ".ett", ".wps", ".wpt", ".dps"})
OOXML_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb"})

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_GBK_EURO_HANDLER = "cadre_etl_gbk_euro"


@dataclass(frozen=True)
class Grid:
    """One sheet as cells: `cells[0]` is Excel row 1 and `cells[r][0]` column A."""

    name: str
    cells: list[list[Any]]
    hidden: bool = False
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first col, last row, last col), 0-based
    source_format: str = "xlsx"  # "xlsx" for any workbook, "csv" for text files
    encoding: str | None = None


@dataclass
class FileUnreadable(Exception):
    """A file that cannot be read at all; carries the rule id and the parameters of its messages."""

    rule: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.rule} {self.params}"


def _gbk_euro(error: UnicodeError) -> tuple[str, int]:
    """Windows code page 936 writes € as the single byte 0x80, which Python's GBK codecs reject."""
    if isinstance(error, UnicodeDecodeError) and error.object[error.start : error.start + 1] == b"\x80":
        return "€", error.start + 1
    raise error


codecs.register_error(_GBK_EURO_HANDLER, _gbk_euro)


def _bomless_utf16(data: bytes) -> str | None:
    """ "utf-16-le" / "utf-16-be" for UTF-16 text without a BOM, else None.

    Text in UTF-8 or GB18030 holds no NUL byte; UTF-16 writes one with every ASCII character (digits, commas,
    line ends), on odd positions in little-endian and even ones in big-endian.
    """
    head = data[: min(len(data), 4096) // 2 * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 2 * even:
        return "utf-16-le"
    if even > 2 * odd:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV/text bytes as UTF-16 (by BOM, or by its NUL bytes), UTF-8 (with or without BOM) or GB18030/GBK.

    Returns (text, encoding).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030", errors=_GBK_EURO_HANDLER), "gb18030"
    except UnicodeDecodeError as error:
        raise FileUnreadable("file.encoding", {"position": error.start}) from error


_DELIMITERS = ("\t", ",", ";")  # in order of preference on a tie: Excel's "Unicode 文本" export uses tabs


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one common width (above 1).

    Whatever the encoding: Excel's "Unicode 文本" export is tab-separated UTF-16, but other tools write
    comma-separated UTF-16. Quoted fields are honoured, so a comma inside a quoted cell does not count.
    """
    lines = [line for line in text[:8192].splitlines()[:20] if line.strip()]
    best, best_score = ",", (0, 0)
    for candidate in _DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        common = max(set(widths), key=widths.count) if widths else 1
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_text_grid(data: bytes, name: str, settings: IngestSettings | None = None) -> Grid:
    """One grid from CSV or tab-separated text bytes, every cell a string; too wide or too long fields are refused."""
    settings = settings or IngestSettings()
    text, encoding = decode_text(data)
    delimiter = _delimiter(text)
    try:
        bounds.check_text(text, delimiter, settings)
    except bounds.TooComplex as error:
        raise FileUnreadable("file.too_complex", {"reason": error.reason, "detail": error.detail}) from error
    csv.field_size_limit(settings.max_cell_chars)
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:  # a field over the limit (the only csv error the reader raises in non-strict mode)
        reason = f"有单元格超过 {settings.max_cell_chars:,} 个字符"
        raise FileUnreadable("file.too_complex", {"reason": reason, "detail": str(error)}) from error
    return Grid(name=name, cells=rows, source_format="csv", encoding=encoding)


def _merged(
    sheet: calamine.CalamineSheet, label: str, rows: int, columns: int, settings: IngestSettings
) -> tuple[tuple[int, int, int, int], ...]:
    """The sheet's merged ranges cut to its used range of `rows` × `columns` (beyond it they would only widen
    every row they span); refused when together they cover more cells than a sheet may have (each range is
    filled cell by cell when the sheet is laid out)."""
    clipped = tuple(
        (r0, c0, min(r1, rows - 1), min(c1, columns - 1))
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []
        if r0 < rows and c0 < columns
    )
    covered = sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in clipped if r1 >= r0 and c1 >= c0)
    if covered > settings.max_cells:
        raise bounds.TooComplex(
            f"{label}的合并单元格共覆盖 {covered:,} 个单元格（{len(clipped):,} 处），上限 {settings.max_cells:,} 个",
            f"{label}: {len(clipped)} merged ranges cover {covered} cells > {settings.max_cells}",
        )
    return clipped


def read_workbook_grids(path: Path, data: bytes, settings: IngestSettings | None = None) -> list[Grid]:
    """Every worksheet of a workbook, hidden ones included and marked; one beyond the bounds is refused unparsed."""
    settings = settings or IngestSettings()
    suffix = path.suffix.lower()
    if data.startswith(_OLE_MAGIC) and _ENCRYPTED_PACKAGE in data:  # how Excel stores a password-protected .xlsx
        raise FileUnreadable("file.encrypted")
    if data.startswith(_OLE_MAGIC) and suffix in OOXML_SUFFIXES:
        raise FileUnreadable("file.corrupt", {"detail": "OLE container without a workbook package"})
    try:
        bounds.check_ooxml(path, settings)
    except bounds.TooComplex as error:
        raise FileUnreadable("file.too_complex", {"reason": error.reason, "detail": error.detail}) from error
    try:
        workbook = calamine.CalamineWorkbook.from_path(path)
    except calamine.PasswordError as error:
        raise FileUnreadable("file.encrypted") from error
    except calamine.CalamineError as error:  # ZipError, XmlError and the rest of calamine's own errors
        raise FileUnreadable("file.corrupt", {"detail": str(error)}) from error
    grids: list[Grid] = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except calamine.CalamineError as error:
                raise FileUnreadable("file.corrupt", {"detail": f"{meta.name}: {error}"}) from error
            label = f"工作表“{meta.name}”"
            try:  # the Python cells take several times the reader's own block: bound them first
                last_row, last_column = sheet.end or (0, 0)
                bounds.check_used_range(label, last_row + 1, last_column + 1, settings)
                merged = _merged(sheet, label, last_row + 1, last_column + 1, settings)
            except bounds.TooComplex as error:
                raise FileUnreadable("file.too_complex", {"reason": error.reason, "detail": error.detail}) from error
            try:
                cells = sheet.to_python(skip_empty_area=False)
            except calamine.CalamineError as error:
                raise FileUnreadable("file.corrupt", {"detail": f"{meta.name}: {error}"}) from error
            grids.append(
                Grid(
                    name=meta.name,
                    cells=cells,
                    hidden=meta.visible != calamine.SheetVisibleEnum.Visible,
                    merged=merged,
                )
            )
    return grids


def read_grids(path: Path, settings: IngestSettings | None = None, *, size: int | None = None) -> list[Grid]:
    """All grids of one file, or FileUnreadable with a rule id saying what the office should do."""
    settings = settings or IngestSettings()
    suffix = path.suffix.lower()
    if suffix in WPS_SUFFIXES:
        raise FileUnreadable("file.wps_format", {"suffix": suffix})
    if suffix not in WORKBOOK_SUFFIXES | TEXT_SUFFIXES:
        raise FileUnreadable("file.unsupported_format", {"suffix": suffix or "(无扩展名)"})
    size = path.stat().st_size if size is None else size
    if size > settings.max_file_bytes:
        raise FileUnreadable("file.too_large", {"size_mb": size / 2**20, "limit_mb": settings.max_file_bytes / 2**20})
    if size == 0:
        raise FileUnreadable("file.empty")
    data = path.read_bytes()
    if suffix in TEXT_SUFFIXES:
        result = [read_text_grid(data, path.stem, settings)]
    else:
        result = read_workbook_grids(path, data, settings)
    if not any(_has_value(grid.cells) for grid in result):
        raise FileUnreadable("file.empty")
    log.debug("read %s: %d sheet(s)", path, len(result))
    return result


def _has_value(cells: Sequence[Sequence[Any]]) -> bool:
    return any(value not in ("", None) for row in cells for value in row)
