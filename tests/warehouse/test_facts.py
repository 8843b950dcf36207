"""Facts reference cadres by key; a reference to nobody in any roster is rejected at load time."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pipelines.warehouse import Warehouse
from pipelines.warehouse.identity import cadre_key, mask_id
from pipelines.warehouse.tables import FACT, etl_manifest, etl_rejected_row
from tests.warehouse.builders import Folder, cadre, evaluation, make_id, month, pairing, sheet, training
from tests.warehouse.conftest import PII_KEY

MENTOR = ("陈国华", make_id(month(1972, 4), 31))
MENTEE = ("王小青", make_id(month(1996, 3), 32, male=False))
STRANGER = ("路人甲", make_id(month(1990, 1), 33))


def _folder(sources: Path) -> Folder:
    folder = Folder(sources, "武隆区", "火炉镇")
    folder.put("花名册.xlsx", sheet("cadres", [cadre(*MENTOR), cadre(*MENTEE)]))
    return folder


def test_a_pairing_with_a_mentee_in_no_roster_is_rejected_at_load_time(warehouse: Warehouse, sources: Path) -> None:
    folder = _folder(sources)
    folder.put(
        "对子.xlsx", sheet("pairings", [pairing("导师引航", MENTOR, MENTEE), pairing("导师引航", MENTOR, STRANGER)])
    )
    stats = folder.load(warehouse)["pairings"]
    assert (stats.rows_read, stats.loaded, stats.rejected) == (2, 1, 1)
    with warehouse.engine.connect() as connection:
        (problem,) = connection.execute(select(etl_rejected_row).where(etl_rejected_row.c.kind == "pairings"))
        (manifest,) = connection.execute(select(etl_manifest).where(etl_manifest.c.kind == "pairings"))
    assert (problem.rule, problem.stage, problem.source_row, problem.column_name) == (
        "warehouse.pairings.mentee_not_in_roster",
        "load",
        4,
        "培养对象身份证号",
    )
    assert problem.value == mask_id(STRANGER[1]) and mask_id(STRANGER[1]) in problem.reason_zh
    assert (manifest.rows_loaded, manifest.rows_rejected) == (1, 1)


def test_facts_carry_cadre_keys_and_their_source_row(warehouse: Warehouse, sources: Path) -> None:
    folder = _folder(sources)
    folder.put("对子.xlsx", sheet("pairings", [pairing("导师引航", MENTOR, MENTEE)]))
    folder.put("测评.xlsx", sheet("evaluations", [evaluation(2023, 1, MENTOR[1], MENTEE[1], "优秀")]))
    folder.put("培训.xlsx", sheet("trainings", [training(month(2023, 3), MENTEE), training(month(2023, 3), STRANGER)]))
    stats = folder.load(warehouse)
    assert (stats["trainings"].loaded, stats["trainings"].rejected) == (1, 1)
    counts = warehouse.consolidate()
    assert (counts["fact_pairing_added"], counts["fact_evaluation_added"], counts["fact_training_added"]) == (1, 1, 1)
    with warehouse.engine.connect() as connection:
        (pair,) = connection.execute(select(FACT["pairings"]))
        (attendance,) = connection.execute(select(FACT["trainings"]))
    assert (pair.mentor_key, pair.mentee_key) == (cadre_key(PII_KEY, MENTOR[1]), cadre_key(PII_KEY, MENTEE[1]))
    assert (pair.sheet, pair.source_row, len(pair.file_sha256)) == ("Sheet1", 3, 64)
    assert attendance.attendee_key == cadre_key(PII_KEY, MENTEE[1])


def test_facts_of_a_removed_file_leave_the_fact_table(warehouse: Warehouse, sources: Path) -> None:
    folder = _folder(sources)
    folder.put("对子.xlsx", sheet("pairings", [pairing("导师引航", MENTOR, MENTEE)]))
    folder.load(warehouse)
    warehouse.consolidate()
    folder.remove("对子.xlsx")
    folder.load(warehouse)
    assert warehouse.consolidate()["fact_pairing_removed"] == 1
    with warehouse.engine.connect() as connection:
        assert connection.execute(select(FACT["pairings"])).first() is None


def test_the_fact_rows_summed_from_the_manifests_are_the_rows_the_fact_tables_hold(
    warehouse: Warehouse, sources: Path
) -> None:
    folder = _folder(sources)
    folder.put(
        "对子.xlsx", sheet("pairings", [pairing("导师引航", MENTOR, MENTEE), pairing("导师引航", MENTOR, STRANGER)])
    )
    folder.put("测评.xlsx", sheet("evaluations", [evaluation(2023, 1, MENTOR[1], MENTEE[1], "优秀")]))
    folder.load(warehouse)
    warehouse.consolidate()

    def counted() -> int:
        return sum(warehouse.count_rows(fact) for fact in FACT.values())

    assert warehouse.fact_rows() == counted() == 2  # the stranger's pairing was rejected, not loaded
    folder.remove("对子.xlsx")
    folder.load(warehouse)
    warehouse.consolidate()
    assert warehouse.fact_rows() == counted() == 1
