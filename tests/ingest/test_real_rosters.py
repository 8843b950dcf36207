"""Files shaped like real offices' files: a subset of columns, official header spellings, combined columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipelines.commands import check_command
from pipelines.ingest.check import check_file, check_files
from pipelines.ingest.normalize import split_unit_post
from pipelines.ingest.settings import IngestSettings
from pipelines.ingest.templates import write_template
from tests.ingest.helpers import CADRE_HEADER, PEOPLE, cadre_row, person_id, roster_file, write_xlsx


def _rules(problems: list) -> list[str]:
    return [p.rule for p in problems]


def test_a_roster_with_only_name_id_unit_and_post_loads_with_one_warning(
    tmp_path: Path, settings: IngestSettings
) -> None:
    rows = [["姓名", "身份证号", "工作单位", "职务"]]
    rows += [[PEOPLE[i][0], person_id(i), "火炉镇人民政府", "干事"] for i in range(4)]
    result = check_file(write_xlsx(tmp_path / "花名册.xlsx", {"Sheet1": rows}), settings=settings)
    (sheet,) = result.sheets
    assert sheet.kind == "cadres" and not result.failed
    assert (sheet.rows_read, len(sheet.accepted), sheet.rejected) == (4, 4, 0)
    assert _rules(sheet.problems) == ["header.optional_missing"]
    message = sheet.problems[0].message_zh
    assert all(label in message for label in ("民族", "政治面貌", "学历", "干部类别"))
    assert "性别" not in message and "出生年月" not in message  # read from the ID number instead
    accepted = sheet.accepted.set_index("name")
    assert accepted.loc["张建国", "gender"] == "男" and accepted.loc["李秀英", "gender"] == "女"
    assert accepted.loc["张建国", "birth_date"] == pd.Timestamp("1970-03-01")
    assert accepted["ethnicity"].isna().all() and accepted["category"].isna().all()


@pytest.mark.parametrize(
    ("header", "field", "written", "stored"),
    [
        ("证件号码", "id_number", None, None),
        ("学历学位", "education", "大学本科学士", "大学本科"),
        ("学历学位", "education", "硕士研究生", "研究生"),
        ("行政级别", "rank", "副科级", "副科级"),
        ("行政职务", "post", "组织委员", "组织委员"),
        ("党员身份", "political_status", "中共党员", "中共党员"),
        ("干部类型", "category", "村（社区）干部", "村社干部"),
        ("加入党组织日期", "party_join_date", "2001-07-01", pd.Timestamp("2001-07-01")),
        ("公民身份证号码", "id_number", None, None),
        ("现工作单位", "unit", "白马镇人民政府", "白马镇人民政府"),
    ],
)
def test_official_header_spellings_are_recognised(
    tmp_path: Path, settings: IngestSettings, header: str, field: str, written: object, stored: object
) -> None:
    base = {"姓名": PEOPLE[0][0], "身份证号": person_id(0), "政治面貌": "中共党员"}
    if field == "id_number":
        base.pop("身份证号")
        base[header] = person_id(0)
    else:
        base[header] = written
    path = write_xlsx(tmp_path / "干部名单.xlsx", {"名单": [list(base), list(base.values())]})
    (sheet,) = check_file(path, settings=settings).sheets
    assert sheet.kind == "cadres" and len(sheet.accepted) == 1, [p.message_zh for p in sheet.problems]
    assert not [p for p in sheet.problems if p.rule == "header.unknown"]
    value = sheet.accepted.at[0, field]
    assert value == (stored if stored is not None else person_id(0))


@pytest.mark.parametrize(
    ("cell", "unit", "post", "split"),
    [
        ("火炉镇人民政府副镇长", "火炉镇人民政府", "副镇长", True),
        ("火炉镇党委副书记、镇长", "火炉镇党委", "副书记、镇长", True),
        ("火炉镇组织干事", "火炉镇", "组织干事", True),
        ("双河村党支部书记", "双河村党支部", "书记", True),
        ("东城街道办事处主任", "东城街道办事处", "主任", True),
        ("武隆区 火炉镇 人大主席", "武隆区 火炉镇", "人大主席", True),
        ("白马镇/宣传委员", "白马镇", "宣传委员", True),
        ("组织干事", "组织干事", None, False),
    ],
)
def test_a_combined_unit_and_post_cell_is_split_where_it_can_be(
    cell: str, unit: str, post: str | None, split: bool
) -> None:
    assert split_unit_post(cell) == (unit, post, split)


def test_a_combined_column_fills_unit_and_post_and_warns_where_it_cannot_split(
    tmp_path: Path, settings: IngestSettings
) -> None:
    rows = [
        ["姓名", "公民身份号码", "所在单位及职务"],
        [PEOPLE[0][0], person_id(0), "火炉镇人民政府副镇长"],
        [PEOPLE[1][0], person_id(1), "组织干事"],
    ]
    (sheet,) = check_file(write_xlsx(tmp_path / "花名册.xlsx", {"花名册": rows}), settings=settings).sheets
    accepted = sheet.accepted.set_index("name")
    assert (accepted.loc["张建国", "unit"], accepted.loc["张建国", "post"]) == ("火炉镇人民政府", "副镇长")
    assert accepted.loc["李秀英", "unit"] == "组织干事" and pd.isna(accepted.loc["李秀英", "post"])
    (unsplit,) = [p for p in sheet.problems if p.rule == "value.combined_unsplit"]
    assert (unsplit.row, unsplit.column, unsplit.severity) == (3, "所在单位及职务", "warning")
    assert "header.optional_missing" in _rules(sheet.problems)
    assert "职务" not in next(p for p in sheet.problems if p.rule == "header.optional_missing").message_zh


def test_a_real_training_sheet_with_official_headers_loads_against_the_roster(
    tmp_path: Path, settings: IngestSettings
) -> None:
    roster = roster_file(tmp_path)
    rows = [
        ["序号", "姓名", "身份证号", "培训班名称", "培训开始时间", "培训结束时间", "培训形式", "学时数"],
        [1, PEOPLE[2][0], person_id(2), "2023年春季干部轮训班", "2023-03-06", "2023-03-10", "脱产培训", 40 / 5],
        [2, PEOPLE[3][0], person_id(3), "理论宣讲", "2023-04-01", "2023-04-01", "集中轮训", 4],
    ]
    training = write_xlsx(tmp_path / "培训情况.xlsx", {"Sheet1": rows})
    _, result = check_files([roster, training], settings=settings)
    (sheet,) = result.sheets
    assert sheet.kind == "trainings" and len(sheet.accepted) == 2 and not result.failed
    assert list(sheet.accepted["training_type"]) == ["其他", "轮训"]
    assert sheet.accepted["attendance"].isna().all()  # no attendance column: unknown, not absent
    assert "value.read_as_other" in _rules(sheet.problems)


def test_a_file_whose_sheets_match_no_kind_is_a_file_level_error_with_exit_1(
    tmp_path: Path, settings: IngestSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = {
        "汇总": [["年度", "季度", "备注"], [2023, 1, "x"], [2023, 2, "y"]],
        "统计": [["月份", "人数"], ["3月", 2]],
    }
    path = write_xlsx(tmp_path / "材料.xlsx", sheets)
    result = check_file(path, settings=settings)
    assert _rules(result.file_errors) == ["file.no_records"] and result.failed
    closest = result.sheets[0].problems[0]
    assert (
        closest.rule == "sheet.closest_kind" and "帮带测评" in closest.message_zh and "测评结果" in closest.message_zh
    )
    assert result.sheets[1].problems[0].rule == "sheet.unknown_kind"
    assert sum(s.rows_read for s in result.sheets) == sum(s.skipped for s in result.sheets) == 5
    assert check_command([path], as_json=False, settings=settings) == 1
    assert "没有可识别" in capsys.readouterr().out


def test_the_templates_own_helper_sheets_are_ignored_silently(tmp_path: Path, settings: IngestSettings) -> None:
    path = write_template("cadres", tmp_path / "干部花名册模板.xlsx")
    result = check_file(path, settings=settings)
    assert not result.failed or _rules(result.file_errors) == ["file.no_records"]
    assert all(not s.problems for s in result.sheets if s.sheet in ("填写说明", "下拉选项"))


def test_a_pairing_sheet_named_for_its_programme_needs_no_programme_column(
    tmp_path: Path, settings: IngestSettings
) -> None:
    roster = roster_file(tmp_path)
    rows = [
        ["导师", "培养对象", "结对时间"],
        [PEOPLE[0][0], PEOPLE[2][0], "2023-03-01"],
        [PEOPLE[1][0], PEOPLE[3][0], "2023-03-01"],
    ]
    pairs = write_xlsx(tmp_path / "结对名单.xlsx", {"导师引航": rows})
    _, result = check_files([roster, pairs], settings=settings)
    (sheet,) = result.sheets
    assert sheet.kind == "pairings" and len(sheet.accepted) == 2
    assert set(sheet.accepted["programme"]) == {"导师引航"}
    assert list(sheet.accepted["mentor_id_number"]) == [person_id(0), person_id(1)]


def test_an_evaluation_sheet_with_names_instead_of_id_numbers_is_matched_through_the_roster(
    tmp_path: Path, settings: IngestSettings
) -> None:
    roster = roster_file(tmp_path)
    pairs = write_xlsx(
        tmp_path / "帮带对子.xlsx",
        {"导师引航": [["导师", "培养对象", "结对时间"], [PEOPLE[0][0], PEOPLE[2][0], "2023-03-01"]]},
    )
    rows = [
        ["年度", "季度", "导师姓名", "培养对象姓名", "测评结果"],
        [2023, 2, PEOPLE[0][0], PEOPLE[2][0], "优秀"],
        [2023, 2, PEOPLE[0][0], "查无此人", "合格"],
    ]
    evaluations = write_xlsx(tmp_path / "帮带测评.xlsx", {"测评": rows})
    *_, result = check_files([roster, pairs, evaluations], settings=settings)
    (sheet,) = result.sheets
    assert (len(sheet.accepted), sheet.rejected) == (1, 1)
    assert sheet.accepted.at[0, "mentee_id_number"] == person_id(2)
    assert [(p.row, p.rule) for p in sheet.problems if p.severity == "error"] == [(3, "pairings.person_not_in_roster")]


def test_a_roster_without_a_core_column_names_the_header_row_it_found(tmp_path: Path, settings: IngestSettings) -> None:
    header = [h for h in CADRE_HEADER if h != "身份证号"]
    row = [v for h, v in zip(CADRE_HEADER, cadre_row(0), strict=True) if h != "身份证号"]
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [["火炉镇干部花名册"], header, row]})
    result = check_file(path, settings=settings)
    (error,) = result.file_errors
    assert (
        error.rule == "header.missing_required"
        and "第 2 行为表头" in error.message_zh
        and "证件号码" in error.message_zh
    )
    assert (result.sheets[0].rows_read, result.sheets[0].rejected) == (1, 1)


def test_an_appointment_form_roster_with_a_merged_two_row_header_and_ages_beside_birth_months_loads(
    tmp_path: Path, settings: IngestSettings
) -> None:
    top = [
        "序号",
        "姓名",
        "性别",
        "民族",
        "出生年月\n（岁）",
        "籍贯",
        "入党\n时间",
        "参加工作\n时间",
        "全日制教育",
        None,
        "在职教育",
        None,
        "现任职务",
        "身份证号码",
    ]
    second = [None] * 8 + ["学历", "学位", "学历", "学位", None, None]
    merges = [(1, c, 2, c, top[c]) for c in (0, 1, 2, 3, 4, 5, 6, 7, 12, 13)]
    merges += [(1, 8, 1, 9, "全日制教育"), (1, 10, 1, 11, "在职教育"), (0, 0, 0, 13, "白马镇机关干部花名册")]
    rows = [
        [],
        [],
        second,
        [
            1,
            "张 伟",
            "男",
            "汉",
            "1970.03\n（53岁）",
            "重庆武隆",
            "1995.06",
            "1990.07",
            "中专",
            "",
            "大学",
            "",
            "党委书记",
            person_id(0),
        ],
        [
            2,
            "李秀英",
            "女",
            "土家",
            "1975.05(48岁)",
            "重庆武隆",
            "2000.07",
            "1996.08",
            "大专",
            "",
            "",
            "",
            "人大主席",
            person_id(1),
        ],
        ["填表人：王五        审核人：赵六"],
    ]
    path = write_xlsx(tmp_path / "白马镇干部花名册（2023年12月）.xlsx", {"Sheet1": rows}, merges={"Sheet1": merges})
    (sheet,) = check_file(path, settings=settings).sheets
    assert sheet.header_row == 3 and (len(sheet.accepted), sheet.rejected) == (2, 0)
    assert _rules(sheet.problems) == ["header.optional_missing"]  # no duplicate 学历: 在职教育学历 is ignored
    accepted = sheet.accepted.set_index("name")
    assert accepted.loc["张伟", "birth_date"] == pd.Timestamp("1970-03-01")
    assert accepted.loc["张伟", "education"] == "中专" and accepted.loc["李秀英", "ethnicity"] == "土家族"


def test_a_pairing_file_beside_a_blank_roster_template_is_checked_not_crashed(
    tmp_path: Path, settings: IngestSettings
) -> None:
    roster = write_template("cadres", tmp_path / "花名册.xlsx")
    rows = [["导师姓名", "培养对象姓名", "结对日期"], [PEOPLE[0][0], PEOPLE[2][0], "2023-03-01"]]
    pairs = write_xlsx(tmp_path / "帮带对子.xlsx", {"导师引航": rows})
    _, result = check_files([roster, pairs], settings=settings)
    (sheet,) = result.sheets
    assert (len(sheet.accepted), sheet.rejected) == (0, 1)
    assert {p.rule for p in sheet.problems if p.severity == "error"} == {"pairings.person_not_in_roster"}
