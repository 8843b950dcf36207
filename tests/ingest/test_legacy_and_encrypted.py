"""Files from older Excel, macro-enabled workbooks and offices that set a password, all written for real."""

from __future__ import annotations

import datetime
from pathlib import Path

import msoffcrypto.format.ooxml
import xlwt

from pipelines.ingest.check import check_file
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import CADRE_HEADER, cadre_row, outcome, person_id, roster_file, write_xlsx


def _write_xls(path: Path, rows: list[list[object]]) -> Path:
    """An Excel 97–2003 workbook; numbers stay numbers and dates become date cells, as Excel stores them."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("干部花名册")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def test_an_xls_roster_with_a_title_row_is_read_and_its_numeric_id_cell_rejected(
    tmp_path: Path, settings: IngestSettings
) -> None:
    good = cadre_row(0)
    dated = cadre_row(1)
    dated[3] = datetime.date(1975, 5, 1)  # 出生年月 as a real date cell
    numeric = cadre_row(2)
    numeric[4] = float(person_id(2)[:17])  # what Excel keeps of a number typed into a General cell
    path = _write_xls(tmp_path / "花名册.xls", [["火炉镇干部花名册"], CADRE_HEADER, good, dated, numeric])

    result = check_file(path, settings=settings)

    assert result.file_errors == []
    (sheet,) = result.sheets
    assert (sheet.kind, sheet.header_row) == ("cadres", 2)
    accepted, rejected, skipped = outcome(sheet)
    assert accepted == [3, 4]
    assert rejected == {5: ["id_number.numeric_cell"]}
    assert skipped == {}
    assert sheet.accepted["birth_date"].iloc[1] == datetime.datetime(1975, 5, 1)


def test_a_workbook_encrypted_with_a_real_password_is_a_file_error_that_says_to_remove_it(
    tmp_path: Path, settings: IngestSettings
) -> None:
    plain = roster_file(tmp_path)
    encrypted = tmp_path / "加密花名册.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("办公室密码", target)

    result = check_file(encrypted, settings=settings)

    assert [p.rule for p in result.file_errors] == ["file.encrypted"]
    assert "取消密码" in result.file_errors[0].message_zh
    assert result.sheets == []


def test_a_macro_enabled_xlsm_roster_is_read_like_an_xlsx(tmp_path: Path, settings: IngestSettings) -> None:
    path = write_xlsx(tmp_path / "花名册.xlsm", {"花名册": [CADRE_HEADER, cadre_row(0), cadre_row(1)]})
    (sheet,) = check_file(path, settings=settings).sheets
    assert (sheet.kind, outcome(sheet)) == ("cadres", ([2, 3], {}, {}))
