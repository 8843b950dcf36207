"""Accepted rows → record rows: each column's values converted once per distinct value, missing ones as None."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import pytest

from pipelines.ingest.files import discover
from pipelines.ingest.model import SheetResult
from pipelines.ingest.settings import IngestSettings
from pipelines.ingest.workers import check_townships
from pipelines.warehouse.records import SheetRows, convert_results, prepared_rows, sheet_rows
from schemas import KINDS
from tests.warehouse.builders import accepted_frame, make_id, training

PII_KEY = b"records-test-key"
SOURCES = Path(__file__).resolve().parents[2] / "sources"


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        (
            "training_date",
            [dt.date(2023, 3, 1), None, dt.date(2023, 3, 1)],
            [dt.date(2023, 3, 1), None, dt.date(2023, 3, 1)],
        ),
        ("hours", [2.0, None, 1.5], [2.0, None, 1.5]),
        ("topic", ["公文写作", None, "党史"], ["公文写作", None, "党史"]),
        ("attendance", [None, None, None], [None, None, None]),
    ],
)
def test_each_column_keeps_its_values_and_turns_missing_ones_into_none(
    column: str, values: list[object], expected: list[object]
) -> None:
    person = ("张三", make_id(dt.date(1990, 1, 1), 11))
    frame = accepted_frame("trainings", [training(dt.date(2023, 3, 1), person, **{column: v}) for v in values])
    converted = sheet_rows("trainings", frame, PII_KEY)
    assert converted.columns[column] == expected
    assert all(type(got) is type(want) for got, want in zip(converted.columns[column], expected, strict=True))
    assert converted.source_rows == [3, 4, 5]


def test_an_id_number_becomes_one_key_and_one_masked_form_per_person_and_never_the_raw_number() -> None:
    first, second = make_id(dt.date(1990, 1, 1), 11), make_id(dt.date(1985, 6, 2), 12)
    rows = [
        training(dt.date(2023, 3, day), (name, number))
        for day, (name, number) in enumerate([("张三", first), ("李四", second), ("张三", first)], start=1)
    ]
    converted = sheet_rows("trainings", accepted_frame("trainings", rows), PII_KEY)
    keys = converted.columns["attendee_key"]
    assert keys[0] == keys[2] != keys[1] and set(converted.identities) == set(keys)
    assert sorted(converted.identities.values()) == sorted([first, second])
    assert not any(first in str(value) for values in converted.columns.values() for value in values)
    assert converted.columns["attendee_id_masked"][0] == first[:6] + "********" + first[-4:]


def test_an_empty_sheet_gives_no_rows() -> None:
    converted = sheet_rows("trainings", accepted_frame("trainings", []), PII_KEY)
    assert len(converted) == 0 and converted.source_rows == [] and converted.identities == {}
    assert all(values == [] for values in converted.columns.values())


def test_rows_converted_in_an_ingest_worker_are_the_rows_the_loader_would_convert_itself() -> None:
    (huolu,) = [t for t in discover(SOURCES) if t.key == "武隆区/火炉镇"]
    converter = partial(convert_results, pii_key=PII_KEY)
    ((_, results),) = check_townships([huolu], IngestSettings(), processes=1, feedback=False, convert=converter)
    sheets = [sheet for result in results for sheet in result.sheets if sheet.kind is not None]
    assert {sheet.kind for sheet in sheets} == set(KINDS)  # the demo township has every kind
    for sheet in sheets:
        assert isinstance(sheet.records, SheetRows) and len(sheet.records) == len(sheet.accepted) > 0
        assert sheet.records == sheet_rows(sheet.kind, sheet.accepted, PII_KEY)
        assert prepared_rows(sheet.kind, sheet, PII_KEY) is sheet.records


def test_a_sheet_no_worker_converted_or_converted_as_another_kind_is_converted_by_the_loader() -> None:
    frame = accepted_frame("trainings", [training(dt.date(2023, 3, 1), ("张三", make_id(dt.date(1990, 1, 1), 11)))])
    sheet = SheetResult(sheet="培训", kind="trainings", rows_read=1, accepted=frame, rejected=0, skipped=0)
    assert prepared_rows("trainings", sheet, PII_KEY) == sheet_rows("trainings", frame, PII_KEY)
    sheet.records = sheet_rows("trainings", frame, b"another-key")
    assert prepared_rows("trainings", sheet, PII_KEY) is sheet.records  # the worker's rows are taken as they are
    assert prepared_rows("pairings", sheet, PII_KEY).kind == "pairings"
