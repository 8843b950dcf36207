"""`cadre-etl db grant` on the real PostgreSQL: analysts read the analyst schema only, a district's analyst
only its district's rows (in tables and through the views), and nobody ungranted reads anything.

Each test creates throwaway login roles with random names and drops them afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from pipelines.cli import main
from pipelines.ingest.check import check_township
from pipelines.ingest.files import discover
from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import Warehouse, catalog, marts
from pipelines.warehouse.roles import RoleError
from tests.ingest.helpers import CADRE_HEADER, TODAY, cadre_row, write_xlsx
from tests.warehouse.conftest import PG_URL, opened, require_postgres

ADMIN = PG_URL.replace("postgresql+psycopg://", "postgresql://")
WULONG, CHENGQU = "武隆区", "城区"


@pytest.fixture
def make_role() -> Iterator[Callable[[], str]]:
    """Creates login roles with random names; drops them (and what was granted to them) afterwards."""
    require_postgres()
    names: list[str] = []

    def make() -> str:
        name = f"t_analyst_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
        names.append(name)
        return name

    yield make
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        for name in names:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[Warehouse]:
    """A PostgreSQL warehouse (its own schemas) holding a roster of 武隆区 and one of 城区, consolidated."""
    root = tmp_path / "sources"
    for district, township, people in ((WULONG, "火炉镇", [0, 1, 2]), (CHENGQU, "城东街道", [3, 4, 5])):
        folder = root / district / township
        folder.mkdir(parents=True)
        bad = cadre_row(people[0])
        bad[1] = "女" if bad[1] == "男" else "男"  # a rejected row, so etl_rejected_row has both districts
        write_xlsx(folder / "花名册.xlsx", {"花名册": [CADRE_HEADER, *[cadre_row(i) for i in people], bad]})
    with opened("postgresql", tmp_path) as store:
        for township in discover(root):
            store.load_township(township, check_township(township, IngestSettings(today=TODAY)))
        store.consolidate()
        yield store


def _connect(role: str) -> psycopg.Connection:
    return psycopg.connect(ADMIN.replace("postgres@", f"{role}@"), autocommit=True)


def _relations(store: Warehouse) -> dict[str, bool]:
    """Every table and view of the analyst schema → whether it has a district column."""
    with psycopg.connect(ADMIN) as admin:
        rows = admin.execute(
            "SELECT table_name, bool_or(column_name = 'district') FROM information_schema.columns "
            "WHERE table_schema = %s GROUP BY table_name",
            (store.stores.analyst_schema,),
        ).fetchall()
    return dict(rows)


def _districts_seen(connection: psycopg.Connection, schema: str, relation: str) -> set[str]:
    """Districts a role sees; a province-total row (district NULL) sums only the rows that role may see."""
    query = sql.SQL("SELECT DISTINCT district FROM {}").format(sql.Identifier(schema, relation))
    return {row[0] for row in connection.execute(query) if row[0] is not None}


def test_an_analyst_of_wulong_sees_wulong_rows_only_in_every_table_and_view(
    loaded: Warehouse, make_role: Callable[[], str]
) -> None:
    analyst, everyone = make_role(), make_role()
    schema = loaded.stores.analyst_schema
    relations = _relations(loaded)
    with psycopg.connect(ADMIN) as admin:
        all_districts = {name: _districts_seen(admin, schema, name) for name, has in relations.items() if has}
    assert all_districts["rec_cadre"] == {WULONG, CHENGQU} and all_districts["mart_mentoring_summary"]

    limited = loaded.grant_analyst(analyst, [WULONG])
    loaded.grant_analyst(everyone)

    assert {"rec_cadre", "dim_cadre", "etl_manifest", "etl_rejected_row", "etl_township_state", "etl_conflict"} <= set(
        limited
    )
    with _connect(analyst) as connection:
        seen = {name: _districts_seen(connection, schema, name) for name, has in relations.items() if has}
        assert seen == {name: districts & {WULONG} for name, districts in all_districts.items()}
        states = connection.execute(
            sql.SQL("SELECT township_key FROM {}").format(sql.Identifier(schema, "etl_township_state"))
        )
        assert [row[0] for row in states] == [f"{WULONG}/火炉镇"]
        for name, has in relations.items():  # tables and views without a district read as usual
            connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, name))).fetchone()
    with _connect(everyone) as connection:
        assert {
            name: _districts_seen(connection, schema, name) for name, has in relations.items() if has
        } == all_districts


def test_an_analyst_gets_permission_denied_on_the_restricted_schema(
    loaded: Warehouse, make_role: Callable[[], str]
) -> None:
    analyst = make_role()
    loaded.grant_analyst(analyst, [WULONG])
    identity = sql.Identifier(loaded.stores.restricted_schema, "cadre_identity")

    with (
        _connect(analyst) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"),
    ):
        connection.execute(sql.SQL("SELECT id_number FROM {}").format(identity))
    with psycopg.connect(ADMIN) as admin:  # the raw numbers are there to be denied
        assert admin.execute(sql.SQL("SELECT count(*) FROM {}").format(identity)).fetchone()[0] == 6


def test_a_role_with_no_grant_sees_nothing(loaded: Warehouse, make_role: Callable[[], str]) -> None:
    granted, stranger = make_role(), make_role()
    loaded.grant_analyst(granted, [WULONG])
    schema = loaded.stores.analyst_schema

    for name in _relations(loaded):
        with _connect(stranger) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(schema, name)))


def test_a_view_recreated_by_an_upgrade_stays_readable_and_limited(
    loaded: Warehouse, make_role: Callable[[], str]
) -> None:
    analyst = make_role()
    loaded.grant_analyst(analyst, [CHENGQU])
    with loaded.engine.begin() as connection:
        assert marts.sync_views(connection, force=True, views=catalog.VIEWS)

    with _connect(analyst) as connection:
        seen = _districts_seen(connection, loaded.stores.analyst_schema, "mart_submission_status")
    assert seen == {CHENGQU}


def test_a_table_with_a_district_that_a_later_upgrade_adds_shows_an_analyst_their_districts_rows_at_once(
    loaded: Warehouse, make_role: Callable[[], str]
) -> None:
    wulong, everywhere = make_role(), make_role()
    loaded.grant_analyst(wulong, [WULONG])
    loaded.grant_analyst(everywhere)
    schema = loaded.stores.analyst_schema
    new = sql.Identifier(schema, "agg_later")
    with psycopg.connect(ADMIN, autocommit=True) as admin:  # as a migration would, as the tables' owner
        admin.execute(sql.SQL("CREATE TABLE {} (district text, value int)").format(new))
        admin.execute(sql.SQL("INSERT INTO {} VALUES (%s, 1), (%s, 2)").format(new), (WULONG, CHENGQU))

    loaded.upgrade()
    with _connect(wulong) as connection:
        assert _districts_seen(connection, schema, "agg_later") == {WULONG}
    with _connect(everywhere) as connection:
        assert _districts_seen(connection, schema, "agg_later") == {WULONG, CHENGQU}


def test_a_table_keyed_by_township_alone_that_a_later_upgrade_adds_shows_no_rows_until_granted_again(
    loaded: Warehouse, make_role: Callable[[], str]
) -> None:
    analyst = make_role()
    loaded.grant_analyst(analyst, [WULONG])
    schema = loaded.stores.analyst_schema
    new = sql.Identifier(schema, "rec_later")
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE TABLE {} (township_key text, value int)").format(new))
        admin.execute(
            sql.SQL("INSERT INTO {} VALUES (%s, 1), (%s, 2)").format(new), (f"{WULONG}/火炉镇", f"{CHENGQU}/城东街道")
        )

    loaded.upgrade()
    with _connect(analyst) as connection:
        assert connection.execute(sql.SQL("SELECT count(*) FROM {}").format(new)).fetchone() == (0,)

    loaded.grant_analyst(analyst, [WULONG])
    with _connect(analyst) as connection:
        rows = connection.execute(sql.SQL("SELECT township_key FROM {}").format(new)).fetchall()
    assert rows == [(f"{WULONG}/火炉镇",)]


def test_granting_a_role_that_does_not_exist_is_a_clear_error(loaded: Warehouse) -> None:
    with pytest.raises(RoleError, match="没有名为"):
        loaded.grant_analyst(f"t_nobody_{uuid.uuid4().hex[:8]}", [WULONG])


def test_db_grant_on_the_command_line(make_role: Callable[[], str], capsys: pytest.CaptureFixture[str]) -> None:
    name = f"cadre_grant_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    analyst = make_role()
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        assert main(["db", "grant", analyst, "--district", WULONG, "--warehouse", url]) == 0
        assert f"{analyst}: 可读分析库（{WULONG}）" in capsys.readouterr().out
        with psycopg.connect(ADMIN.rsplit("/", 1)[0] + "/" + name) as check:
            role = check.execute("SELECT has_table_privilege(%s, 'public.rec_cadre', 'SELECT')", (analyst,)).fetchone()
            assert role == (True,)
            denied = check.execute("SELECT has_schema_privilege(%s, 'restricted', 'USAGE')", (analyst,)).fetchone()
            assert denied == (False,)
        assert main(["db", "grant", "t_nobody_x", "--warehouse", url]) == 1
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(analyst)))
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
