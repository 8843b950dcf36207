"""date_column's shortcuts (date cells converted at once, 1985.03 / 1985年3月 read directly) read as parse_date_value."""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.ingest.normalize import (
    BIRTH_DATES,
    CAREER_DATES,
    EVENT_DATES,
    DateRange,
    _plain_month,
    date_column,
    parse_date_value,
)
from tests.ingest.helpers import TODAY

RANGES = [BIRTH_DATES, CAREER_DATES, EVENT_DATES]

_MONTH_TEXTS = st.from_regex(r"\A[0-9]{4}(\.[0-9]{1,3}|年[0-9]{1,3}月?|-[0-9]{2})\Z", fullmatch=True)


@pytest.mark.parametrize("dates", RANGES, ids=["birth", "career", "event"])
@given(text=st.one_of(_MONTH_TEXTS, st.text(max_size=10)))
def test_a_year_and_month_read_directly_is_what_the_general_parse_reads(dates: DateRange, text: str) -> None:
    direct = _plain_month(text, dates.earliest_year)
    if direct is not None:
        assert direct == parse_date_value(text, dates, TODAY)


_EDGES = ["1919.12", "1920.01", "1920年1月", "1948年12月", "1949.01", "1949年01月", "1899.05", "1985.13", "2101年1月"]


@pytest.mark.parametrize("dates", RANGES, ids=["birth", "career", "event"])
@pytest.mark.parametrize("text", ["1985.03", "1985年3月", "1985年12月", *_EDGES])
def test_the_usual_year_and_month_forms_are_read_directly(dates: DateRange, text: str) -> None:
    assert _plain_month(text, dates.earliest_year) is not None
    assert _plain_month(text, dates.earliest_year) == parse_date_value(text, dates, TODAY)


_EDGE_CELLS = [
    datetime.date(1919, 12, 31),
    datetime.date(1920, 1, 1),
    datetime.date(1948, 12, 31),
    datetime.date(1949, 1, 1),
    datetime.datetime(1949, 1, 1),
    datetime.datetime(1948, 12, 31, 23, 59),
    *_EDGES,
]

_CELLS = st.one_of(
    st.sampled_from(_EDGE_CELLS),
    st.dates(min_value=datetime.date(1850, 1, 1), max_value=datetime.date(2150, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1850, 1, 1), max_value=datetime.datetime(2150, 12, 31)),
    _MONTH_TEXTS,
    st.sampled_from(["", " ", "85.03", "1985.1", "1985", "不详", None]),
    st.floats(min_value=0, max_value=100_000, allow_nan=False),
)


@pytest.mark.parametrize("dates", RANGES, ids=["birth", "career", "event"])
@given(cells=st.lists(_CELLS, max_size=12))
def test_a_date_column_reads_each_cell_as_parse_date_value_does(dates: DateRange, cells: list[Any]) -> None:
    parsed = date_column(pd.Series(cells, dtype=object), dates, TODAY)
    for cell, value, status in zip(cells, parsed.values, parsed.status, strict=True):
        expected_value, expected_status = parse_date_value(cell, dates, TODAY)
        expected = pd.NaT if expected_value is None else pd.Timestamp(expected_value)
        assert status == expected_status
        assert (value is pd.NaT and expected is pd.NaT) or value == expected
