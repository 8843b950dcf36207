"""Hostile and broken files, generated here: each costs its own file only, as a file-level error.

The files go through the worker pool (`check_townships`), as in a run: a township of hostile
files beside a clean one. Bounds are asserted on the workers' own peak RSS, not on time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from pipelines.ingest.files import discover
from pipelines.ingest.model import FileResult
from pipelines.ingest.settings import IngestSettings
from pipelines.ingest.workers import PoolUsage, check_townships
from tests.ingest.helpers import CADRE_HEADER, PEOPLE, TODAY, cadre_row, write_xlsx

WORKER_PEAK_BOUND = 2**30  # the aim: under 1 GiB for any hostile file
SETTINGS = IngestSettings(today=TODAY, max_unpacked_bytes=64 * 2**20, worker_memory_bytes=2**30)

# A worksheet without a <dimension> element and one cell at the far corner: no pre-check sees it,
# and the reader's dense block for it (about 512 GiB) is stopped by the worker's memory limit.
_SHEET_WITHOUT_DIMENSION = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
)


def _roster(path: Path) -> Path:
    return write_xlsx(path, {"干部花名册": [CADRE_HEADER, *(cadre_row(i) for i in range(len(PEOPLE)))]})


def _far_cell(path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("干部花名册")
    sheet.write_row(0, 0, CADRE_HEADER)
    sheet.write_string(1048575, 16383, "x")
    workbook.close()
    return path


def _stray_far_column(path: Path) -> Path:
    """A 3,000-row roster with one space at XFD1: the used range is 3,001 × 16,384."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("干部花名册")
    sheet.write_row(0, 0, CADRE_HEADER)
    sheet.write_string(0, 16383, " ")
    for row in range(1, 3001):
        sheet.write_row(row, 0, cadre_row(row % len(PEOPLE)))
    workbook.close()
    return path


def _replace_sheet(source: Path, path: Path, xml: bytes) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename))
    return path


def _whitespace_bomb(source: Path, path: Path) -> Path:
    """A workbook whose sheet XML holds 100 MiB of whitespace (a few hundred KB packed)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item.filename, data)
                continue
            with dst.open(item.filename, "w") as handle:
                head, tail = data.split(b"<sheetData>", 1)
                handle.write(head + b"<sheetData>")
                for _ in range(100):
                    handle.write(b" " * 2**20)
                handle.write(tail)
    return path


def _many_sheets(path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    for index in range(500):
        workbook.add_worksheet(f"表{index}").write_string(0, 0, f"备注 {index}")
    workbook.close()
    return path


@pytest.fixture(scope="module")
def outcomes(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, FileResult], dict[str, FileResult], PoolUsage]:
    root = tmp_path_factory.mktemp("hostile") / "sources"
    good = root / "武隆区" / "火炉镇"
    bad = root / "武隆区" / "白马镇"
    good.mkdir(parents=True)
    bad.mkdir(parents=True)
    _roster(good / "花名册.xlsx")
    roster = _roster(bad / "花名册.xlsx")
    _far_cell(bad / "far_cell.xlsx")
    _stray_far_column(bad / "stray_column.xlsx")
    _replace_sheet(roster, bad / "no_dimension.xlsx", _SHEET_WITHOUT_DIMENSION.encode())
    _whitespace_bomb(roster, bad / "whitespace_bomb.xlsx")
    (bad / "huge_field.csv").write_text("姓名,备注\n张三," + "长" * 200_000 + "\n", encoding="utf-8")
    (bad / "one_line.csv").write_text(",".join(["x"] * 20_000) + "\n", encoding="utf-8")
    (bad / "truncated.xlsx").write_bytes(roster.read_bytes()[: roster.stat().st_size // 2])
    (bad / "nul_bytes.csv").write_bytes("姓名,性别\n张\x00三,男\n\x00\x00\x00\n".encode())
    _many_sheets(bad / "many_sheets.xlsx")
    usage = PoolUsage()
    results = {t.key: rs for t, rs in check_townships(discover(root), SETTINGS, processes=2, usage=usage)}
    by_name = {key: {r.path.name: r for r in rs} for key, rs in results.items()}
    return by_name["武隆区/火炉镇"], by_name["武隆区/白马镇"], usage


def _rules(result: FileResult) -> list[str]:
    return [p.rule for p in result.file_errors]


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("far_cell.xlsx", "file.too_complex"),
        ("stray_column.xlsx", "file.too_complex"),
        ("whitespace_bomb.xlsx", "file.too_complex"),
        ("huge_field.csv", "file.too_complex"),
        ("one_line.csv", "file.too_complex"),
        ("no_dimension.xlsx", "file.unreadable"),
        ("truncated.xlsx", "file.corrupt"),
    ],
)
def test_a_hostile_file_becomes_its_own_file_level_error(outcomes: tuple, name: str, rule: str) -> None:
    _, hostile, _ = outcomes
    assert _rules(hostile[name]) == [rule]
    assert hostile[name].sheets == []
    assert hostile[name].file_errors[0].message_zh  # a Chinese message the office can act on


def test_files_that_are_odd_but_bounded_are_read_with_every_row_accounted_for(outcomes: tuple) -> None:
    _, hostile, _ = outcomes
    for name in ("nul_bytes.csv", "many_sheets.xlsx"):
        assert "file.too_complex" not in _rules(hostile[name])
        assert "file.unreadable" not in _rules(hostile[name])
    assert len(hostile["many_sheets.xlsx"].sheets) == 500


def test_every_file_keeps_rows_read_equal_to_accepted_rejected_and_skipped(outcomes: tuple) -> None:
    good, hostile, _ = outcomes
    for result in [*good.values(), *hostile.values()]:
        for sheet in result.sheets:
            assert sheet.rows_read == len(sheet.accepted) + sheet.rejected + sheet.skipped, (result.path, sheet.sheet)


def test_the_good_files_beside_hostile_ones_and_the_other_township_are_read_in_full(outcomes: tuple) -> None:
    good, hostile, _ = outcomes
    for result in (good["花名册.xlsx"], hostile["花名册.xlsx"]):
        assert result.file_errors == []
        assert [len(s.accepted) for s in result.sheets] == [len(PEOPLE)]


def test_no_worker_went_over_the_memory_bound_and_only_the_crashing_file_was_isolated(outcomes: tuple) -> None:
    _, _, usage = outcomes
    assert 0 < usage.peak_rss_bytes < WORKER_PEAK_BOUND
    assert [p.name for p in usage.isolated_files] == ["no_dimension.xlsx"]


def test_a_file_over_its_time_limit_becomes_too_complex_and_the_pool_goes_on(tmp_path: Path) -> None:
    slow = tmp_path / "sources" / "武隆区" / "江口镇"
    slow.mkdir(parents=True)
    rows = "\n".join(f"张{i},男" for i in range(50_000))
    (slow / "long.csv").write_text("姓名,性别\n" + rows + "\n", encoding="utf-8")
    after = tmp_path / "sources" / "武隆区" / "仙女山街道"
    after.mkdir(parents=True)
    (after / "long.csv").write_text("姓名,性别\n" + rows + "\n", encoding="utf-8")
    settings = IngestSettings(today=TODAY, file_seconds=0.001)
    results = dict(check_townships(discover(tmp_path / "sources"), settings, processes=1, feedback=False))
    assert len(results) == 2  # the second township was still checked after the first timed out
    for township_results in results.values():
        (result,) = township_results
        assert _rules(result) == ["file.too_complex"]
        assert "秒" in result.file_errors[0].message_zh
