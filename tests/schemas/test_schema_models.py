"""The pandera models of the four kinds: good rows pass, and each bad value fails with its column and check."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
import pytest

from pipelines.ingest.rules import schema_findings
from schemas import KINDS, SCHEMAS
from schemas.registry import fields

ID_A = "51232619850301002X"  # synthetic: region 512326 (Wulong before 1997), checksum valid
ID_B = "512326197001150014"

GOOD: dict[str, dict[str, Any]] = {
    "cadres": {
        "name": "张建国",
        "gender": "男",
        "ethnicity": "土家族",
        "birth_date": pd.Timestamp("1985-03-01"),
        "id_number": ID_A,
        "political_status": "中共党员",
        "party_join_date": pd.Timestamp("2008-07-01"),
        "education": "大学本科",
        "work_start_date": pd.Timestamp("2007-08-01"),
        "unit": "火炉镇人民政府",
        "post": "组织干事",
        "rank": "一级科员",
        "category": "一般干部",
        "party_application_date": pd.NaT,
    },
    "pairings": {
        "programme": "导师引航",
        "mentor_name": "李秀英",
        "mentor_id_number": ID_B,
        "mentee_name": "张建国",
        "mentee_id_number": ID_A,
        "pairing_method": "双向选择",
        "start_date": pd.Timestamp("2023-02-01"),
        "end_date": pd.NaT,
        "batch": pd.NA,
    },
    "evaluations": {
        "year": 2023,
        "quarter": 2,
        "mentor_id_number": ID_B,
        "mentee_id_number": ID_A,
        "result": "优秀",
        "programme": None,
        "mentor_name": None,
        "mentee_name": None,
    },
    "trainings": {
        "training_date": pd.Timestamp("2023-03-01"),
        "training_type": "干部夜校",
        "topic": "电子表格",
        "trainer": "黎晓露",
        "attendee_name": "刘德华",
        "attendee_id_number": ID_B,
        "hours": 2.0,
        "attendance": "出勤",
    },
}
_DTYPES = {"batch": "Int64", "year": "Int64", "quarter": "Int64"}


def frame(kind: str, **changes: Any) -> pd.DataFrame:
    """One row of `kind`, typed as ingest hands it to the schema, with `changes` applied.

    An optional field this file does not list is NULL, as ingest leaves a column a sheet does not have.
    """
    row = {**{spec.name: None for spec in fields(kind) if spec.nullable}, **GOOD[kind], **changes}
    data = pd.DataFrame({column: [value] for column, value in row.items()})
    for column, dtype in _DTYPES.items():
        if column in data:
            data[column] = data[column].astype(dtype)
    for column in data.columns:
        if data[column].dtype == object:
            data[column] = data[column].astype("str")
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_a_good_row_of_each_kind_passes_its_schema(kind: str) -> None:
    validated = SCHEMAS[kind].validate(frame(kind), lazy=True)
    assert len(validated) == 1


BAD: list[tuple[str, dict[str, Any], str, str]] = [
    ("cadres", {"gender": "男性"}, "gender", "value.not_in_vocabulary"),
    ("cadres", {"ethnicity": "汉"}, "ethnicity", "value.not_in_vocabulary"),
    ("cadres", {"political_status": "党员"}, "political_status", "value.not_in_vocabulary"),
    ("cadres", {"education": "本科"}, "education", "value.not_in_vocabulary"),
    ("cadres", {"category": "科员"}, "category", "value.not_in_vocabulary"),
    ("cadres", {"id_number": "51232619850301002"}, "id_number", "value.out_of_range"),
    ("cadres", {"name": None}, "name", "value.required"),
    ("cadres", {"id_number": None}, "id_number", "value.required"),
    ("pairings", {"mentee_name": None}, "mentee_name", "value.required"),
    ("trainings", {"training_date": pd.NaT}, "training_date", "value.required"),
    ("pairings", {"programme": "传帮带"}, "programme", "value.not_in_vocabulary"),
    ("pairings", {"pairing_method": "抽签"}, "pairing_method", "value.not_in_vocabulary"),
    ("pairings", {"batch": 0}, "batch", "value.out_of_range"),
    ("evaluations", {"quarter": 5}, "quarter", "evaluations.quarter_range"),
    ("evaluations", {"year": 1999}, "year", "value.out_of_range"),
    ("evaluations", {"result": "良"}, "result", "value.not_in_vocabulary"),
    ("trainings", {"hours": 0.0}, "hours", "trainings.hours_range"),
    ("trainings", {"hours": 25.0}, "hours", "trainings.hours_range"),
    ("trainings", {"attendance": "迟到"}, "attendance", "value.not_in_vocabulary"),
    ("trainings", {"training_type": "座谈"}, "training_type", "value.not_in_vocabulary"),
]


@pytest.mark.parametrize(("kind", "changes", "column", "rule"), BAD)
def test_a_bad_value_fails_its_schema_in_its_column_with_the_rule_offices_see(
    kind: str, changes: dict[str, Any], column: str, rule: str
) -> None:
    bad = frame(kind, **changes)
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        SCHEMAS[kind].validate(bad, lazy=True)
    assert set(raised.value.failure_cases["column"]) == {column}
    findings = schema_findings(kind, bad, set())
    assert [(f.rule, f.field, list(f.rows)) for f in findings] == [(rule, column, [0])]


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_column_is_described_in_chinese_and_english_and_has_a_header(kind: str) -> None:
    columns = SCHEMAS[kind].to_schema().columns
    assert [spec.name for spec in fields(kind)] == list(columns)
    for name, column in columns.items():
        description = column.description or ""
        assert any("\u4e00" <= ch <= "\u9fff" for ch in description), name
        assert any(ch.isascii() and ch.isalpha() for ch in description), name
