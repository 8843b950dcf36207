"""Real offices' files with only some columns load, and the marts count what is missing as unknown."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.check import check_township
from pipelines.ingest.files import discover
from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import Warehouse
from tests.ingest.helpers import PEOPLE, TODAY, person_id, write_xlsx


def _drop_minimal_township(sources: Path) -> None:
    folder = sources / "武隆区" / "土地乡"
    folder.mkdir(parents=True)
    roster = [["姓名", "身份证号", "工作单位", "职务"]]
    roster += [[PEOPLE[i][0], person_id(i), "土地乡人民政府", "干事"] for i in range(len(PEOPLE))]
    write_xlsx(folder / "干部名单.xlsx", {"Sheet1": roster})
    sign_in = [["日期", "姓名", "培训内容"], *[["2023-03-0%d" % (i + 1), PEOPLE[i][0], "公文写作"] for i in range(3)]]
    write_xlsx(folder / "夜校签到.xlsx", {"签到": sign_in})


def test_a_roster_of_name_id_unit_and_post_loads_with_nulls_and_the_marts_still_run(
    warehouse: Warehouse, sources: Path
) -> None:
    _drop_minimal_township(sources)
    (township,) = discover(sources)
    results = check_township(township, IngestSettings(today=TODAY))
    assert not any(result.failed for result in results)
    stats = warehouse.load_township(township, results)
    assert stats["cadres"].loaded == len(PEOPLE) and stats["trainings"].loaded == 3
    warehouse.consolidate()
    current = {row["name"]: row for row in warehouse.read_view("dim_cadre_current")}
    assert set(current) == {p[0] for p in PEOPLE}
    assert current["张建国"]["gender"] == "男" and str(current["张建国"]["birth_date"]).startswith("1970-03")
    assert all(row["category"] is None and row["political_status"] is None for row in current.values())
    (training,) = warehouse.read_view("mart_training_attendance")
    assert (training["training_type"], training["enrolled"], training["attended"]) == ("未知", 3, 0)
    assert (training["attendance_unknown"], training["attendance_rate"]) == (3, None)
    summary = warehouse.read_view("mart_mentoring_summary")
    assert all(row["pairs"] == 0 for row in summary if row.get("township") == "土地乡")
    assert warehouse.read_view("mart_graduate_placement") == []  # category unknown: nobody counted as 选调生
