"""dim_cadre history (SCD2), one cadre per person across townships, and conflicts between sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, select

from pipelines.warehouse import Warehouse
from pipelines.warehouse.identity import cadre_key
from pipelines.warehouse.tables import dim_cadre, etl_conflict, etl_pending_change
from tests.warehouse.builders import Folder, cadre, make_id, month, sheet
from tests.warehouse.conftest import PII_KEY

ZHANG = make_id(month(1980, 5), 21)
LI = make_id(month(1992, 2), 22, male=False)


def _versions(store: Warehouse, id_number: str) -> list:
    d = dim_cadre
    with store.engine.connect() as connection:
        query = select(d).where(d.c.cadre_key == cadre_key(PII_KEY, id_number)).order_by(d.c.cadre_version_id)
        return list(connection.execute(query))


def _roster(folder: Folder, *rows: dict) -> None:
    folder.put("花名册.xlsx", sheet("cadres", list(rows)))


def test_a_change_of_post_closes_one_version_and_opens_the_next(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    _roster(folder, cadre("张伟", ZHANG, post="组织干事"), cadre("李娜", LI))
    folder.load(warehouse)
    warehouse.consolidate()
    _roster(folder, cadre("张伟", ZHANG, post="组织委员", rank="副科级"), cadre("李娜", LI))
    folder.load(warehouse)
    counts = warehouse.consolidate()
    assert (counts["versions_opened"], counts["versions_closed"]) == (1, 1)
    old, new = _versions(warehouse, ZHANG)
    assert (old.post, old.is_current, new.post, new.rank, new.is_current) == (
        "组织干事",
        False,
        "组织委员",
        "副科级",
        True,
    )
    assert old.valid_to == new.valid_from and new.valid_to is None
    assert len(_versions(warehouse, LI)) == 1


def test_a_corrected_name_updates_the_current_version_in_place(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    _roster(folder, cadre("张 伟", ZHANG))
    folder.load(warehouse)
    warehouse.consolidate()
    _roster(folder, cadre("张伟", ZHANG))
    folder.load(warehouse)
    assert warehouse.consolidate()["versions_corrected"] == 1
    (version,) = _versions(warehouse, ZHANG)
    assert version.name == "张伟" and version.is_current


def test_consolidating_twice_changes_nothing(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    _roster(folder, cadre("张伟", ZHANG), cadre("李娜", LI))
    folder.load(warehouse)
    assert warehouse.consolidate()["versions_opened"] == 2
    before = warehouse.table_checksums()
    assert not any(warehouse.consolidate().values())
    assert warehouse.table_checksums() == before


def test_the_same_person_in_two_townships_is_one_cadre_with_conflicts(warehouse: Warehouse, sources: Path) -> None:
    huolu = Folder(sources, "武隆区", "火炉镇")
    _roster(huolu, cadre("张伟", ZHANG))
    huolu.load(warehouse)
    warehouse.consolidate()
    other = Folder(sources, "武隆区", "仙女山街道")
    _roster(other, cadre("张玮", ZHANG, birth_date=month(1980, 6)))
    other.load(warehouse)
    counts = warehouse.consolidate()
    (version,) = _versions(warehouse, ZHANG)
    assert version.is_current and version.township == "火炉镇"  # the roster that listed them first keeps them
    assert counts["conflicts_opened"] == 3
    c = etl_conflict
    with warehouse.engine.connect() as connection:
        rows = list(connection.execute(select(c).order_by(c.c.attribute)))
    assert [(r.attribute, r.value_a, r.value_b) for r in rows] == [
        ("birth_date", "1980-05-01", "1980-06-01"),
        ("name", "张伟", "张玮"),
        ("township", "武隆区/火炉镇", "武隆区/仙女山街道"),  # on both rosters at once: shown, never hidden
    ]
    assert {(r.township_key_a, r.township_key_b) for r in rows} == {("武隆区/火炉镇", "武隆区/仙女山街道")}
    assert all(r.source_row_a == 3 and r.sheet_b == "Sheet1" and len(r.file_sha256_b) == 64 for r in rows)


def test_a_conflict_is_resolved_when_the_sources_agree_again(warehouse: Warehouse, sources: Path) -> None:
    huolu = Folder(sources, "武隆区", "火炉镇")
    _roster(huolu, cadre("张伟", ZHANG))
    huolu.load(warehouse)
    other = Folder(sources, "武隆区", "仙女山街道")
    _roster(other, cadre("张伟", ZHANG, gender="女"))
    other.load(warehouse)
    assert warehouse.consolidate()["conflicts_opened"] == 2  # gender, and the two rosters
    _roster(other, cadre("张伟", ZHANG))
    other.load(warehouse)
    counts = warehouse.consolidate()
    # a conflict names its source files: the new file of 仙女山街道 replaces the township conflict by a new one
    assert (counts["conflicts_resolved"], counts["conflicts_opened"]) == (2, 1)
    with warehouse.engine.connect() as connection:
        rows = list(connection.execute(select(etl_conflict).order_by(etl_conflict.c.conflict_id)))
    assert [(r.attribute, r.resolved_at is not None) for r in rows] == [
        ("gender", True),
        ("township", True),
        ("township", False),
    ]


def test_a_person_who_moves_gets_a_new_version_in_the_new_township(warehouse: Warehouse, sources: Path) -> None:
    huolu = Folder(sources, "武隆区", "火炉镇")
    _roster(huolu, cadre("张伟", ZHANG), cadre("李娜", LI))
    huolu.load(warehouse)
    warehouse.consolidate()
    other = Folder(sources, "武隆区", "仙女山街道")
    _roster(other, cadre("张伟", ZHANG, unit="街道党工委"))
    other.load(warehouse)
    _roster(huolu, cadre("李娜", LI))
    huolu.load(warehouse)
    warehouse.consolidate()
    old, new = _versions(warehouse, ZHANG)
    assert (old.township, new.township, new.unit, new.is_current) == ("火炉镇", "仙女山街道", "街道党工委", True)


def test_a_person_dropped_from_every_roster_has_no_current_version(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    _roster(folder, cadre("张伟", ZHANG), cadre("李娜", LI))
    folder.load(warehouse)
    warehouse.consolidate()
    _roster(folder, cadre("李娜", LI))
    folder.load(warehouse)
    assert warehouse.consolidate()["versions_closed"] == 1
    (version,) = _versions(warehouse, ZHANG)
    assert not version.is_current and version.valid_to is not None


WANG = make_id(month(1985, 7), 23)


def _everything_again(store: Warehouse) -> dict[str, int]:
    """What a consolidation of every person and fact would still change (a NULL pending row asks for it)."""
    with store.engine.begin() as connection:
        connection.execute(insert(etl_pending_change).values(manifest_id=None))
    return store.consolidate()


def test_consolidating_only_what_changed_ends_where_consolidating_everything_ends(
    warehouse: Warehouse, sources: Path
) -> None:
    huolu, other = Folder(sources, "武隆区", "火炉镇"), Folder(sources, "武隆区", "仙女山街道")
    _roster(huolu, cadre("张伟", ZHANG), cadre("李娜", LI))
    _roster(other, cadre("王强", WANG))
    huolu.load(warehouse)
    other.load(warehouse)
    warehouse.consolidate()
    steps = [
        (other, [cadre("王强", WANG), cadre("张玮", ZHANG, gender="女")]),  # a second roster lists 张伟
        (huolu, [cadre("李娜", LI, post="组织委员")]),  # 张伟 leaves 火炉镇: his version moves, the conflict goes
        (other, [cadre("王强", WANG)]),  # and leaves 仙女山街道 too: no current version
        (huolu, [cadre("李娜", LI, post="组织委员"), cadre("张伟", ZHANG)]),  # back in 火炉镇
    ]
    for folder, rows in steps:
        _roster(folder, *rows)
        folder.load(warehouse)
        assert any(warehouse.consolidate().values())
        assert not any(_everything_again(warehouse).values())
    (*_, back) = _versions(warehouse, ZHANG)
    assert back.township == "火炉镇" and back.is_current


def test_a_consolidation_with_nothing_loaded_since_the_last_reads_no_record(
    warehouse: Warehouse, sources: Path
) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    _roster(folder, cadre("张伟", ZHANG), cadre("李娜", LI))
    folder.load(warehouse)
    warehouse.consolidate()
    folder.load(warehouse)  # the same files: nothing written, nothing pending
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(warehouse.engine, "before_cursor_execute", seen)
    try:
        assert not any(warehouse.consolidate().values())
    finally:
        event.remove(warehouse.engine, "before_cursor_execute", seen)
    assert statements and not [s for s in statements if "rec_cadre" in s or "dim_cadre" in s or "fact_" in s]
    with warehouse.engine.connect() as connection:
        assert connection.execute(select(etl_pending_change)).first() is None
