"""CSV and text files: the delimiter is read from the data in every encoding, UTF-16 with or without a BOM."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipelines.ingest.check import check_files
from pipelines.ingest.read import decode_text, read_text_grid
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import CADRE_HEADER, cadre_row, outcome, person_id, roster_file

TRAINING = ["培训日期", "培训类型", "主题", "主讲人", "学员姓名", "学员身份证号", "学时", "出勤"]
ROWS = [
    ["2023.03.01", "干部夜校", "公文写作,基础篇", "王小明", "刘德华", person_id(4), "2", "出勤"],
    ["2023-03-08", "夜校", "电脑操作; Excel", "王小明", "张建国", "", "1.5", "√"],
]


def _csv(delimiter: str, rows: list[list[str]]) -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if any(d in value for d in ",;\t") else value

    return "\r\n".join(delimiter.join(cell(v) for v in row) for row in rows) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, ","),  # comma-separated UTF-16, as some tools export it
        ("utf-16-le", codecs.BOM_UTF16_LE, "\t"),  # Excel's "Unicode 文本"
        ("utf-16-be", codecs.BOM_UTF16_BE, ","),
        ("utf-16-le", b"", ","),  # no BOM at all
        ("utf-16-be", b"", "\t"),
        ("utf-16-le", codecs.BOM_UTF16_LE, ";"),
        ("utf-8", b"", ";"),
        ("gb18030", b"", "\t"),
    ],
)
def test_a_training_csv_reads_the_same_rows_whatever_its_encoding_and_delimiter(
    tmp_path: Path, settings: IngestSettings, encoding: str, bom: bytes, delimiter: str
) -> None:
    roster = roster_file(tmp_path)
    path = tmp_path / "夜校签到.csv"
    path.write_bytes(bom + _csv(delimiter, [TRAINING, *ROWS]).encode(encoding))
    _, result = check_files([roster, path], settings=settings)
    sheet = result.sheets[0]
    assert sheet.kind == "trainings" and sheet.header_row == 1
    assert outcome(sheet) == ([2, 3], {}, {})
    assert sheet.accepted["topic"].tolist() == ["公文写作,基础篇", "电脑操作; Excel"]


def test_a_comma_separated_utf16_roster_is_not_mistaken_for_one_column(tmp_path: Path) -> None:
    text = _csv(",", [["干部花名册"], CADRE_HEADER, cadre_row(0), cadre_row(1)])
    grid = read_text_grid(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "花名册")
    assert grid.cells[1] == CADRE_HEADER
    assert [len(row) for row in grid.cells] == [1, 13, 13, 13]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("姓名,性别".encode("utf-16-le"), "utf-16-le"),
        ("姓名,性别".encode("utf-16-be"), "utf-16-be"),
        ("name,gender".encode("utf-16-le"), "utf-16-le"),
        ("姓名,性别".encode(), "utf-8"),
        ("姓名,性别".encode("gbk"), "gb18030"),
    ],
)
def test_the_encoding_is_recognised_with_or_without_a_bom(data: bytes, encoding: str) -> None:
    text, found = decode_text(data)
    assert found == encoding and text in ("姓名,性别", "name,gender")
