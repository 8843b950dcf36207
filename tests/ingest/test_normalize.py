"""Normalizers: parametrized tables of what offices write, and hypothesis properties against python-stdnum."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from pipelines.ingest.normalize import (
    check_ids,
    date_column,
    fold,
    name_column,
    name_keys,
    parse_date_value,
    quarter_column,
    upgrade_15,
    vocab_column,
)
from tests.ingest.helpers import make_id


@pytest.mark.parametrize(
    ("written", "expected", "status"),
    [
        ("1985.03", datetime.date(1985, 3, 1), "ok"),
        ("1985.3", datetime.date(1985, 3, 1), "ok"),
        ("1985年3月", datetime.date(1985, 3, 1), "ok"),
        ("1985年3月12日", datetime.date(1985, 3, 12), "ok"),
        ("1985-03", datetime.date(1985, 3, 1), "ok"),
        ("198503", datetime.date(1985, 3, 1), "ok"),
        ("19850312", datetime.date(1985, 3, 12), "ok"),
        ("1985/3/1", datetime.date(1985, 3, 1), "ok"),
        ("１９８５．０３", datetime.date(1985, 3, 1), "ok"),
        ("2023-03-01 00:00:00", datetime.date(2023, 3, 1), "ok"),
        (198503, datetime.date(1985, 3, 1), "ok"),
        (31107, datetime.date(1985, 3, 1), "ok"),
        (31107.5, datetime.date(1985, 3, 1), "ok"),
        (1985.03, datetime.date(1985, 3, 1), "ok"),
        (datetime.date(1985, 3, 1), datetime.date(1985, 3, 1), "ok"),
        (datetime.datetime(1985, 3, 1, 8, 0), datetime.date(1985, 3, 1), "ok"),
        (1985.1, datetime.date(1985, 1, 1), "ambiguous"),
        ("1985.1", datetime.date(1985, 1, 1), "ambiguous"),
        ("1985.10", datetime.date(1985, 10, 1), "ok"),
        (1985, None, "year_only"),
        ("1985年", None, "year_only"),
        ("1985.13", None, "invalid"),
        ("去年三月", None, "invalid"),
        ("", None, "blank"),
    ],
)
def test_a_date_written_in_any_common_form_is_read(
    written: object, expected: datetime.date | None, status: str
) -> None:
    assert parse_date_value(written) == (expected, status)


@pytest.mark.parametrize(
    ("vocabulary", "written", "expected"),
    [
        ("ethnicity", "汉", "汉族"),
        ("ethnicity", "土家", "土家族"),
        ("ethnicity", "維吾爾族", "维吾尔族"),
        ("political_status", "党员", "中共党员"),
        ("political_status", "团员", "共青团员"),
        ("political_status", " 中共 党员 ", "中共党员"),
        ("education", "本科", "大学本科"),
        ("education", "省委党校研究生", "研究生"),
        ("gender", "男性", "男"),
        ("attendance", "√", "出勤"),
        ("evaluation_result", "良好", "合格"),
        ("programme", "导师帮带", "导师引航"),
        ("ethnicity", "火星族", None),
    ],
)
def test_a_controlled_value_maps_onto_its_standard_form(vocabulary: str, written: str, expected: str | None) -> None:
    values, unknown, _ = vocab_column(pd.Series([written]), vocabulary)
    assert (None if pd.isna(values[0]) else values[0]) == expected
    assert bool(unknown[0]) == (expected is None)


@pytest.mark.parametrize(
    ("written", "quarter"), [("第一季度", 1), ("一季度", 1), ("Q2", 2), ("q3", 3), ("4", 4), (2.0, 2), ("第3季度", 3)]
)
def test_a_quarter_in_words_or_digits_becomes_its_number(written: object, quarter: int) -> None:
    values, bad = quarter_column(pd.Series([written], dtype=object))
    assert values[0] == quarter and not bad[0]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("张 三", "张三"),
        ("张\u3000三", "张三"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("ＪＯＨＮ  SMITH", "JOHN SMITH"),
    ],
)
def test_a_name_loses_inner_spaces_and_keeps_the_minority_dot(written: str, name: str) -> None:
    assert name_column(pd.Series([written]))[0] == name


def test_a_traditional_name_matches_its_simplified_form_and_keeps_the_original() -> None:
    names = name_column(pd.Series(["張學友"]))
    assert names[0] == "張學友"
    assert name_keys(names)[0] == "张学友"


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        (make_id("512326", "19850301", 123), "ok"),
        (make_id("512326", "19850301", 123).lower(), "ok"),
        (" " + make_id("110105", "19900101", 124) + " ", "ok"),
        (512326198503011234.0, "numeric_cell"),
        ("5.12326E+17", "numeric_cell"),
        ("51232619850301123", "length"),
        ("51232619850301123A", "format"),
        (make_id("500156", "19850301", 1), "ok"),  # 武隆区's code (2016) on a 1985 birth: assigned later, valid
        (make_id("999999", "19850301", 1), "region"),
        (make_id("512326", "19850230", 1), "birth_date"),
        ("", "blank"),
    ],
)
def test_an_id_cell_gets_the_status_that_explains_it(cell: object, status: str) -> None:
    assert check_ids(pd.Series([cell], dtype=object)).status[0] == status


def test_an_id_with_a_wrong_check_character_fails_its_checksum() -> None:
    good = make_id("512326", "19850301", 123)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    assert check_ids(pd.Series([bad])).status[0] == "checksum"


def test_a_15_digit_numeric_cell_survives_and_is_upgraded() -> None:
    full = make_id("512326", "19850301", 123)
    old = int(full[:6] + full[8:17])
    checked = check_ids(pd.Series([old], dtype=object))
    assert (checked.values[0], checked.status[0]) == (full, "upgraded")


def _reference_verdict(number: str) -> bool:
    """GB 11643-1999 as python-stdnum checks it, except that the region code need only exist in some edition.

    stdnum's own verdict also requires the code to have existed in the birth year, which rejects real numbers
    (the 地址码 is where the number was assigned); its table lists each code's years, so this oracle reads the table.
    """
    from stdnum import numdb

    if len(number) != 18 or not number[:17].isdigit() or number[17] != ric.calc_check_digit(number):
        return False
    try:
        birth = ric.get_birth_date(number)
    except ValidationError:
        return False
    # a code with only a province entry has no county (stdnum 2.2's is_valid raises KeyError on those)
    county = dict(part for _, props in numdb.get("cn/loc").info(number[:6]) for part in props.items()).get("county")
    permit = number[:6] in ("810000", "820000", "830000")  # 港澳台居民居住证
    return (county is not None or permit) and datetime.date(1900, 1, 1) <= birth <= datetime.date.today()


regions = st.sampled_from(["110105", "512326", "500232", "500156", "110000", "119999", "999999", "500100"])
births = st.dates(min_value=datetime.date(1890, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(region=regions, birth=births, sequence=st.integers(0, 999), check=st.sampled_from(list("0123456789X") + [""]))
def test_our_id_verdict_agrees_with_gb_11643_read_from_stdnums_table(
    region: str, birth: datetime.date, sequence: int, check: str
) -> None:
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    number = body + (check or ric.calc_check_digit(body + "0"))
    assert bool(check_ids(pd.Series([number])).valid[0]) == _reference_verdict(number)


@given(st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_any_18_characters_get_the_same_verdict_as_gb_11643(number: str) -> None:
    assert bool(check_ids(pd.Series([number])).valid[0]) == _reference_verdict(number)


@given(
    birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(1999, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_a_15_digit_number_upgrades_to_the_18_digit_one(birth: datetime.date, sequence: int) -> None:
    full = make_id("110105", f"{birth:%Y%m%d}", sequence)
    old = full[:6] + full[8:17]
    assert upgrade_15(pd.Series([old]))[0] == full


date_forms = st.sampled_from(
    ["{y}.{m:02d}", "{y}年{m}月", "{y}-{m:02d}", "{y}{m:02d}", "{y}/{m}/{d}", "{y}年{m}月{d}日", "serial", "cell"]
)


@given(day=st.dates(min_value=datetime.date(1949, 1, 1), max_value=datetime.date(2099, 12, 31)), form=date_forms)
def test_a_date_written_in_any_form_reads_back_as_itself(day: datetime.date, form: str) -> None:
    if form == "serial":
        written: object = (day - datetime.date(1899, 12, 30)).days
    elif form == "cell":
        written = day
    else:
        written = form.format(y=day.year, m=day.month, d=day.day)
    keeps_day = form in ("serial", "cell") or "{d}" in form
    expected = day if keeps_day else day.replace(day=1)
    parsed = date_column(pd.Series([written], dtype=object))
    assert parsed.values[0].date() == expected
    assert parsed.status[0] == "ok"


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30))
def test_full_width_text_folds_to_its_half_width_form(text: str) -> None:
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in text)
    assert fold(full_width) == fold(text)


@given(st.text(alphabet="张王李赵刘陈·・ 　阿依古丽買提", min_size=1, max_size=12))
def test_normalizing_a_name_twice_changes_nothing(text: str) -> None:
    once = name_column(pd.Series([text]))
    assert name_column(once).equals(once)
