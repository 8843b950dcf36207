"""ID numbers by GB 11643-1999: what is an error, and why a region code younger than its holder is not one."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric

from pipelines.ingest.check import check_file
from pipelines.ingest.normalize import check_ids, region_codes
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import CADRE_HEADER, TODAY, cadre_row, make_id, outcome, write_xlsx


def _stdnum_codes() -> list[str]:
    """Every 6-digit code of python-stdnum's GB/T 2260 table, read independently of the code under test."""
    codes = []
    for _, low, _, _, counties in numdb.get("cn/loc").prefixes:
        codes += [low + county_low for _, county_low, _, _, _ in counties]
    return codes


ALL_CODES = _stdnum_codes()


@pytest.mark.parametrize(
    ("number", "status"),
    [
        (make_id("500156", "19650301", 11), "ok"),  # 武隆区 since 2016, holder born 1965
        (make_id("512326", "19650301", 11), "ok"),  # 武隆县 of 四川省, abolished 1997
        (make_id("500232", "20010301", 11), "ok"),  # 重庆市武隆县 (1997–2016) on someone born after it ended
        (make_id("140302", "19600101", 12), "ok"),  # 阳泉市城区, created 1983
        (make_id("412723", "19700101", 13), "ok"),  # 商水县, a code abolished in 2000 that people still carry
        (make_id("830000", "19850301", 11), "ok"),  # 台湾居民的港澳台居民居住证 (2018), not in GB/T 2260
        (make_id("810000", "19850301", 11), "ok"),  # 香港居民
        (make_id("710000", "19850301", 11), "ok"),  # 台湾省 in GB/T 2260
        (make_id("999999", "19850301", 11), "region"),
        (make_id("500199", "19850301", 11), "region"),
        (make_id("110105", "18991231", 11), "birth_early"),
        (make_id("110105", "20240101", 11), "birth_future"),  # the day after TODAY
        (make_id("110105", "20231231", 11), "ok"),  # born TODAY
        (make_id("110105", "19850230", 11), "birth_date"),
        (make_id("110105", "19851301", 11), "birth_date"),
        (make_id("110105", "20000229", 11), "ok"),
        (make_id("110105", "19000229", 11), "birth_date"),  # 1900 is not a leap year
    ],
)
def test_an_id_number_is_judged_by_gb_11643_not_by_its_region_codes_creation_year(number: str, status: str) -> None:
    assert check_ids(pd.Series([number]), TODAY).status[0] == status


def test_a_bad_check_character_is_still_an_error() -> None:
    good = make_id("500156", "19650301", 11)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert check_ids(pd.Series([wrong]), TODAY).status[0] == "checksum"


def test_a_15_digit_number_with_an_old_region_code_is_upgraded_and_accepted() -> None:
    full = make_id("512326", "19650301", 11)
    checked = check_ids(pd.Series([full[:6] + full[8:17]]), TODAY)
    assert (checked.values[0], checked.status[0], checked.birth_dates[0]) == (
        full,
        "upgraded",
        pd.Timestamp("1965-03-01"),
    )


def test_the_region_table_holds_every_edition_and_nothing_else() -> None:
    table = region_codes()
    assert len(table) == len(set(ALL_CODES) | {"830000"})
    assert {"512326", "500232", "500156", "140302", "110000"} <= {f"{code:06d}" for code in table}
    assert 999999 not in table


@given(
    code=st.sampled_from(ALL_CODES),
    age_days=st.integers(18 * 366, 65 * 365),
    sequence=st.integers(0, 999),
)
def test_any_valid_number_of_a_person_aged_18_to_65_with_a_real_region_code_is_accepted(
    code: str, age_days: int, sequence: int
) -> None:
    birth = TODAY - datetime.timedelta(days=age_days)
    body = f"{code}{birth:%Y%m%d}{sequence:03d}"
    number = body + ric.calc_check_digit(body + "0")
    checked = check_ids(pd.Series([number]), TODAY)
    assert checked.status[0] == "ok"
    assert checked.birth_dates[0] == pd.Timestamp(birth)
    assert checked.genders[0] == ("男" if sequence % 2 else "女")


UNKNOWN_CODES = st.integers(0, 999_999).filter(lambda c: f"{c:06d}" not in {*ALL_CODES, "830000"})


@given(code=UNKNOWN_CODES, sequence=st.integers(0, 999))
def test_a_region_code_in_no_edition_is_rejected_whatever_the_birth_date(code: int, sequence: int) -> None:
    body = f"{code:06d}19800101{sequence:03d}"
    assert check_ids(pd.Series([body + ric.calc_check_digit(body + "0")]), TODAY).status[0] == "region"


def test_a_roster_of_older_cadres_carrying_todays_county_code_loads_whole(
    tmp_path: Path, settings: IngestSettings
) -> None:
    rows = [CADRE_HEADER]
    for index, year in enumerate((1960, 1965, 1970, 1975, 1980)):
        row = cadre_row(0)
        row[0] = "张建国李秀英王小明赵丽陈静"[index * 2 : index * 2 + 2] + "同"
        row[3] = f"{year}.03"
        row[4] = make_id("500156", f"{year}0312", 11 + 2 * index)
        row[6], row[8] = f"{year + 25}.06", f"{year + 22}.07"
        rows.append(row)
    sheet = check_file(write_xlsx(tmp_path / "花名册.xlsx", {"花名册": rows}), settings=settings).sheets[0]
    assert outcome(sheet) == ([2, 3, 4, 5, 6], {}, {})


def test_a_birth_date_in_the_future_is_rejected_in_the_id_number_and_in_the_birth_month_column(
    tmp_path: Path, settings: IngestSettings
) -> None:
    future_id = cadre_row(0)
    future_id[3] = "2024.05"
    future_id[4] = make_id("500156", "20240512", 11)
    future_month = cadre_row(1)
    future_month[3] = "2030.01"
    future_month[4] = ""  # no ID to compare with: the column alone must be judged
    old = cadre_row(2)
    old[3] = "1899.12"
    old[4] = make_id("110105", "18991201", 33)
    path = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, future_id, future_month, old]})
    _, errors, _ = outcome(check_file(path, settings=settings).sheets[0])
    assert "id_number.birth_in_future" in errors[2]
    assert "cadres.birth_in_future" in errors[3]
    assert "id_number.birth_before_1900" in errors[4]


def test_an_unknown_region_code_says_that_no_edition_holds_it(tmp_path: Path, settings: IngestSettings) -> None:
    row = cadre_row(0)
    row[4] = make_id("999999", "19700312", 11)
    sheet = check_file(write_xlsx(tmp_path / "花名册.xlsx", {"花名册": [CADRE_HEADER, row]}), settings=settings).sheets[
        0
    ]
    (problem,) = [p for p in sheet.problems if p.rule == "id_number.region"]
    assert "GB/T 2260" in problem.message_zh and "都不存在" in problem.message_zh
