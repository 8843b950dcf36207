"""`dagster/column_schema` of each table asset, from the same definitions the warehouse docs use.

Ingest assets take their columns from the pandera schemas' Field descriptions (through
`record_columns`), dim_cadre from its table's column comments, the marts from their views.
"""

from __future__ import annotations

import dagster as dg
from sqlalchemy import Table

from pipelines.warehouse.fields import record_columns
from pipelines.warehouse.marts import VIEWS
from pipelines.warehouse.report_views import VIEWS as REPORT_VIEWS

COLUMN_SCHEMA = "dagster/column_schema"
ROW_COUNT = "dagster/row_count"


def record_schema(kind: str) -> dg.TableSchema:
    """The loaded columns of one record kind, described as in the pandera schema."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=spec.column,
                type=spec.type,
                description=spec.comment,
                constraints=dg.TableColumnConstraints(nullable=spec.nullable),
            )
            for spec in record_columns(kind)
        ]
    )


def table_schema(table: Table) -> dg.TableSchema:
    """A warehouse table's columns with their comments."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=column.name,
                type=str(column.type).lower(),
                description=column.comment,
                constraints=dg.TableColumnConstraints(nullable=bool(column.nullable)),
            )
            for column in table.columns
        ]
    )


def view_schema(name: str) -> dg.TableSchema:
    """A mart or report view's columns, in SELECT order, with their descriptions."""
    view = next(v for v in (*VIEWS, *REPORT_VIEWS) if v.name == name)
    return dg.TableSchema(columns=[dg.TableColumn(name=c, description=d) for c, d in view.columns])
