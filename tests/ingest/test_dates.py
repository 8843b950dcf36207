"""Dates: a number is an Excel serial only where that gives a plausible date; no 1900 date loads silently."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from pipelines.ingest.check import check_files
from pipelines.ingest.normalize import BIRTH_DATES, CAREER_DATES, EVENT_DATES, DateRange, parse_date_value
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import CADRE_HEADER, TODAY, TRAINING_HEADER, cadre_row, outcome, person_id, warnings_of

D = datetime.date


@pytest.mark.parametrize(
    ("written", "dates", "expected", "status"),
    [
        (31107, EVENT_DATES, D(1985, 3, 1), "ok"),  # a serial of 1985
        (17899, EVENT_DATES, D(1949, 1, 1), "ok"),  # the first day an event column accepts
        (17898, EVENT_DATES, None, "early"),
        (7306, BIRTH_DATES, D(1920, 1, 1), "ok"),
        (7305, BIRTH_DATES, None, "early"),
        (85.03, BIRTH_DATES, D(1985, 3, 1), "century_assumed"),
        (85.03, CAREER_DATES, D(1985, 3, 1), "century_assumed"),
        (85.03, EVENT_DATES, None, "two_digit_year"),  # a training dated 85.03: 1985, or a typo?
        (5.03, BIRTH_DATES, None, "early"),  # one digit: not a year
        (3.15, EVENT_DATES, None, "early"),  # neither a year.month nor a plausible serial
        (3.15, BIRTH_DATES, None, "early"),
        (85, BIRTH_DATES, None, "early"),
        (85.13, BIRTH_DATES, None, "early"),
        (85.1, BIRTH_DATES, D(1985, 1, 1), "ambiguous"),  # January or October, as for 1985.1
        (15.06, BIRTH_DATES, D(2015, 6, 1), "century_assumed"),  # 1915 is before 1920
        (20.06, BIRTH_DATES, None, "two_digit_year"),  # 1920 and 2020 both possible
        (30.06, CAREER_DATES, None, "two_digit_year"),  # 1930 is before 1949, 2030 after today
        (1985.03, EVENT_DATES, D(1985, 3, 1), "ok"),
        ("85.03", BIRTH_DATES, D(1985, 3, 1), "century_assumed"),
        ("85年3月", CAREER_DATES, D(1985, 3, 1), "century_assumed"),
        ("23.05", EVENT_DATES, None, "two_digit_year"),
        ("3.15", EVENT_DATES, None, "invalid"),
        ("1910.05", BIRTH_DATES, None, "early"),
        ("1948-12-31", CAREER_DATES, None, "early"),
        ("1949-01", CAREER_DATES, D(1949, 1, 1), "ok"),
        (datetime.datetime(1900, 3, 25, 0, 43, 12), BIRTH_DATES, D(1985, 3, 1), "century_assumed"),  # 85.03
        (datetime.datetime(1900, 3, 25, 0, 43, 12), EVENT_DATES, None, "two_digit_year"),
        (datetime.datetime(1900, 1, 2, 3, 36), EVENT_DATES, None, "early"),  # 3.15 in a date-formatted cell
        (D(1900, 1, 1), EVENT_DATES, None, "early"),
        (D(1915, 5, 1), BIRTH_DATES, None, "early"),
        (D(1985, 3, 1), BIRTH_DATES, D(1985, 3, 1), "ok"),
    ],
)
def test_a_date_cell_is_read_within_the_columns_plausible_range(
    written: object, dates: DateRange, expected: datetime.date | None, status: str
) -> None:
    assert parse_date_value(written, dates, TODAY) == (expected, status)


@given(
    number=st.floats(min_value=-10, max_value=90_000, allow_nan=False),
    dates=st.sampled_from([BIRTH_DATES, CAREER_DATES, EVENT_DATES]),
)
def test_no_number_in_a_date_column_ever_reads_as_a_date_before_the_columns_earliest_year(
    number: float, dates: DateRange
) -> None:
    parsed, status = parse_date_value(number, dates, TODAY)
    assert (parsed is None) == (status not in ("ok", "ambiguous", "century_assumed"))
    if parsed is not None:
        assert dates.earliest_year <= parsed.year <= 2100


def _write(path: Path, header: list[str], rows: list[list[object]], date_formatted: set[tuple[int, int]]) -> Path:
    """A workbook whose number cells at `date_formatted` (row, column) carry a date format, as Excel makes them."""
    workbook = xlsxwriter.Workbook(str(path))
    as_date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet = workbook.add_worksheet("Sheet1")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value, as_date if (r, c) in date_formatted else None)
    workbook.close()
    return path


def test_training_dates_typed_as_85_03_or_3_15_are_rejected_never_loaded_as_1900(
    tmp_path: Path, settings: IngestSettings
) -> None:
    roster = _write(tmp_path / "花名册.xlsx", CADRE_HEADER, [cadre_row(0)], set())
    good = ["2023.05.10", "干部夜校", "乡村振兴", "李秀英", "张建国", person_id(0), 2, "出勤"]
    rows = [good] + [[value, *good[1:]] for value in (85.03, 3.15, 85.03, 3.15, 45056)]
    trainings = _write(tmp_path / "培训记录.xlsx", TRAINING_HEADER, rows, {(4, 0), (5, 0), (6, 0)})
    _, result = check_files([roster, trainings], settings=settings)
    sheet = result.sheets[0]
    accepted, errors, _ = outcome(sheet)
    assert accepted == [2, 7]  # 45056 in a date-formatted cell is 2023-05-10
    assert errors == {
        3: ["date.two_digit_year"],
        4: ["date.too_early"],
        5: ["date.two_digit_year"],
        6: ["date.too_early"],
    }
    assert sheet.accepted["training_date"].dt.year.tolist() == [2023, 2023]
    message = next(p.message_zh for p in sheet.problems if p.rule == "date.too_early")
    assert "1900 年" in message and "1949" in message


def test_a_birth_month_typed_as_70_03_is_read_as_1970_03_with_a_warning(
    tmp_path: Path, settings: IngestSettings
) -> None:
    row = cadre_row(0)  # born 1970-03-12
    row[3] = 70.03
    roster = _write(tmp_path / "花名册.xlsx", CADRE_HEADER, [row], set())
    (result,) = check_files([roster], settings=settings)
    sheet = result.sheets[0]
    assert outcome(sheet) == ([2], {}, {})
    assert sheet.accepted.iloc[0]["birth_date"] == datetime.datetime(1970, 3, 1)
    assert warnings_of(sheet) == [(2, "date.century_assumed")]
    assert "1970 年 3 月" in sheet.problems[0].message_zh
