"""Names: minority-name separators unified, invisible characters removed, and what is not a name rejected."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.ingest.check import check_file, check_files
from pipelines.ingest.normalize import check_names, normalize_name
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import (
    CADRE_HEADER,
    PAIRING_HEADER,
    TRAINING_HEADER,
    cadre_row,
    outcome,
    person_id,
    write_xlsx,
)

MINORITY = "买买提·吐尔逊"


@pytest.mark.parametrize(
    "written",
    [
        "买买提·吐尔逊",
        "买买提.吐尔逊",
        "买买提．吐尔逊",
        "买买提-吐尔逊",
        "买买提－吐尔逊",
        "买买提・吐尔逊",
        "买买提･吐尔逊",
        "买买提•吐尔逊",
        "买买提‧吐尔逊",
        "买买提∙吐尔逊",
        "买买提—吐尔逊",
        "买买提 · 吐尔逊",
        "买买提..吐尔逊",
        "买买提。吐尔逊",
        "\ufeff买买提·吐尔逊",
        "买买提\u200b·吐尔逊\u200d",
        "买买提·吐尔逊\x07",
        "·买买提·吐尔逊.",
    ],
)
def test_every_separator_between_the_parts_of_a_minority_name_becomes_a_middle_dot(written: str) -> None:
    assert normalize_name(written) == MINORITY


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("张\u200b三", "张三"),
        ("\ufeff李四", "李四"),
        ("王\u00ad五", "王五"),
        ("张 三", "张三"),
        ("ＪＯＨＮ  SMITH", "JOHN SMITH"),
        ("Jean-Pierre Dupont", "Jean-Pierre Dupont"),  # a hyphen inside a Latin name is part of it
        ("王〇", "王〇"),
        ("欧阳娜娜", "欧阳娜娜"),
    ],
)
def test_invisible_characters_and_spaces_leave_a_name_and_nothing_else_changes(written: str, stored: str) -> None:
    assert normalize_name(written) == stored


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("张三", "ok"),
        ("张3", "digits"),
        ("张三１", "digits"),
        ("李四②", "digits"),
        ("500156198503010019", "id_number"),
        ("张三500156198503010019", "id_number"),
        ("张三 50015619850301001X", "id_number"),
        ("500156850301001", "id_number"),
        ("a@b.com", "symbols"),
        ("<b>张三</b>", "symbols"),
        ("张三>", "symbols"),
        ("王", "short"),
        ("王·", "short"),
        ("\u200b", "blank"),
        ("", "blank"),
    ],
)
def test_what_is_not_a_name_gets_a_status_that_says_what_is_wrong(written: str, status: str) -> None:
    assert check_names(pd.Series([written], dtype=object)).status[0] == status


@given(st.text(alphabet="张王李赵刘陈阿依古丽買提·・.．-－•‧ 　\u200b\ufeff\x01", min_size=0, max_size=14))
def test_normalizing_a_name_is_idempotent_and_leaves_no_invisible_or_stray_separator(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once
    if once is not None:
        assert not any(ch in once for ch in "\u200b\ufeff\x01 ・.．-－•‧")
        assert not once.startswith("·") and not once.endswith("·")


def test_a_clean_column_and_a_messy_one_agree_on_every_name() -> None:
    clean = pd.Series(["张三", "阿依努尔·吐尔逊", "欧阳娜娜"], dtype=object)
    messy = pd.Series(["张 三", "阿依努尔.吐尔逊", "\ufeff欧阳娜娜"], dtype=object)
    assert check_names(clean).values.tolist() == check_names(messy).values.tolist() == clean.tolist()
    assert (check_names(clean).status == "ok").all()


def test_a_roster_rejects_each_non_name_with_a_message_that_says_what_to_fix(
    tmp_path: Path, settings: IngestSettings
) -> None:
    names = ["张3", person_id(1), "a@b.com", "王", "买买提.吐尔逊"]
    rows = [CADRE_HEADER]
    for index, name in enumerate(names):
        row = cadre_row(index)
        row[0] = name
        rows.append(row)
    sheet = check_file(write_xlsx(tmp_path / "花名册.xlsx", {"花名册": rows}), settings=settings).sheets[0]
    accepted, errors, _ = outcome(sheet)
    assert accepted == [6]
    assert errors == {2: ["name.digits"], 3: ["name.id_number"], 4: ["name.symbols"], 5: ["name.too_short"]}
    assert sheet.accepted["name"].tolist() == [MINORITY]
    messages = {p.row: p.message_zh for p in sheet.problems}
    assert "含有数字" in messages[2] and "身份证号填到身份证号列" in messages[3]
    assert "@" in messages[4] and "全名" in messages[5]


def test_a_pairing_written_with_a_dot_finds_the_minority_mentee_written_with_a_middle_dot(
    tmp_path: Path, settings: IngestSettings
) -> None:
    mentee = cadre_row(2)
    mentee[0] = MINORITY
    roster = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, cadre_row(0), mentee]})
    pairing = ["导师引航", "张建国", "", "买买提．吐尔逊", "", "双向选择", "2023.03", "", ""]
    pairings = write_xlsx(tmp_path / "帮带对子.xlsx", {"帮带对子": [PAIRING_HEADER, pairing]})
    _, result = check_files([roster, pairings], settings=settings)
    sheet = result.sheets[0]
    assert outcome(sheet) == ([2], {}, {})
    assert sheet.accepted.iloc[0][["mentee_name", "mentee_id_number"]].tolist() == [MINORITY, person_id(2)]


def test_trainer_and_attendee_names_are_checked_like_roster_names(tmp_path: Path, settings: IngestSettings) -> None:
    roster = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, cadre_row(0)]})
    good = ["2023.05.10", "干部夜校", "乡村振兴", "李\u200b秀英", "张建国", person_id(0), 2, "出勤"]
    trainer_mail = ["2023.05.17", "干部夜校", "乡村振兴", "li@example.com", "张建国", person_id(0), 2, "出勤"]
    attendee_digit = ["2023.05.24", "干部夜校", "乡村振兴", "李秀英", "张建国2", "", 2, "出勤"]
    trainings = write_xlsx(
        tmp_path / "培训记录.xlsx", {"培训记录": [TRAINING_HEADER, good, trainer_mail, attendee_digit]}
    )
    _, result = check_files([roster, trainings], settings=settings)
    sheet = result.sheets[0]
    accepted, errors, _ = outcome(sheet)
    assert accepted == [2]
    assert errors[3] == ["name.symbols"] and "name.digits" in errors[4]
    assert sheet.accepted.iloc[0]["trainer"] == "李秀英"
