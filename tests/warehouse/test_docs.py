"""docs/warehouse.md is generated from the code, and its example queries run on both engines."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import false, literal_column, select, table, text

from pipelines.warehouse import Warehouse, docs
from pipelines.warehouse.catalog import VIEWS
from pipelines.warehouse.tables import metadata
from tests.warehouse import dataset

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_warehouse_docs_match_the_code() -> None:
    committed = (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    assert committed == docs.render(), "docs/warehouse.md is stale: run `python -m pipelines.warehouse.docs`"


def test_the_docs_describe_every_table_view_and_column() -> None:
    rendered = docs.render()
    for defined in metadata.sorted_tables:
        assert f"### `{defined.name}`" in rendered
        assert all(column.comment for column in defined.columns), defined.name
    for view in VIEWS:
        assert f"### `{view.name}`" in rendered
        assert all(description for _, description in view.columns), view.name


def test_every_view_documents_exactly_the_columns_it_returns(warehouse: Warehouse) -> None:
    with warehouse.engine.connect() as connection:
        for view in VIEWS:
            query = select(literal_column("*")).select_from(table(view.name)).where(false())
            returned = list(connection.execute(query).keys())
            assert returned == [name for name, _ in view.columns], view.name


def test_the_example_queries_run_and_answer(warehouse: Warehouse, sources: Path) -> None:
    dataset.build(sources, warehouse)
    with warehouse.engine.connect() as connection:
        answers = [connection.execute(text(sql)).all() for _, sql in docs.EXAMPLES]
    seed = {row.district: (row.mentors, row.pairs, row.young_mentees) for row in answers[0]}
    assert seed["武隆区"] == (3, 8, 6)
    assert all(answers[index] for index in (1, 2, 3, 4, 6))
