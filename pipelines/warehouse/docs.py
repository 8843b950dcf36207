"""Generate docs/warehouse.md from the code's own definitions: `python -m pipelines.warehouse.docs [PATH]`.

Tables and their column comments come from `tables.py`, the source fields' descriptions from
the pandera schemas, the views and their column docs from `marts.py` and `report_views.py` (their SQL from
`sql/<view>.sql`). A test fails when the committed file differs from what this renders.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Column, Table

from pipelines.generated import write_generated
from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import report_views
from pipelines.warehouse.catalog import VIEWS
from pipelines.warehouse.fields import FACT_TABLES, RECORD_TABLES, kind_description, record_columns
from pipelines.warehouse.marts import View
from pipelines.warehouse.tables import metadata, restricted_metadata
from schemas import KINDS, SCHEMAS

DEFAULT_PATH = Path("docs/warehouse.md")

# (question, SQL that works unchanged on SQLite and PostgreSQL)
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "种子 003 的空白：“全区共配备优秀导师__名，建立‘帮带对子’__对，覆盖__名优秀年轻干部”",
        "SELECT district, mentors, pairs, young_mentees\n"
        "FROM mart_mentoring_summary\n"
        "WHERE level = 'district' AND programme = '导师引航'\n"
        "ORDER BY district;",
    ),
    (
        "同一句话，按乡镇 / the same per township",
        "SELECT district, township, mentors, pairs, young_mentees\n"
        "FROM mart_mentoring_summary\n"
        "WHERE level = 'township' AND programme = '导师引航'\n"
        "ORDER BY district, township;",
    ),
    (
        "选调生安置情况 / selected graduates per district",
        "SELECT district, total, in_street_offices, at_section_level, party_members,\n"
        "       joined_before_work, joined_after_work, applied, neither, transferred_within_year\n"
        "FROM mart_graduate_placement\n"
        "ORDER BY district;",
    ),
    (
        "安置一年内被调动的选调生 / graduates transferred within a year of placement",
        "SELECT district, township, name, id_masked, work_start_date, unit\n"
        "FROM mart_graduate_placement_detail\n"
        "WHERE transferred_within_year = 1;",
    ),
    (
        "本季度应在干部大会上经验交流或检讨发言的导师 / alerts",
        "SELECT township, mentor_name, mentee_name, previous_quarter, last_quarter, alert\n"
        "FROM mart_evaluation_alerts\n"
        "ORDER BY alert, township, mentor_name;",
    ),
    (
        "哪些乡镇超过 30 天未报送花名册 / rosters older than 30 days",
        "SELECT township_key, last_file, last_received_at, days_since_last\n"
        "FROM mart_submission_status\n"
        "WHERE kind = 'cadres' AND (days_since_last IS NULL OR days_since_last > 30);",
    ),
    (
        "一个数字追溯到文件、工作表和行 / trace a row back to its file",
        "SELECT f.township, f.mentor_key, f.mentee_key, m.relative_path, f.sheet, f.source_row, m.received_at\n"
        "FROM fact_pairing f JOIN rec_pairing r ON r.record_id = f.record_id\n"
        "JOIN etl_manifest m ON m.manifest_id = r.manifest_id\n"
        "WHERE f.programme = '导师引航';",
    ),
)

_RELATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("etl_manifest", "||--o{", "etl_rejected_row", "manifest_id"),
    *(("etl_manifest", "||--o{", name, "manifest_id") for name in RECORD_TABLES.values()),
    *((RECORD_TABLES[kind], "||--o|", name, "record_id") for kind, name in FACT_TABLES.items()),
    ("rec_cadre", "||--o{", "dim_cadre", "record_id"),
    ("dim_township", "||--o{", "dim_cadre", "township_key"),
    ("dim_township", "||--o{", "etl_manifest", "township_key"),
    ("dim_cadre", "}o--o{", "fact_pairing", "mentor_key / mentee_key = cadre_key"),
    ("dim_cadre", "}o--o{", "fact_evaluation", "mentor_key / mentee_key = cadre_key"),
    ("dim_cadre", "}o--o{", "fact_training", "attendee_key = cadre_key"),
    ("dim_cadre", "}o--o{", "etl_conflict", "cadre_key"),
    ("cadre_identity", "||--o{", "dim_cadre", "cadre_key (restricted store)"),
)


def _type(column: Column) -> str:
    return str(column.type).split("(")[0].lower()


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _er_entity(table: Table) -> list[str]:
    lines = [f"    {table.name} {{"]
    for column in table.columns:
        marker = " PK" if column.primary_key else " FK" if column.foreign_keys else ""
        if column.primary_key or column.foreign_keys or column.name.endswith("key"):
            lines.append(f"        {_type(column)} {column.name}{marker}")
    lines.append("    }")
    return lines


def _er_diagram() -> list[str]:
    tables = [*metadata.sorted_tables, *restricted_metadata.sorted_tables]
    shown = {name for relation in _RELATIONS for name in (relation[0], relation[2])}
    lines = ["```mermaid", "erDiagram"]
    for table in sorted((t for t in tables if t.name in shown), key=lambda t: t.name):
        lines.extend(_er_entity(table))
    lines.extend(f'    {a} {shape} {b} : "{label}"' for a, shape, b, label in _RELATIONS)
    lines.append("```")
    return lines


def _table_section(table: Table, store: str) -> list[str]:
    lines = [f"### `{table.name}` ({store})", "", table.comment or "", ""]
    lines += ["| column | type | null | description |", "|---|---|---|---|"]
    for column in table.columns:
        key = " (PK)" if column.primary_key else ""
        null = "yes" if column.nullable else "no"
        lines.append(f"| `{column.name}`{key} | {_type(column)} | {null} | {_cell(column.comment)} |")
    return [*lines, ""]


def _schema_section(kind: str) -> list[str]:
    lines = [f"### {kind}: {kind_description(kind)}", ""]
    lines += ["| source field | warehouse column | description |", "|---|---|---|"]
    columns: dict[str, list[str]] = {}
    for spec in record_columns(kind):
        columns.setdefault(spec.field, []).append(f"`{spec.column}`")
    for name, column in SCHEMAS[kind].to_schema().columns.items():
        lines.append(f"| `{name}` | {', '.join(columns[name])} | {_cell(column.description)} |")
    return [*lines, ""]


def _sql_path(view: View) -> str:
    return f"pipelines/warehouse/sql/{view.name}.sql"


def _view_section(view: View) -> list[str]:
    lines = [f"### `{view.name}`", "", view.description, "", f"SQL: [`{_sql_path(view)}`](../{_sql_path(view)})", ""]
    lines += ["| column | description |", "|---|---|"]
    lines += [f"| `{column}` | {_cell(text)} |" for column, text in view.columns]
    return [*lines, ""]


_DEFAULTS = IngestSettings()
INTRO = f"""\
# The cadre warehouse / 干部信息仓库

Generated by `python -m pipelines.warehouse.docs` from the code (`pipelines/warehouse/tables.py`,
`marts.py`, `report_views.py`, the views' SQL in `sql/` and the pandera schemas in `schemas/`). Do not edit by hand:
a test compares it with the code.

## Connecting

- **SQLite** (default, `var/warehouse.db`, WAL mode, so you can read while a load runs):
  `sqlite3 var/warehouse.db "SELECT * FROM mart_mentoring_summary WHERE level = 'district'"`
- **PostgreSQL** (`CADRE_ETL_WAREHOUSE_URL=postgresql+psycopg://…`): tables and views live in the
  configured schema (default `public`): `psql -d <db> -c "SET search_path TO <schema>; SELECT …"`
- **pandas**: `pd.read_sql("SELECT * FROM mart_graduate_placement", "sqlite:///var/warehouse.db")`

Query the `mart_*` views first; they answer the seed questions. `dim_cadre_current` has one row
per person in a current roster, `dim_cadre` their history. A person on several townships' current
rosters is one row there and an open `etl_conflict` row (`attribute = 'township'`) for each other township.

## Layers and rules

- **Folder is the truth.** `etl_manifest` has one row per file version and record kind; `is_current`
  marks a township's current files. A corrected file replaces its earlier version; a removed file's
  rows leave the current state and stay in `rec_*` as history. Each township's kind is replaced in
  one transaction; an unchanged folder writes nothing.
- **Trail.** Every record, fact, version and problem row carries `file_sha256`, `sheet` and
  `source_row` (the Excel row). Raw files are kept by content under `var/archive/<2 hex>/<sha256>`.
- **Identity.** `cadre_key` is HMAC-SHA256 of the normalized ID number, keyed by `CADRE_ETL_PII_KEY`.
  Analyst tables show only masked numbers (`500156********002X`); raw numbers live only in the
  restricted store (`<name>_restricted.db` beside the SQLite file, or the `restricted` /
  `<schema>_restricted` schema on PostgreSQL).
- **History.** `dim_cadre` is SCD type 2 over township, unit, post, rank, political status, education
  and category; other attributes are corrected in place. Timestamps are UTC.
- **Reporting date.** The report's views (`mart_young_cadres`, `mart_training_person`,
  `mart_evaluation_alert_history`, `mart_evaluation_results`, `mart_submission_register`) count
  to the one date in `ref_reporting_period`, never to the clock. The pipeline sets it from
  `CADRE_ETL_AS_OF` (or, unset, to the run's date, and `as_of_source` says so);
  `cadre-etl report --as-of DATE` sets it too. `period` (month or quarter,
  `CADRE_ETL_REPORTING_PERIOD`) decides the reporting period. `ref_expected_township` is loaded from
  each district's `sources/<district>/_townships.yaml`.
- **Settings.** A young cadre (年轻干部) is under `young_age` years of age or started work within
  `young_recent_years` years: the setting the ingest rules check pairings with (`IngestSettings`; by
  default {_DEFAULTS.young_age} and {_DEFAULTS.young_recent_years}). Every upgrade writes it into `ref_setting` (one row), which
  `mart_mentoring_summary` and `mart_young_cadres` join: the views' SQL holds no such number, and a
  changed setting changes the marts at the next upgrade without recreating the views.
- **Rejections.** `etl_rejected_row` holds every problem (`severity` error rejects the row, warning
  only notes it), file-level errors (`source_row` empty) and facts whose cadre is in no roster
  (`stage = 'load'`). Per manifest row: `rows_read = rows_loaded + rows_rejected + rows_skipped`.
"""


def render() -> str:
    lines = [INTRO, "## Diagram", "", *_er_diagram(), "", "## Example queries", ""]
    for question, sql in (*EXAMPLES, *report_views.EXAMPLES):
        lines += [f"**{question}**", "", "```sql", sql, "```", ""]
    lines += ["## Views", ""]
    for view in VIEWS:
        lines += _view_section(view)
    lines += ["## Tables", ""]
    for table in metadata.sorted_tables:
        lines += _table_section(table, "analyst store")
    for table in restricted_metadata.sorted_tables:
        lines += _table_section(table, "restricted store")
    lines += ["## Source fields (data dictionary)", "", "How each schema field lands in the `rec_*` tables.", ""]
    for kind in KINDS:
        lines += _schema_section(kind)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    return write_generated(render, DEFAULT_PATH, argv)


if __name__ == "__main__":
    sys.exit(main())
