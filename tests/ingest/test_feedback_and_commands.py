"""The feedback workbook, the `check` command's JSON and exit codes, and the template round trip."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from pipelines.cli import main
from pipelines.commands import check_command, check_paths, template_command
from pipelines.ingest.check import check_file, check_files
from pipelines.ingest.feedback import feedback_path, write_feedback
from pipelines.ingest.files import sha256_of
from pipelines.ingest.settings import IngestSettings
from pipelines.ingest.templates import write_template
from schemas import KINDS
from tests.ingest.helpers import CADRE_HEADER, PAIRING_HEADER, cadre_row, person_id, roster_file, write_xlsx


def _sheets(path: Path) -> dict[str, list[list[object]]]:
    workbook = python_calamine.CalamineWorkbook.from_path(path)
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def _bad_roster(folder: Path) -> Path:
    formula_name = cadre_row(0)
    formula_name[0] = '=HYPERLINK("http://x")'
    wrong_gender = cadre_row(1)
    wrong_gender[1] = "男"
    return write_xlsx(folder / "花名册.xlsx", {"花名册": [CADRE_HEADER, formula_name, wrong_gender, cadre_row(2)]})


def test_the_feedback_workbook_lists_problems_marks_cells_and_never_touches_the_office_file(
    tmp_path: Path, settings: IngestSettings
) -> None:
    source = _bad_roster(tmp_path)
    before = sha256_of(source)
    result = check_file(source, settings=settings)
    written = write_feedback(result, settings)
    assert written == tmp_path / "_反馈" / "花名册_反馈.xlsx" and sha256_of(source) == before
    sheets = _sheets(written)
    assert list(sheets) == ["问题清单", "花名册", "汇总"]
    problems = sheets["问题清单"]
    assert problems[0][:6] == ["工作表", "行号", "列", "单元格内容", "问题", "如何修改"]
    assert [(row[1], row[2], row[7]) for row in problems[1:]] == [(3.0, "性别", "cadres.gender_mismatch")]
    assert problems[1][5] == "请核对性别或身份证号。"
    assert sheets["花名册"][1][0] == '=HYPERLINK("http://x")'
    workbook = openpyxl.load_workbook(written)
    data = workbook["花名册"]
    assert data["A2"].data_type == "s"  # text, not a formula
    assert data["B3"].comment is not None and "身份证号" in data["B3"].comment.text
    assert data["B3"].fill.fgColor.rgb.endswith("FFC7CE")


def test_a_value_that_looks_like_a_formula_goes_into_the_problem_list_as_text(
    tmp_path: Path, settings: IngestSettings
) -> None:
    row = cadre_row(0)
    row[2] = "=1+1"
    source = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, row]})
    written = write_feedback(check_file(source, settings=settings), settings)
    assert written is not None
    cell = openpyxl.load_workbook(written)["问题清单"]["D2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_a_stale_feedback_file_is_removed_once_the_file_is_clean(tmp_path: Path, settings: IngestSettings) -> None:
    source = _bad_roster(tmp_path)
    assert write_feedback(check_file(source, settings=settings), settings) is not None
    write_xlsx(source, {"花名册": [CADRE_HEADER, cadre_row(0), cadre_row(1)]})
    assert write_feedback(check_file(source, settings=settings), settings) is None
    assert not feedback_path(source).exists()


def test_an_unreadable_file_still_gets_a_problem_list(tmp_path: Path, settings: IngestSettings) -> None:
    source = tmp_path / "报表.et"
    source.write_bytes(b"x")
    written = write_feedback(check_file(source, settings=settings), settings)
    assert written is not None and _sheets(written)["问题清单"][1][7] == "file.wps_format"


def test_check_json_prints_one_object_per_file_in_the_issue_shape_and_exits_1_on_rejections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: IngestSettings
) -> None:
    source = _bad_roster(tmp_path)
    assert check_command([source], as_json=True, settings=settings) == 1
    printed = json.loads(capsys.readouterr().out)
    assert len(printed) == 1 and set(printed[0]) == {"file", "file_errors", "sheets"}
    sheet = printed[0]["sheets"][0]
    assert set(sheet) == {"sheet", "kind", "rows_read", "accepted", "rejected", "skipped", "problems"}
    assert (sheet["rows_read"], sheet["accepted"], sheet["rejected"], sheet["skipped"]) == (3, 2, 1, 0)
    assert set(sheet["problems"][0]) == {"row", "column", "value", "rule", "severity", "message_zh", "message_en"}
    assert sheet["problems"][0]["row"] == 3
    assert feedback_path(source).exists()


def test_check_exits_0_for_clean_files_and_1_for_unreadable_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: IngestSettings
) -> None:
    clean = roster_file(tmp_path)
    assert check_command([clean], as_json=False, settings=settings) == 0
    assert "✔" in capsys.readouterr().out
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a zip")
    assert check_command([broken], as_json=True, settings=settings) == 1
    assert json.loads(capsys.readouterr().out)[0]["file_errors"][0]["rule"] == "file.corrupt"


def test_a_pairings_file_checked_alone_finds_its_roster_among_its_siblings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: IngestSettings
) -> None:
    roster_file(tmp_path)
    pairing = ["导师引航", "张建国", "", "王小明", "", "双向选择", "2023.03", "", ""]
    pairings = write_xlsx(tmp_path / "帮带对子.xlsx", {"对子": [PAIRING_HEADER, pairing]})
    assert check_command([pairings], as_json=True, settings=settings) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [p["file"] for p in printed] == [str(pairings)]
    assert printed[0]["sheets"][0]["accepted"] == 1 and printed[0]["sheets"][0]["problems"] == []


def test_checking_a_folder_reads_its_sources_and_not_a_symlink_out_of_it_notes_or_lock_files(
    tmp_path: Path, settings: IngestSettings
) -> None:
    folder = tmp_path / "火炉镇"
    folder.mkdir()
    roster = roster_file(folder)
    outside = roster_file(tmp_path)  # another office's roster, outside the folder checked
    (folder / "外部花名册.xlsx").symlink_to(outside)
    (folder / "README.md").write_text("说明", encoding="utf-8")
    (folder / "~$花名册.xlsx").write_bytes(b"lock")
    assert [result.path for result in check_paths([folder], settings)] == [roster]


def _fill(template: Path, rows: list[list[str | int | float]]) -> None:
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    workbook.save(template)


@pytest.mark.parametrize("kind", KINDS)
def test_a_template_has_dropdowns_a_text_id_column_and_instructions(tmp_path: Path, kind: str) -> None:
    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    workbook = openpyxl.load_workbook(path)
    data = workbook.worksheets[0]
    assert "填写说明" in workbook.sheetnames
    assert data.data_validations.dataValidation, "dropdowns and number checks"
    id_columns = [c.column for c in data[1] if c.value and "身份证号" in c.value]
    text_columns = {
        i for dim in data.column_dimensions.values() if dim.number_format == "@" for i in range(dim.min, dim.max + 1)
    }
    assert id_columns and set(id_columns) <= text_columns


def test_templates_filled_in_correctly_pass_check_with_no_problems(tmp_path: Path, settings: IngestSettings) -> None:
    paths = {kind: write_template(kind, tmp_path / f"{kind}模板.xlsx") for kind in KINDS}
    _fill(paths["cadres"], [[*cadre_row(i), ""] for i in range(6)])
    _fill(
        paths["pairings"],
        [
            ["导师引航", "张建国", person_id(0), "王小明", person_id(2), "双向选择", "2023.03.01", "", None],
            ["挂职锻炼", "李秀英", person_id(1), "陈静", person_id(5), "组织指定", "2023.03.01", "2023.03.31", 1],
        ],
    )
    _fill(paths["evaluations"], [[2023, 1, person_id(0), person_id(2), "优秀", "导师引航", "张建国", "王小明"]])
    _fill(paths["trainings"], [["2023.03.01", "干部夜校", "公文写作", "王小明", "刘德华", person_id(4), 2, "出勤"]])
    results = check_files(list(paths.values()), settings=settings)
    for result in results:
        assert result.file_errors == []
        data_sheets = [s for s in result.sheets if s.kind]
        assert len(data_sheets) == 1 and data_sheets[0].rejected == 0 and len(data_sheets[0].accepted) > 0
        assert [p for s in result.sheets for p in s.problems] == []


def test_the_template_command_writes_where_it_is_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "花名册模板.xlsx"
    assert template_command("cadres", target) == 0 and target.exists()
    assert capsys.readouterr().out.strip() == str(target)


def test_checking_one_file_reports_that_file_only_without_log_lines_or_the_template_helper_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "武隆区" / "火炉镇"
    folder.mkdir(parents=True)
    template = write_template("cadres", folder / "干部花名册.xlsx")
    _fill(template, [[*cadre_row(i), ""] for i in range(3)])
    (folder / "会议纪要.docx").write_bytes(b"not a spreadsheet")
    write_xlsx(folder / "另一个花名册.xlsx", {"花名册": [CADRE_HEADER, cadre_row(5)]})
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(template)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # no INFO lines about the siblings read for context
    assert "会议纪要" not in captured.out and "另一个花名册" not in captured.out
    assert "下拉选项" not in captured.out and "填写说明" not in captured.out
    assert "读取 3 行，导入 3" in captured.out and "共检查 1 个文件" in captured.out


def test_feedback_marks_the_cell_of_the_header_the_check_found_even_below_the_default_scan(
    tmp_path: Path, settings: IngestSettings
) -> None:
    deep = dataclasses.replace(settings, header_scan_rows=40)
    wrong_gender = cadre_row(1)
    wrong_gender[1] = "男"
    notes = [[f"第 {i} 行说明：本表由乡镇组织办填写"] for i in range(1, 36)]
    source = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [*notes, CADRE_HEADER, cadre_row(0), wrong_gender]})
    result = check_file(source, settings=deep)
    assert [(p.row, p.column) for s in result.sheets for p in s.problems if p.rule == "cadres.gender_mismatch"] == [
        (38, "性别")
    ]
    data = openpyxl.load_workbook(write_feedback(result, deep))["花名册"]
    assert data["B38"].comment is not None and "身份证号" in data["B38"].comment.text  # 性别 is column B
    assert data["A38"].comment is None
