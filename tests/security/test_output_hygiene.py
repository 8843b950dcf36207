"""What the pipeline prints and writes is inert: terminal escapes shown as text, formulas written as strings,
raw files and the restricted store readable by their owner only."""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pipelines.commands import check_command
from pipelines.demo.hostile import TERMINAL_ESCAPE_NAME
from pipelines.ingest.check import check_file, check_township
from pipelines.ingest.feedback import write_feedback
from pipelines.ingest.files import discover
from pipelines.ingest.redact import printable
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import CADRE_HEADER, TODAY, cadre_row, roster_file, write_xlsx
from tests.warehouse.conftest import opened

SETTINGS = IngestSettings(today=TODAY)
FORMULAS = ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def test_control_characters_are_printed_as_escapes() -> None:
    assert printable("\x1b[2J名单\x07\r\n\u202eabc") == "\\x1b[2J名单\\x07\\x0d\\x0a\\u202eabc"
    assert printable("干部花名册（2023）.xlsx") == "干部花名册（2023）.xlsx"


def test_check_prints_a_file_named_with_terminal_escapes_inertly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / TERMINAL_ESCAPE_NAME
    bad = cadre_row(1)
    bad[0] = "\x1b[5m张三"
    bad[1] = "男"
    path.write_text("\n".join(",".join(str(v) for v in row) for row in [CADRE_HEADER, bad]) + "\n", encoding="utf-8")

    check_command([path], as_json=False, settings=SETTINGS)

    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x1b[31m花名册\\x1b]0;owned\\x07.csv" in out


def _cells(workbook: Path) -> tuple[str, set[str]]:
    """(every worksheet's XML, the shared strings) of an .xlsx."""
    with zipfile.ZipFile(workbook) as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        shared = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    return sheets, {"".join(item.itertext()) for item in shared}


def test_feedback_writes_formula_like_cells_as_strings_never_formulas(tmp_path: Path) -> None:
    rows = [CADRE_HEADER]
    for i, formula in enumerate(FORMULAS):
        row = cadre_row(i % 6)
        row[0] = formula  # 姓名
        row[12] = formula  # 干部类别: not in the vocabulary, so the problem list quotes it
        rows.append(row)
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": rows})
    result = check_file(path, settings=SETTINGS)
    assert result.sheets[0].rejected == len(FORMULAS)

    sheets, strings = _cells(write_feedback(result, SETTINGS))

    assert "<f>" not in sheets and "<f " not in sheets
    assert 't="str"' not in sheets  # no formula results either
    assert all(any(text.strip() == f.strip() for text in strings) for f in FORMULAS)  # each one, as a string


def test_the_archive_and_the_sqlite_restricted_store_are_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "武隆区" / "火炉镇"
    folder.mkdir(parents=True)
    roster_file(folder, [0, 1])
    (township,) = discover(tmp_path / "sources")
    (tmp_path / "archive").mkdir(mode=0o755)  # an existing, too open archive is tightened

    with opened("sqlite", tmp_path) as store:
        store.load_township(township, check_township(township, SETTINGS))
        restricted = Path(store.restricted_engine.url.database)

    modes = {
        p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "archive").rglob("*")
    }
    modes["archive"] = stat.S_IMODE((tmp_path / "archive").stat().st_mode)
    assert modes and all(mode == (0o700 if (tmp_path / name).is_dir() else 0o600) for name, mode in modes.items()), (
        modes
    )
    for path in restricted.parent.glob(restricted.name + "*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert re.fullmatch(r"warehouse_restricted\.db", restricted.name)
