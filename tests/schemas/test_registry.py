"""The field registry is the one declaration: schemas, header spellings, vocabularies and tables agree."""

from __future__ import annotations

import pytest

from pipelines.ingest.layout import header_key
from pipelines.warehouse.fields import record_columns
from pipelines.warehouse.history import CORRECTED, TRACKED
from pipelines.warehouse.tables import REC, dim_cadre
from schemas import KINDS, SCHEMAS
from schemas.registry import fields, required_groups
from schemas.vocab import headers, raw_vocabularies, vocabulary


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_header_spellings_and_no_spelling_names_two_fields(kind: str) -> None:
    specs = fields(kind)
    assert [spec.name for spec in specs] == list(SCHEMAS[kind].to_schema().columns)
    owners: dict[str, str] = {}
    for spec in specs:
        for label in spec.labels:
            assert owners.setdefault(header_key(label), spec.name) == spec.name, (label, owners[header_key(label)])
    for combined in headers()[kind].combined:
        assert set(combined.into) <= {spec.name for spec in specs}
        assert not {header_key(label) for label in combined.labels} & set(owners)


@pytest.mark.parametrize("kind", KINDS)
def test_a_controlled_fields_schema_check_allows_exactly_its_vocabulary(kind: str) -> None:
    columns = SCHEMAS[kind].to_schema().columns
    for spec in fields(kind):
        isin = [c.statistics["allowed_values"] for c in columns[spec.name].checks if c.name == "isin"]
        if spec.vocabulary is None:
            assert not isin, spec.name
        else:
            assert spec.vocabulary in raw_vocabularies()
            assert isin == [vocabulary(spec.vocabulary).values], spec.name


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_core_columns_and_every_field_a_warehouse_column(kind: str) -> None:
    assert required_groups(kind)
    warehouse = {column.field for column in record_columns(kind)}
    assert warehouse == {spec.name for spec in fields(kind)}
    for column in record_columns(kind):
        table_column = REC[kind].c[column.column]
        assert table_column.nullable == fields(kind)[[s.name for s in fields(kind)].index(column.field)].nullable


def test_dim_cadre_versions_every_roster_field_by_its_declared_history() -> None:
    for spec in fields("cadres"):
        if spec.type == "id":
            assert {"cadre_key", "id_masked"} <= set(dim_cadre.c.keys())
            continue
        assert spec.name in dim_cadre.c, spec.name
        assert (spec.name in TRACKED) == (spec.history == "tracked"), spec.name
        assert (spec.name in CORRECTED) == (spec.history == "corrected"), spec.name
        assert dim_cadre.c[spec.name].nullable == spec.nullable, spec.name


def test_only_the_roster_reads_fields_from_the_id_number() -> None:
    derived = {(spec.kind, spec.name) for kind in KINDS for spec in fields(kind) if spec.from_id}
    assert derived == {("cadres", "gender"), ("cadres", "birth_date")}
