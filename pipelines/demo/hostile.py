"""Hostile and broken source files, generated: the corpus of the hostile-file tests and benchmark.

Each writer makes one file as an attacker or a careless office might: a cell at the far corner,
a stray space far to the right, whitespace and cell bombs, a CSV field or line far too long,
truncated files, NUL bytes, 500 sheets, crafted sheet names (case duplicates, longer than the
warehouse keeps), bracketed, escape-laden and ID-bearing file names, 20-digit years; entities in a
sheet's XML (a billion laughs, an external entity naming a local file), a zip member larger than its
headers say, 50,000 merged ranges, links out of the sources root, a 250-byte name with an emoji
and right-to-left marks.

`CASES` is the corpus as a whole: each case writes its file into a township folder, taking
rows from a demo township (`pipelines.demo.township.Township`), and says what the file's
outcome must be: a file-level error (`file_rule`), rows rejected by a row rule, or not read at all
(`ignored`). Links and the external entity's target go to `OUTSIDE_DIR`, beside the sources root. The tests
and `benchmarks/hostile_province.py` both use it.
"""

from __future__ import annotations

import csv
import re
import struct
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import xlsxwriter
from sqlalchemy import Connection, select

from pipelines.demo.province import SEED, province
from pipelines.demo.records import Evaluation, labels
from pipelines.demo.township import ROSTER_COLUMNS, Township, roster_rows, roster_sheet, write_township
from pipelines.demo.writers import Cell, Sheet, csv_text, write_xlsx
from pipelines.ingest.redact import masked
from pipelines.warehouse.tables import etl_manifest, etl_rejected_row

ROSTER_SHEET = "干部花名册"
# A worksheet without a <dimension> element and one cell at the far corner: no pre-check sees it,
# and the reader's dense block for it (about 512 GiB) is stopped by the worker's memory limit.
SHEET_WITHOUT_DIMENSION = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
).encode()
BROWSER_DOWNLOAD_NAME = "干部花名册[1].csv"
TERMINAL_ESCAPE_NAME = "\x1b[2J\x1b[31m花名册\x1b]0;owned\x07.csv"
LONG_SHEET_NAME = "长" * 250  # Excel caps sheet names at 31 characters; a crafted file need not
LONG_FILE_STEM = "r" * 201  # a CSV's sheet name is its file's stem
LONG_FOLDER_NAME = "t" * 101  # a township folder longer than the warehouse's key allows
# A file name of 250 bytes (a name may have 255) of Chinese, an emoji and Arabic inside right-to-left
# override marks; its feedback workbook's name, `<stem>_反馈.xlsx`, would be longer than a name may be.
ODD_LONG_NAME = ("花名册🙂\u202eسجل\u202c" * 10)[:88] + ".xlsx"
OUTSIDE_DIR = "outside_sources"  # beside the sources root: targets of links and of the external entity
XXE_SECRET = "XXE-SECRET-7a3f0c"  # the content of the file the external entity names


def far_cell(path: Path, header: Sequence[str]) -> Path:
    """A roster header and one cell at XFD1048576 (the whole sheet's range, declared)."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet(ROSTER_SHEET)
    sheet.write_row(0, 0, header)
    sheet.write_string(1048575, 16383, "x")
    workbook.close()
    return path


def stray_far_column(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]], count: int = 3000) -> Path:
    """A `count`-row roster (`rows` cycled) with one space at XFD1: the used range is (count + 1) × 16,384."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet(ROSTER_SHEET)
    sheet.write_row(0, 0, header)
    sheet.write_string(0, 16383, " ")
    for row in range(1, count + 1):
        sheet.write_row(row, 0, [csv_text(v) for v in rows[row % len(rows)]])
    workbook.close()
    return path


def replace_first_sheet(source: Path, path: Path, xml: bytes) -> Path:
    """A copy of the workbook `source` whose first sheet's XML is `xml`."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename))
    return path


def without_dimension(source: Path, path: Path) -> Path:
    """`source` with its first sheet replaced by `SHEET_WITHOUT_DIMENSION` (the reader aborts on it)."""
    return replace_first_sheet(source, path, SHEET_WITHOUT_DIMENSION)


def whitespace_bomb(source: Path, path: Path, mib: int = 100) -> Path:
    """A copy of `source` whose first sheet's XML holds `mib` MiB of whitespace (a few hundred KB packed)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item.filename, data)
                continue
            with dst.open(item.filename, "w") as handle:
                head, tail = data.split(b"<sheetData>", 1)
                handle.write(head + b"<sheetData>")
                for _ in range(mib):
                    handle.write(b" " * 2**20)
                handle.write(tail)
    return path


def _patch_sheet(source: Path, path: Path, patch: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook `source` whose first sheet's XML is `patch(its XML)`."""
    with zipfile.ZipFile(source) as src:
        xml = src.read("xl/worksheets/sheet1.xml")
    return replace_first_sheet(source, path, patch(xml))


def _with_doctype(xml: bytes, doctype: bytes, cell_text: bytes) -> bytes:
    """`xml` with `doctype` after its XML declaration and one more row whose inline string is `cell_text`."""
    declaration, rest = xml.split(b"?>", 1)
    last_row = max(int(r) for r in re.findall(rb'<row r="(\d+)"', rest))
    row = f'<row r="{last_row + 1}"><c r="A{last_row + 1}" t="inlineStr"><is><t>'.encode()
    rest = rest.replace(b"</sheetData>", row + cell_text + b"</t></is></c></row></sheetData>")
    return declaration + b"?>" + doctype + rest


def billion_laughs(source: Path, path: Path, levels: int = 10) -> Path:
    """`source` whose first sheet declares nested entities (10 ** `levels` "lol"s) and uses the last in a cell."""
    entities = [b'<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, levels)]
    doctype = b"<!DOCTYPE worksheet [" + b"".join(entities) + b"]>"
    return _patch_sheet(source, path, lambda xml: _with_doctype(xml, doctype, f"&lol{levels - 1};".encode()))


def external_entity(source: Path, path: Path, target: Path) -> Path:
    """`source` whose first sheet declares an external entity naming the local file `target` and uses it in a cell."""
    doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{target.resolve().as_uri()}">]>'.encode()
    return _patch_sheet(source, path, lambda xml: _with_doctype(xml, doctype, b"&xxe;"))


def lying_zip_bomb(source: Path, path: Path, mib: int = 1100) -> Path:
    """`whitespace_bomb(source, path, mib)` whose zip headers declare the first sheet's original, small size."""
    with zipfile.ZipFile(source) as src:
        small = src.getinfo("xl/worksheets/sheet1.xml").file_size
    whitespace_bomb(source, path, mib)
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
        central = archive.start_dir
    data = bytearray(path.read_bytes())
    local = member.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, small)
    entry = data.find(b"PK\x01\x02", central)
    while entry >= 0:
        (offset,) = struct.unpack_from("<I", data, entry + 42)
        if offset == local:
            struct.pack_into("<I", data, entry + 24, small)
            break
        entry = data.find(b"PK\x01\x02", entry + 46)
    path.write_bytes(bytes(data))
    return path


def merged_cell_bomb(source: Path, path: Path, ranges: int = 50_000) -> Path:
    """`source` whose first sheet declares `ranges` merged ranges, each over the whole sheet's first 50 rows."""
    cells = b"".join(f'<mergeCell ref="A{1 + i % 7}:XFD{50 + i % 50}"/>'.encode() for i in range(ranges))
    merged = f'<mergeCells count="{ranges}">'.encode() + cells + b"</mergeCells>"

    def patch(xml: bytes) -> bytes:
        xml = re.sub(rb"<mergeCells.*?</mergeCells>", b"", xml, flags=re.DOTALL)
        return xml.replace(b"</sheetData>", b"</sheetData>" + merged, 1)

    return _patch_sheet(source, path, patch)


def truncated(source: Path, path: Path) -> Path:
    """The first half of the file `source`."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def huge_field(path: Path, characters: int = 200_000) -> Path:
    """A CSV whose one field holds `characters` characters (Python's csv stops at 131,072)."""
    path.write_text("姓名,备注\n张三," + "长" * characters + "\n", encoding="utf-8")
    return path


def one_line(path: Path, fields: int = 20_000) -> Path:
    """A CSV of one line with `fields` fields."""
    path.write_text(",".join(["x"] * fields) + "\n", encoding="utf-8")
    return path


def nul_bytes(path: Path) -> Path:
    """A CSV with NUL bytes inside a name and on a line of their own."""
    path.write_bytes("姓名,性别\n张\x00三,男\n\x00\x00\x00\n".encode())
    return path


def many_sheets(path: Path, count: int = 500) -> Path:
    """A workbook of `count` sheets, each with one remark."""
    workbook = xlsxwriter.Workbook(str(path))
    for index in range(count):
        workbook.add_worksheet(f"表{index}").write_string(0, 0, f"备注 {index}")
    workbook.close()
    return path


def rename_sheet(workbook: Path, old: str, new: str) -> Path:
    """Rename a sheet inside the file, past the checks of Excel and xlsxwriter (as a crafted file may be)."""
    source = workbook.with_name(".original-" + workbook.name)
    workbook.rename(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(workbook, "w") as patched:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/workbook.xml":
                content = content.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
            patched.writestr(item, content)
    source.unlink()
    return workbook


def write_rows_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> Path:
    """A UTF-8 CSV of `header` and `rows` as Excel writes them."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([csv_text(v) for v in row] for row in rows)
    return path


# --- the corpus over a demo township ---------------------------------------------------------------


def _header() -> tuple[str, ...]:
    return labels("cadres")[:ROSTER_COLUMNS]


def _bad_roster_row(township: Township, index: int = 0) -> list[Cell]:
    """A roster row of the township's cadre `index` whose 性别 contradicts the ID number."""
    row = list(roster_rows(township)[index])
    row[1] = "女" if row[1] == "男" else "男"
    return row


def _from_roster(township: Township, make: Callable[[Path], Path]) -> Path:
    """`make(source)` with `source` the township's roster as a workbook, written outside its folder."""
    with tempfile.TemporaryDirectory(prefix="hostile_") as tmp:
        source = Path(tmp) / "roster.xlsx"
        write_xlsx(source, [roster_sheet(township)])
        return make(source)


def _case_duplicate_sheets(path: Path, township: Township) -> Path:
    header = _header()
    sheets = [
        Sheet("Roster", header, [tuple(_bad_roster_row(township, 0))]),
        Sheet("Other", header, [tuple(_bad_roster_row(township, 1))]),
    ]
    write_xlsx(path, sheets)
    return rename_sheet(path, "Other", "ROSTER")


def _twenty_digit_year(path: Path, township: Township) -> Path:
    evaluation = Evaluation(2023, 1, township.pairings[0], "优秀")
    row = list(evaluation.row())
    row[0] = 10**19 + 7
    write_xlsx(path, [Sheet("帮带测评", labels("evaluations"), [tuple(row)])])
    return path


def _long_sheet_name(path: Path, township: Township) -> Path:
    write_xlsx(path, [replace(roster_sheet(township), name=ROSTER_SHEET, rows=roster_rows(township)[:1])])
    return rename_sheet(path, ROSTER_SHEET, LONG_SHEET_NAME)


def _id_named(folder: Path, township: Township) -> Path:
    """`补报_<ID>.csv` (named after a cadre's ID number) whose one row has a wrong check character."""
    row = list(roster_rows(township)[0])
    number = str(row[4])
    row[4] = number[:-1] + ("1" if number[-1] != "1" else "2")
    return write_rows_csv(folder / f"补报_{number}.csv", _header(), [row])


def outside(folder: Path) -> Path:
    """`OUTSIDE_DIR` beside the sources root of the township `folder` (<root>/<district>/<township>)."""
    path = folder.parents[2] / OUTSIDE_DIR
    path.mkdir(exist_ok=True)
    return path


def _external_entity(folder: Path, township: Township) -> Path:
    secret = outside(folder) / "secret.txt"
    secret.write_text(XXE_SECRET + "\n", encoding="utf-8")
    return _from_roster(township, lambda s: external_entity(s, folder / "external_entity.xlsx", secret))


def _one_bad_row(path: Path, township: Township) -> Path:
    """A workbook whose one roster row has a 性别 contradicting the ID number."""
    write_xlsx(path, [Sheet(ROSTER_SHEET, _header(), [tuple(_bad_roster_row(township))])])
    return path


def _symlink_out(folder: Path, township: Township) -> Path:
    """A symlink to a roster outside the sources root (discovery ignores it)."""
    target = _one_bad_row(outside(folder) / f"linked_{folder.name}.xlsx", township)
    link = folder / "symlink_out.xlsx"
    link.symlink_to(target)
    return link


def _hard_link_out(folder: Path, township: Township) -> Path:
    """A hard link to a roster outside the sources root: a file like any other."""
    target = _one_bad_row(outside(folder) / f"hard_{folder.name}.xlsx", township)
    link = folder / "hard_link_out.xlsx"
    link.hardlink_to(target)
    return link


@dataclass(frozen=True)
class Case:
    """One hostile file: how to write it into a township folder and what its outcome must be."""

    label: str
    write: Callable[[Path, Township], Path]  # (folder, township whose rows it borrows) → the file written
    file_rule: str | None = None  # the file-level error it gets; None: the file is read
    rejected: int = 0  # rows of the file counted as rejected
    row_rule: str | None = None  # the row rule that rejects them (None: none, or the file error's)
    ignored: bool = False  # never read: no row in etl_manifest


CASES: tuple[Case, ...] = (
    Case("far_cell", lambda f, t: far_cell(f / "far_cell.xlsx", _header()), "file.too_complex"),
    Case(
        "stray_far_column",
        lambda f, t: stray_far_column(f / "stray_column.xlsx", _header(), roster_rows(t)),
        "file.too_complex",
    ),
    Case(
        "no_dimension_far_cell",
        lambda f, t: _from_roster(t, lambda s: without_dimension(s, f / "no_dimension.xlsx")),
        "file.unreadable",
    ),
    Case(
        "whitespace_bomb",
        lambda f, t: _from_roster(t, lambda s: whitespace_bomb(s, f / "whitespace_bomb.xlsx", mib=1100)),
        "file.too_complex",
    ),
    Case("huge_csv_field", lambda f, t: huge_field(f / "huge_field.csv"), "file.too_complex"),
    Case("csv_line_of_20000_fields", lambda f, t: one_line(f / "one_line.csv"), "file.too_complex"),
    Case("truncated", lambda f, t: _from_roster(t, lambda s: truncated(s, f / "truncated.xlsx")), "file.corrupt"),
    Case("nul_bytes", lambda f, t: nul_bytes(f / "nul_bytes.csv"), "header.missing_required", rejected=2),
    Case("500_sheets", lambda f, t: many_sheets(f / "many_sheets.xlsx"), "file.no_records"),
    Case(
        "bracketed_name",
        lambda f, t: write_rows_csv(f / BROWSER_DOWNLOAD_NAME, _header(), [_bad_roster_row(t)]),
        rejected=1,
        row_rule="cadres.gender_mismatch",
    ),
    Case(
        "case_duplicate_sheets",
        lambda f, t: _case_duplicate_sheets(f / "case_duplicates.xlsx", t),
        rejected=2,
        row_rule="cadres.gender_mismatch",
    ),
    Case(
        "twenty_digit_year",
        lambda f, t: _twenty_digit_year(f / "twenty_digit_year.xlsx", t),
        rejected=1,
        row_rule="number.invalid",
    ),
    Case(
        "long_csv_name",
        lambda f, t: write_rows_csv(f / f"{LONG_FILE_STEM}.csv", _header(), roster_rows(t)[:1]),
        "file.sheet_name_too_long",
    ),
    Case("long_sheet_name", lambda f, t: _long_sheet_name(f / "long_sheet.xlsx", t), "file.sheet_name_too_long"),
    Case(
        "terminal_escape_name",
        lambda f, t: write_rows_csv(f / TERMINAL_ESCAPE_NAME, _header(), [_bad_roster_row(t)]),
        rejected=1,
        row_rule="cadres.gender_mismatch",
    ),
    Case("named_after_an_id_number", _id_named, rejected=1, row_rule="id_number.checksum"),
    Case(
        "billion_laughs",
        lambda f, t: _from_roster(t, lambda s: billion_laughs(s, f / "billion_laughs.xlsx")),
        "file.corrupt",
    ),
    Case("external_entity", _external_entity, "file.corrupt"),
    Case(
        "lying_zip_bomb",
        lambda f, t: _from_roster(t, lambda s: lying_zip_bomb(s, f / "lying_zip_bomb.xlsx", mib=1100)),
        "file.corrupt",
    ),
    Case(
        "merged_cell_bomb",
        lambda f, t: _from_roster(t, lambda s: merged_cell_bomb(s, f / "merged_cells.xlsx")),
        "file.too_complex",
    ),
    Case("symlink_out_of_sources", _symlink_out, ignored=True),
    Case("hard_link_out_of_sources", _hard_link_out, rejected=1, row_rule="cadres.gender_mismatch"),
    Case(
        "odd_long_name",
        lambda f, t: _one_bad_row(f / ODD_LONG_NAME, t),
        rejected=1,
        row_rule="cadres.gender_mismatch",
    ),
)


# --- a province with the corpus mixed in, and what the warehouse made of it --------------------------

HOSTILE_DISTRICT = "第99区"
KINDS = ("cadres", "pairings", "evaluations", "trainings")


@dataclass(frozen=True)
class Placed:
    """Where one case's file went."""

    case: Case
    township_key: str
    path: Path


@dataclass(frozen=True)
class HostileProvince:
    good_rows: dict[str, dict[str, int]]  # township key → kind → rows its good files hold
    placed: list[Placed]
    skipped_folder: Path  # a township folder whose name is too long: never read


def write_hostile_province(out: Path, count: int, *, alone: bool, seed: int = SEED) -> HostileProvince:
    """The province of `pipelines.demo.province` with every case of `CASES` mixed in.

    With `alone`, each case's file is the only file of a township of its own in `第99区`;
    otherwise the files are spread evenly over the good townships, beside their four files. A
    township folder too long for the warehouse, holding a good roster, is written as well.
    """
    townships = []
    good_rows: dict[str, dict[str, int]] = {}
    for township in province(count, seed):
        write_township(out, township)
        key = f"{township.district}/{township.name}"
        good_rows[key] = dict(zip(KINDS, _sizes(township), strict=True))
        townships.append(township)
    placed = []
    for index, case in enumerate(CASES):
        host = townships[index * count // len(CASES)]
        if alone:
            folder = out / HOSTILE_DISTRICT / case.label
            folder.mkdir(parents=True)
            key = f"{HOSTILE_DISTRICT}/{case.label}"
        else:
            folder, key = host.folder(out), f"{host.district}/{host.name}"
        placed.append(Placed(case, key, case.write(folder, townships[0] if alone else host)))
    skipped = out / HOSTILE_DISTRICT / LONG_FOLDER_NAME
    write_township(out, replace(townships[0], district=HOSTILE_DISTRICT, name=LONG_FOLDER_NAME))
    return HostileProvince(good_rows, placed, skipped)


def _sizes(township: Township) -> tuple[int, int, int, int]:
    return len(township.roster), len(township.pairings), len(township.evaluations), len(township.trainings)


@dataclass(frozen=True)
class FileOutcome:
    """What the warehouse recorded for one current file: rows per kind and the rules it met."""

    rows: dict[str, tuple[int, int, int, int]]  # kind → (read, loaded, rejected, skipped)
    file_rules: list[str]  # file-level errors (no sheet, no row)
    row_rules: set[str]  # rules of rejected rows and warnings

    @property
    def read(self) -> int:
        return sum(r[0] for r in self.rows.values())

    @property
    def loaded(self) -> int:
        return sum(r[1] for r in self.rows.values())

    @property
    def rejected(self) -> int:
        return sum(r[2] for r in self.rows.values())

    def adds_up(self) -> bool:
        """Rows read = loaded + rejected + skipped, for each kind."""
        return all(read == loaded + rejected + skipped for read, loaded, rejected, skipped in self.rows.values())


def file_outcomes(connection: Connection) -> dict[tuple[str, str], FileOutcome]:
    """(township key, relative path as stored, i.e. masked) → the outcome of every current file."""
    m, r = etl_manifest, etl_rejected_row
    manifests = connection.execute(
        select(m.c.manifest_id, m.c.township_key, m.c.relative_path, m.c.kind, m.c.rows_read)
        .add_columns(m.c.rows_loaded, m.c.rows_rejected, m.c.rows_skipped)
        .where(m.c.is_current.is_(True))
    ).all()
    problems = connection.execute(
        select(r.c.manifest_id, r.c.rule, r.c.sheet, r.c.source_row)
        .join(m, m.c.manifest_id == r.c.manifest_id)
        .where(m.c.is_current.is_(True))
    ).all()
    by_manifest: dict[int, tuple[str, str]] = {}
    out: dict[tuple[str, str], FileOutcome] = {}
    for manifest_id, township_key, relative_path, kind, *counts in manifests:
        key = (township_key, relative_path)
        by_manifest[manifest_id] = key
        outcome = out.setdefault(key, FileOutcome({}, [], set()))
        outcome.rows[kind] = tuple(counts)  # type: ignore[assignment]
    for manifest_id, rule, sheet, source_row in problems:
        outcome = out[by_manifest[manifest_id]]
        if sheet is None and source_row is None:
            outcome.file_rules.append(rule)
        else:
            outcome.row_rules.add(rule)
    return out


def township_rows(outcomes: dict[tuple[str, str], FileOutcome]) -> dict[str, dict[str, int]]:
    """Township key → kind → rows loaded, over its current files."""
    out: dict[str, dict[str, int]] = {}
    for (township_key, _), outcome in outcomes.items():
        per_kind = out.setdefault(township_key, dict.fromkeys(KINDS, 0))
        for kind, (_, loaded, _, _) in outcome.rows.items():
            if kind in per_kind:
                per_kind[kind] += loaded
    return out


def stored_name(path: Path) -> str:
    """A file's name as the warehouse stores it (`relative_path`, ID numbers masked)."""
    return masked(path.name)
