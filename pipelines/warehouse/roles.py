"""Analyst roles on PostgreSQL: read access to the analyst schema only, optionally to some districts' rows.

`grant` gives an existing login role USAGE on the analyst schema and SELECT on its tables and views
(and on those created later by the schema's owner, since the views are recreated on upgrades), and
takes every privilege on the restricted schema away from it. Row-level security then limits it:
every table with a district (or a township key `<district>/<township>`) gets one policy per role,
`true` for a role with no districts, else the district list. The views are `security_invoker`, so
the same policies apply through them. The owner (the loader's role) is not subject to the policies.

Identifiers and literals are composed with psycopg.sql, never formatted into strings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from psycopg import sql
from sqlalchemy import Connection, text

from pipelines.warehouse.engines import Stores

_DISTRICT_COLUMNS = ("district", "township_key", "township_key_a", "township_key_b")


class RoleError(ValueError):
    """A grant that cannot be made: no such role, or not a PostgreSQL warehouse."""


def policy_name(role: str) -> str:
    """The policy of `role` on each table (PostgreSQL names are at most 63 bytes)."""
    name = f"cadre_read_{role}"
    return name if len(name.encode()) <= 63 else "cadre_read_" + hashlib.sha256(role.encode()).hexdigest()[:40]


def _execute(connection: Connection, statement: sql.Composable) -> None:
    with connection.connection.driver_connection.cursor() as cursor:
        cursor.execute(statement)


def _district_tables(connection: Connection, schema: str) -> dict[str, list[str]]:
    """Base tables of the schema with a district or township-key column → those columns."""
    rows = connection.execute(
        text(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = :schema AND t.table_type = 'BASE TABLE' AND c.column_name = ANY(:columns) "
            "ORDER BY c.table_name, c.column_name"
        ),
        {"schema": schema, "columns": list(_DISTRICT_COLUMNS)},
    )
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def _condition(columns: list[str], districts: Sequence[str]) -> sql.Composable:
    """Whether a row belongs to one of `districts`: by its district column, else by its township key(s)."""
    if not districts:
        return sql.SQL("true")
    allowed = sql.SQL("ANY({}::text[])").format(sql.Literal(list(districts)))
    if "district" in columns:
        return sql.SQL("{} = {}").format(sql.Identifier("district"), allowed)
    return sql.SQL(" OR ").join(
        sql.SQL("split_part({}, '/', 1) = {}").format(sql.Identifier(column), allowed) for column in columns
    )


def protect_new_tables(connection: Connection, schema: str) -> list[str]:
    """Once row-level security is in use in the schema, every table with a district gets it too; those newly given it.

    A table a later migration adds is readable by the granted roles (default privileges). One with a
    `district` column gets each role's policy as it stands on `etl_manifest` (the same districts), so an
    upgrade shows every analyst their own rows of it at once; one keyed by township alone has no policy
    yet, so with row-level security on, the limited roles see none of its rows until `db grant` runs again.
    """
    rows = connection.execute(
        text(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relkind = 'r'"
        ),
        {"schema": schema},
    ).all()
    secured = {name for name, on in rows if on}
    if not secured:
        return []
    district_tables = _district_tables(connection, schema)
    missing = [table for table in district_tables if table not in secured]
    policies = connection.execute(
        text(
            "SELECT policyname, roles, qual FROM pg_policies WHERE schemaname = :schema AND tablename = 'etl_manifest'"
        ),
        {"schema": schema},
    ).all()
    for table in missing:
        target = sql.Identifier(schema, table)
        _execute(connection, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(target))
        if district_tables[table] != ["district"]:
            continue
        for name, roles, condition in policies:  # the condition is PostgreSQL's own text of a grant's, on `district`
            _execute(
                connection,
                sql.SQL("CREATE POLICY {} ON {} FOR SELECT TO {} USING ({})").format(
                    sql.Identifier(name), target, sql.SQL(", ").join(map(sql.Identifier, roles)), sql.SQL(condition)
                ),
            )
    return missing


def grant(stores: Stores, role: str, districts: Sequence[str] = ()) -> list[str]:
    """Let `role` read the analyst schema (only `districts`' rows, when given); returns the tables limited by district."""
    if stores.dialect != "postgresql" or stores.analyst_schema is None or stores.restricted_schema is None:
        raise RoleError("数据库角色只适用于 PostgreSQL 仓库 / roles need a PostgreSQL warehouse")
    schema, restricted = sql.Identifier(stores.analyst_schema), sql.Identifier(stores.restricted_schema)
    who = sql.Identifier(role)
    with stores.restricted.begin() as connection:
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
            raise RoleError(f"没有名为 {role} 的数据库角色，请先创建 / no such role: {role}")
        _execute(connection, sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(restricted, who))
        _execute(connection, sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}, PUBLIC").format(restricted, who))
    with stores.analyst.begin() as connection:
        owner = connection.execute(
            text("SELECT tableowner FROM pg_tables WHERE schemaname = :s AND tablename = 'etl_manifest'"),
            {"s": stores.analyst_schema},
        ).scalar_one()
        _execute(connection, sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, who))
        _execute(connection, sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, who))
        _execute(
            connection,
            sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT SELECT ON TABLES TO {}").format(
                sql.Identifier(owner), schema, who
            ),
        )
        tables = _district_tables(connection, stores.analyst_schema)
        policy = sql.Identifier(policy_name(role))
        for table, columns in tables.items():
            target = sql.Identifier(stores.analyst_schema, table)
            _execute(connection, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(target))
            _execute(connection, sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(policy, target))
            _execute(
                connection,
                sql.SQL("CREATE POLICY {} ON {} FOR SELECT TO {} USING ({})").format(
                    policy, target, who, _condition(columns, districts)
                ),
            )
    return sorted(tables)
