"""On a frame from normalize_table, the schema as checked (what normalizing guarantees left out) finds what the full one does."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.ingest.normalize import normalize_table
from pipelines.ingest.rules import error_cells, schema_findings
from tests.ingest.helpers import CADRE_HEADER, TODAY, cadre_row, person_id

_FIELDS = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "political_status",
    "party_join_date",
    "education",
    "work_start_date",
    "unit",
    "post",
    "rank",
    "category",
]
assert len(_FIELDS) == len(CADRE_HEADER)

_IDS = st.one_of(
    st.sampled_from([person_id(i) for i in range(6)]),
    st.sampled_from(["", " ", "123", person_id(0)[:15], person_id(1)[:17], person_id(2) + "1", person_id(3).lower()]),
    st.sampled_from([float(person_id(4)[:15]), 12345.0, person_id(5)[:6] + "-" + person_id(5)[6:]]),
    st.text(alphabet="0123456789X -", max_size=20),
)


def _as_tuples(findings: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.rule, f.field, list(f.rows), f.scalars) for f in findings]


@given(ids=st.lists(_IDS, min_size=1, max_size=8), blank_names=st.lists(st.booleans(), min_size=8, max_size=8))
def test_id_numbers_of_any_length_give_the_same_schema_findings_as_the_full_schema(
    ids: list[Any], blank_names: list[bool]
) -> None:
    rows = []
    for i, number in enumerate(ids):
        row = cadre_row(i % 6)
        row[4] = number
        if blank_names[i]:
            row[0] = ""
        rows.append(row)
    data = pd.DataFrame(rows, columns=_FIELDS, index=pd.RangeIndex(2, 2 + len(rows), name="source_row"), dtype=object)
    normalized = normalize_table("cadres", data, today=TODAY)
    bad = error_cells(normalized.findings)
    checked = schema_findings("cadres", normalized.frame, bad, normalized=True)
    assert _as_tuples(checked) == _as_tuples(schema_findings("cadres", normalized.frame, bad))


@pytest.mark.parametrize("number", [person_id(0)[:17], "1234", person_id(0) + "0", 1.5e17])
def test_an_id_number_of_the_wrong_length_is_reported_while_normalizing_so_the_schema_need_not(number: Any) -> None:
    row = cadre_row(0)
    row[4] = number
    data = pd.DataFrame([row], columns=_FIELDS, index=pd.RangeIndex(2, 3, name="source_row"), dtype=object)
    normalized = normalize_table("cadres", data, today=TODAY)
    assert (2, "id_number") in error_cells(normalized.findings)
    assert schema_findings("cadres", normalized.frame, error_cells(normalized.findings), normalized=True) == []
