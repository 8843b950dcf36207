"""A corpus of messy township files written by the tests, each with exactly which rows go where and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.ingest.check import check_file, check_files
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import (
    CADRE_HEADER,
    PAIRING_HEADER,
    TRAINING_HEADER,
    cadre_row,
    make_id,
    outcome,
    person_id,
    roster_file,
    warnings_of,
    write_cfb,
    write_xlsx,
)


def test_title_rows_footer_rows_and_blank_rows_around_a_roster_are_skipped_with_reasons(
    tmp_path: Path, settings: IngestSettings
) -> None:
    rows = [
        ["火炉镇干部花名册"],
        ["填报单位：火炉镇党委（盖章）", "", "", "", "", "", "", "", "", "填报日期：2023年3月1日"],
        ["序号", *CADRE_HEADER],
        [1, *cadre_row(0)],
        [2, *cadre_row(1)],
        [3],  # only the serial number: a blank row
        [],
        [4, *cadre_row(2)],
        ["合计", "3人"],
        ["填表人：王五", "", "", "审核人：赵六"],
        ["注：本表由组织办填报。"],
    ]
    path = write_xlsx(
        tmp_path / "花名册.xlsx", {"花名册": rows}, merges={"花名册": [(0, 0, 0, 13, "火炉镇干部花名册")]}
    )
    sheet = check_file(path, settings=settings).sheets[0]
    assert sheet.kind == "cadres" and sheet.header_row == 3
    assert outcome(sheet) == ([4, 5, 8], {}, {"空行": 2, "表尾（填表人、审核人、合计、注等）": 3})
    assert sheet.problems == []


def test_full_width_digits_spaces_in_names_traditional_characters_and_synonyms_are_normalized(
    tmp_path: Path, settings: IngestSettings
) -> None:
    row = cadre_row(0)
    row[0] = "張 建國"
    row[2] = "汉"
    row[3] = "１９７０．０３"
    row[5] = "党员"
    row[7] = "本科"
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, row]})
    sheet = check_file(path, settings=settings).sheets[0]
    assert outcome(sheet) == ([2], {}, {})
    accepted = sheet.accepted.iloc[0]
    assert (accepted["name"], accepted["ethnicity"], accepted["political_status"], accepted["education"]) == (
        "張建國",
        "汉族",
        "中共党员",
        "大学本科",
    )
    assert accepted["birth_date"].strftime("%Y-%m") == "1970-03"


def test_a_pairing_finds_a_mentor_written_in_traditional_characters_in_the_roster_by_simplified_name(
    tmp_path: Path, settings: IngestSettings
) -> None:
    mentor = cadre_row(0)
    mentor[0] = "張建國"
    roster = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, mentor, cadre_row(2)]})
    pairing = ["导师引航", "张建国", "", "王小明", "", "双向选择", "2023.02", "", ""]
    pairings = write_xlsx(tmp_path / "帮带对子.xlsx", {"帮带对子": [PAIRING_HEADER, pairing]})
    _, result = check_files([roster, pairings], settings=settings)
    sheet = result.sheets[0]
    assert outcome(sheet) == ([2], {}, {})
    accepted = sheet.accepted.iloc[0]
    assert (accepted["mentor_name"], accepted["mentor_id_number"]) == ("张建国", person_id(0))


def test_a_numeric_id_cell_is_rejected_with_a_format_as_text_hint(tmp_path: Path, settings: IngestSettings) -> None:
    row = cadre_row(1)
    row[4] = float(person_id(1)[:-1] + "0")  # Excel kept only 15 significant digits
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, cadre_row(0), row]})
    sheet = check_file(path, settings=settings).sheets[0]
    assert outcome(sheet) == ([2], {3: ["id_number.numeric_cell"]}, {})
    assert "文本" in sheet.problems[0].message_zh and sheet.problems[0].column == "身份证号"


def test_each_bad_cadre_row_is_rejected_for_its_own_reason(tmp_path: Path, settings: IngestSettings) -> None:
    wrong_gender = cadre_row(0)
    wrong_gender[1] = "女"
    wrong_birth = cadre_row(1)
    wrong_birth[3] = "1976.05"
    party_non_member = cadre_row(4)
    party_non_member[6] = "1990.01"
    young_party = cadre_row(2)
    young_party[5], young_party[6] = "中共党员", "2010.01"
    child_worker = cadre_row(3)
    child_worker[8] = "2010.01"
    future_worker = cadre_row(5)
    future_worker[8] = "2024.06"
    no_name = cadre_row(0)
    no_name[0] = ""
    rows = [
        CADRE_HEADER,
        wrong_gender,
        wrong_birth,
        party_non_member,
        young_party,
        child_worker,
        future_worker,
        no_name,
    ]
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": rows})
    sheet = check_file(path, settings=settings).sheets[0]
    assert outcome(sheet) == (
        [],
        {
            2: ["cadres.gender_mismatch"],
            3: ["cadres.birth_mismatch"],
            4: ["cadres.party_date_not_member"],
            5: ["cadres.party_date_before_18"],
            6: ["cadres.work_before_16"],
            7: ["cadres.work_in_future"],
            8: ["value.required", "cadres.duplicate_id"],
        },
        {},
    )


def test_the_same_id_twice_in_one_township_rejects_the_later_row_and_names_the_first(
    tmp_path: Path, settings: IngestSettings
) -> None:
    first = write_xlsx(tmp_path / "a花名册.xlsx", {"花名册": [CADRE_HEADER, cadre_row(0), cadre_row(1)]})
    again = cadre_row(1)
    again[0] = "李秀"
    second = write_xlsx(tmp_path / "b花名册.xlsx", {"花名册": [CADRE_HEADER, again, cadre_row(2)]})
    a, b = check_files([first, second], settings=settings)
    assert outcome(a.sheets[0]) == ([2, 3], {}, {})
    assert outcome(b.sheets[0]) == ([3], {2: ["cadres.duplicate_id"]}, {})
    assert "a花名册.xlsx" in b.sheets[0].problems[0].message_zh and "第 3 行" in b.sheets[0].problems[0].message_zh


def test_a_general_format_1985_1_birth_month_is_resolved_with_the_id_and_warned_elsewhere(
    tmp_path: Path, settings: IngestSettings
) -> None:
    october = cadre_row(0)
    october[4] = make_id("512326", "19701005", 11)
    october[3] = 1970.1  # typed 1970.10 into a General cell
    party = cadre_row(1)
    party[6] = 2000.1
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, october, party]})
    sheet = check_file(path, settings=settings).sheets[0]
    assert outcome(sheet) == ([2, 3], {}, {})
    assert sheet.accepted.iloc[0]["birth_date"].strftime("%Y-%m") == "1970-10"
    assert warnings_of(sheet) == [(3, "date.ambiguous_month")]


def test_merged_two_level_pairing_headers_are_joined_and_blank_ids_filled_from_unique_names(
    tmp_path: Path, settings: IngestSettings
) -> None:
    roster = roster_file(tmp_path)
    top = ["项目", "导师", "", "培养对象", "", "结对方式", "结对日期", "结束日期", "批次"]
    sub = ["", "姓名", "身份证号", "姓名", "身份证号"]
    rows = [
        ["帮带对子登记表"],
        top,
        sub,
        ["导师引航", "张建国", "", "王小明", "", "双向选择", "2023.03", "", ""],
        ["导师引航", "李秀英", person_id(1), "赵丽", person_id(3), "组织指定", "2023年3月1日", "", ""],
        ["导师引航", "张建国", "", "张建国", "", "双向选择", "2023.03", "", ""],
        ["导师引航", "张建国", "", "无此人", "", "双向选择", "2023.03", "", ""],
        ["以新促老", "王小明", "", "刘德华", "", "组织指定", "2023.03", "2023.01", ""],
    ]
    merges = [(1, 0, 2, 0, "项目"), (1, 1, 1, 2, "导师"), (1, 3, 1, 4, "培养对象")]
    merges += [(1, c, 2, c, top[c]) for c in (5, 6, 7, 8)]
    pairings = write_xlsx(tmp_path / "帮带对子.xlsx", {"对子": rows}, merges={"对子": merges})
    _, result = check_files([roster, pairings], settings=settings)
    sheet = result.sheets[0]
    assert sheet.kind == "pairings" and sheet.header_row == 3
    assert outcome(sheet) == (
        [4, 5],
        {6: ["pairings.same_person"], 7: ["pairings.person_not_in_roster"], 8: ["pairings.end_before_start"]},
        {},
    )
    filled = sheet.accepted.iloc[0]
    assert (filled["mentor_id_number"], filled["mentee_id_number"]) == (person_id(0), person_id(2))


def test_a_pairings_sheet_names_its_column_by_the_joined_header(tmp_path: Path, settings: IngestSettings) -> None:
    rows = [
        ["项目", "导师", "", "培养对象", "", "结对方式", "结对日期", "结束日期", "批次"],
        ["", "姓名", "身份证号", "姓名", "身份证号"],
        ["导师引航", "张建国", person_id(0), "王小明", "123", "双向选择", "2023.03", "", ""],
    ]
    merges = [(0, 1, 0, 2, "导师"), (0, 3, 0, 4, "培养对象")]
    path = write_xlsx(tmp_path / "帮带对子.xlsx", {"对子": rows}, merges={"对子": merges})
    problems = [(p.row, p.column, p.rule) for p in check_file(path, settings=settings).sheets[0].problems]
    assert (3, "培养对象身份证号", "id_number.length") in problems
    assert (None, None, "roster.unavailable") in problems


def test_several_sheets_hidden_and_unknown_ones_are_all_reported(tmp_path: Path, settings: IngestSettings) -> None:
    training = ["2023.03.01", "干部夜校", "公文写作", "王小明", "刘德华", person_id(4), 2, "出勤"]
    sheets = {
        "花名册": [CADRE_HEADER, cadre_row(4), cadre_row(2)],
        "夜校签到": [TRAINING_HEADER, training],
        "统计": [["月份", "人数"], ["3月", 2]],
        "Sheet3": [],
    }
    path = write_xlsx(tmp_path / "火炉镇.xlsx", sheets, hidden=["夜校签到"])
    result = check_file(path, settings=settings)
    assert [(s.sheet, s.kind) for s in result.sheets] == [
        ("花名册", "cadres"),
        ("夜校签到", "trainings"),
        ("统计", None),
        ("Sheet3", None),
    ]
    assert outcome(result.sheets[1]) == ([2], {}, {})
    assert warnings_of(result.sheets[1]) == [(None, "sheet.hidden")]
    assert warnings_of(result.sheets[2]) == [(None, "sheet.unknown_kind")]
    assert "统计" in result.sheets[2].problems[0].message_zh
    assert outcome(result.sheets[2]) == ([], {}, {"工作表类型无法识别，整表未读取": 2})
    assert result.sheets[3].problems == [] and result.sheets[3].rows_read == 0 and not result.failed


def test_a_roster_sheet_without_a_recognizable_header_is_an_error_and_its_rows_are_counted(
    tmp_path: Path, settings: IngestSettings
) -> None:
    rows = [["名单"], ["甲", "乙", "丙"], ["张三", "男", "1985.03"], ["李四", "女", "1990.01"]]
    path = write_xlsx(tmp_path / "干部花名册.xlsx", {"干部花名册": rows})
    result = check_file(path, settings=settings)
    (sheet,) = result.sheets
    assert [p.rule for p in result.file_errors] == ["sheet.header_not_found"] and result.failed
    assert (sheet.rows_read, sheet.skipped, sheet.skip_reasons) == (4, 4, {"找不到表头，整表未读取": 4})


def test_an_unknown_header_is_reported_with_the_closest_known_names(tmp_path: Path, settings: IngestSettings) -> None:
    header = [*CADRE_HEADER, "政治面目备注"]
    header[5] = "政治面目"
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [header, cadre_row(0)]})
    result = check_file(path, settings=settings)
    unknown = [p for s in result.sheets for p in s.problems if p.rule == "header.unknown"]
    assert "政治面貌" in unknown[0].message_zh and unknown[0].column == "政治面目"
    sheet = result.sheets[0]
    (absent,) = [p for p in sheet.problems if p.rule == "header.optional_missing"]
    assert "政治面貌" in absent.message_zh and absent.severity == "warning"
    assert (sheet.rows_read, len(sheet.accepted), sheet.rejected) == (1, 1, 0) and not result.failed
    assert sheet.accepted["political_status"].isna().all()


def test_a_missing_core_column_rejects_the_sheet_as_a_file_level_error(
    tmp_path: Path, settings: IngestSettings
) -> None:
    at = CADRE_HEADER.index("身份证号")
    header = [h for h in CADRE_HEADER if h != "身份证号"]
    rows = [[v for i, v in enumerate(cadre_row(n)) if i != at] for n in (0, 1)]
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [header, *rows]})
    result = check_file(path, settings=settings)
    assert [(p.rule, p.column) for p in result.file_errors] == [("header.missing_required", "身份证号")]
    assert "第 1 行为表头" in result.file_errors[0].message_zh
    sheet = result.sheets[0]
    assert (sheet.rows_read, len(sheet.accepted), sheet.rejected, sheet.skipped) == (2, 0, 2, 0)
    assert result.failed


ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "utf-16"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_csv_in_each_encoding_reads_the_same_rows(tmp_path: Path, settings: IngestSettings, encoding: str) -> None:
    roster = roster_file(tmp_path)
    sep = "\t" if encoding == "utf-16" else ","
    lines = [
        sep.join(TRAINING_HEADER),
        sep.join(["2023.03.01", "干部夜校", "公文写作EURO", "王小明", "刘德华", person_id(4), "2", "出勤"]),
        sep.join(["2023-03-08", "夜校", "电脑操作", "王小明", "张建国", "", "1.5", "√"]),
        sep.join(["2023/3/15", "干部夜校", "信息化", "王小明", "刘德华", person_id(4), "30", "出勤"]),
        sep.join(["2024.03.01", "干部夜校", "未来", "王小明", "刘德华", person_id(4), "2", "出勤"]),
        sep.join(["2023.03.22", "干部夜校", "信息化", "王小明", "路人甲", "", "2", "出勤"]),
        sep.join(["填表人：王小明"]),
    ]
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "gbk":
        data = text.replace("EURO", "_").encode("gbk").replace(b"_", b"\x80")  # cp936 writes the euro sign as 0x80
    else:
        data = text.replace("EURO", "€").encode(encoding)
    csv_path = tmp_path / ("夜校签到.txt" if encoding == "utf-16" else "夜校签到.csv")
    csv_path.write_bytes(data)
    _, result = check_files([roster, csv_path], settings=settings)
    sheet = result.sheets[0]
    assert sheet.kind == "trainings"
    assert outcome(sheet) == (
        [2, 3],
        {4: ["trainings.hours_range"], 5: ["trainings.date_in_future"], 6: ["trainings.attendee_not_in_roster"]},
        {"表尾（填表人、审核人、合计、注等）": 1},
    )
    assert sheet.accepted.iloc[0]["topic"] == "公文写作€"
    assert sheet.accepted.iloc[1]["attendee_id_number"] == person_id(0)


def test_evaluations_need_an_existing_pair_a_quarter_of_1_to_4_and_one_result_per_quarter(
    tmp_path: Path, settings: IngestSettings
) -> None:
    roster = roster_file(tmp_path)
    pairings = write_xlsx(
        tmp_path / "帮带对子.xlsx",
        {
            "对子": [
                PAIRING_HEADER,
                ["导师引航", "张建国", person_id(0), "王小明", person_id(2), "双向选择", "2023.03", "", ""],
            ]
        },
    )
    a, b, c = person_id(0), person_id(2), person_id(1)
    rows = [
        ["年度", "季度", "导师身份证号", "培养对象身份证号", "测评结果"],
        [2023, "第一季度", a, b, "优秀"],
        [2023, "Q2", a, b, "合格"],
        [2023, "二季度", a, b, "优秀"],
        [2023, 5, a, b, "合格"],
        [2023, 3, c, b, "合格"],
        [2023, 4, a, b, "好"],
    ]
    evaluations = write_xlsx(tmp_path / "帮带测评.xlsx", {"测评": rows})
    result, *_ = check_files([evaluations, pairings, roster], settings=settings)
    assert outcome(result.sheets[0]) == (
        [2, 3],
        {
            4: ["evaluations.duplicate"],
            5: ["evaluations.quarter_range"],
            6: ["evaluations.pair_unknown"],
            7: ["value.not_in_vocabulary"],
        },
        {},
    )


def test_programme_warnings_keep_the_row(tmp_path: Path, settings: IngestSettings) -> None:
    roster = roster_file(tmp_path)
    rows = [
        PAIRING_HEADER,
        ["导师引航", "张建国", person_id(0), "刘德华", person_id(4), "双向选择", "2023.03", "", ""],
        ["以新促老", "刘德华", person_id(4), "王小明", person_id(2), "组织指定", "2023.03", "", ""],
        ["挂职锻炼", "李秀英", person_id(1), "陈静", person_id(5), "双向选择", "2023.03.01", "2023.03.31", ""],
        ["挂职锻炼", "李秀英", person_id(1), "赵丽", person_id(3), "双向选择", "2023.04.01", "2023.08.31", 2],
    ]
    pairings = write_xlsx(tmp_path / "帮带对子.xlsx", {"对子": rows})
    _, result = check_files([roster, pairings], settings=settings)
    sheet = result.sheets[0]
    assert outcome(sheet) == ([2, 3, 4, 5], {}, {})
    assert warnings_of(sheet) == [
        (2, "pairings.mentee_not_young"),
        (3, "pairings.mentor_not_younger"),
        (4, "pairings.secondment_batch_missing"),
        (5, "pairings.secondment_not_village_cadre"),  # 赵丽 is a 一般干部
        (5, "pairings.secondment_duration"),
    ]


UNREADABLE = [
    ("报表.et", b"\xd0\xcf\x11\xe0 wps", "file.wps_format"),
    ("报表.wps", b"anything", "file.wps_format"),
    ("报表.pdf", b"%PDF-1.4", "file.unsupported_format"),
    ("空.xlsx", b"", "file.empty"),
    ("空.csv", b"", "file.empty"),
    ("改名.xlsx", "姓名,性别\n张三,男\n".encode(), "file.corrupt"),
    ("乱码.csv", b"abc\x81\x30\xff\xff", "file.encoding"),
]


@pytest.mark.parametrize(("name", "data", "rule"), UNREADABLE)
def test_a_file_that_cannot_be_read_gets_one_actionable_file_error(
    tmp_path: Path, settings: IngestSettings, name: str, data: bytes, rule: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = check_file(path, settings=settings)
    assert [p.rule for p in result.file_errors] == [rule] and result.sheets == [] and result.failed
    assert result.file_errors[0].message_zh and result.file_errors[0].message_en


def test_wps_files_are_told_to_save_as_xlsx(tmp_path: Path, settings: IngestSettings) -> None:
    path = tmp_path / "报表.et"
    path.write_bytes(b"x")
    assert "另存为" in check_file(path, settings=settings).file_errors[0].message_zh


def test_a_password_protected_xlsx_is_reported_as_encrypted(tmp_path: Path, settings: IngestSettings) -> None:
    path = write_cfb(tmp_path / "加密.xlsx", {"EncryptionInfo": b"\x04" * 4096, "EncryptedPackage": b"\x07" * 4096})
    assert [p.rule for p in check_file(path, settings=settings).file_errors] == ["file.encrypted"]


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = roster_file(tmp_path)
    result = check_file(path, settings=IngestSettings(max_file_bytes=1024))
    assert [p.rule for p in result.file_errors] == ["file.too_large"]


def test_a_missing_file_is_a_file_error_not_a_crash(tmp_path: Path, settings: IngestSettings) -> None:
    assert [p.rule for p in check_file(tmp_path / "无.xlsx", settings=settings).file_errors] == ["file.not_found"]


def test_check_township_reads_the_roster_first_whatever_the_file_order(
    tmp_path: Path, settings: IngestSettings
) -> None:
    from pipelines.ingest.check import check_township
    from pipelines.ingest.files import discover

    folder = tmp_path / "武隆区" / "火炉镇"
    folder.mkdir(parents=True)
    write_xlsx(
        folder / "a帮带对子.xlsx",
        {"对子": [PAIRING_HEADER, ["导师引航", "张建国", "", "王小明", "", "双向选择", "2023.03", "", ""]]},
    )
    roster_file(folder)
    (township,) = discover(tmp_path)
    pairings, roster = check_township(township, settings)
    assert [s.kind for s in roster.sheets] == ["cadres"] and len(roster.sheets[0].accepted) == 6
    assert outcome(pairings.sheets[0]) == ([2], {}, {})
    assert pairings.sheets[0].accepted.iloc[0]["mentee_id_number"] == person_id(2)
