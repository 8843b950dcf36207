"""Files that used to crash a township's step now end as file- or row-level errors; the rest still loads.

Each case is a real file written here: bracketed and case-duplicate sheet names (feedback workbook),
20-digit 年度 / 季度 / 批次, sheet and folder names longer than the warehouse's columns (on
PostgreSQL, where they are enforced) and a file that changes between its read and its load.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipelines.commands import check_command
from pipelines.demo.hostile import BROWSER_DOWNLOAD_NAME, LONG_FOLDER_NAME, LONG_SHEET_NAME, rename_sheet
from pipelines.ingest.check import check_files, check_township
from pipelines.ingest.feedback import feedback_path, write_feedback
from pipelines.ingest.files import discover
from pipelines.ingest.model import MAX_SHEET_NAME
from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import Warehouse
from pipelines.warehouse.engines import reading
from pipelines.warehouse.tables import REC, etl_manifest, etl_rejected_row
from tests.ingest.helpers import (
    CADRE_HEADER,
    EVALUATION_HEADER,
    PAIRING_HEADER,
    TODAY,
    cadre_row,
    outcome,
    person_id,
    roster_file,
    write_xlsx,
)
from tests.warehouse.builders import make_id, month
from tests.warehouse.conftest import opened

SETTINGS = IngestSettings(today=TODAY)


def _bad_cadre_row() -> list[object]:
    row = cadre_row(1)
    row[1] = "男"  # contradicts the ID number
    return row


def _sheet_names(workbook: Path) -> list[str]:
    with zipfile.ZipFile(workbook) as archive:
        xml = archive.read("xl/workbook.xml").decode()
    return [part.split('"')[0] for part in xml.split('<sheet name="')[1:]]


def test_a_browser_download_name_with_brackets_gets_its_feedback_workbook(tmp_path: Path) -> None:
    path = tmp_path / BROWSER_DOWNLOAD_NAME
    rows = [CADRE_HEADER, cadre_row(0), _bad_cadre_row()]
    path.write_text("\n".join(",".join(str(v) for v in row) for row in rows) + "\n", encoding="utf-8")

    assert check_command([path], as_json=False, settings=SETTINGS) == 1

    names = _sheet_names(feedback_path(path))
    assert names == ["问题清单", "干部花名册_1_", "汇总"]


def test_sheets_named_alike_but_for_case_each_get_their_own_feedback_sheet(tmp_path: Path) -> None:
    rows = [CADRE_HEADER, cadre_row(0), _bad_cadre_row()]
    path = write_xlsx(
        tmp_path / "花名册.xlsx", {"Roster": rows, "Other": [CADRE_HEADER, cadre_row(2), _bad_cadre_row()]}
    )
    rename_sheet(path, "Other", "ROSTER")
    result = check_files([path], settings=SETTINGS)[0]
    assert [s.rejected for s in result.sheets] == [1, 1]

    assert _sheet_names(write_feedback(result, SETTINGS)) == ["问题清单", "Roster", "ROSTER(2)", "汇总"]


@pytest.mark.parametrize("column", ["年度", "季度"])
def test_a_twenty_digit_year_or_quarter_rejects_its_row_only(tmp_path: Path, column: str) -> None:
    roster = roster_file(tmp_path)
    pair = ["导师引航", "张建国", person_id(0), "王小明", person_id(2), "双向选择", "2023.03", "", ""]
    pairings = write_xlsx(tmp_path / "帮带对子.xlsx", {"对子": [PAIRING_HEADER, pair]})
    good = [2023, 1, person_id(0), person_id(2), "优秀"]
    huge = [2023, 2, person_id(0), person_id(2), "合格"]
    huge[EVALUATION_HEADER.index(column)] = 10**19 + 7 if column == "年度" else "12345678901234567890"
    evaluations = write_xlsx(tmp_path / "帮带测评.xlsx", {"测评": [EVALUATION_HEADER, good, huge]})

    result = check_files([evaluations, pairings, roster], settings=SETTINGS)[0]

    assert outcome(result.sheets[0]) == ([2], {3: ["number.invalid"]}, {})
    (problem,) = result.sheets[0].problems
    assert problem.column == column and "应填数字" in problem.message_zh


def test_a_twenty_digit_batch_rejects_its_row_only(tmp_path: Path) -> None:
    roster = roster_file(tmp_path)
    rows = [
        PAIRING_HEADER,
        ["挂职锻炼", "李秀英", person_id(1), "赵丽", person_id(3), "双向选择", "2023.04.01", "2023.04.30", 2],
        [
            "挂职锻炼",
            "李秀英",
            person_id(1),
            "陈静",
            person_id(5),
            "双向选择",
            "2023.04.01",
            "2023.04.30",
            "第99999999999999999999批",
        ],
    ]
    pairings = write_xlsx(tmp_path / "帮带对子.xlsx", {"对子": rows})

    result = check_files([pairings, roster], settings=SETTINGS)[0]

    accepted, rejected, _ = outcome(result.sheets[0])
    assert accepted == [2] and rejected == {3: ["number.invalid"]}


def _count(store: Warehouse, table: object, **where: str) -> int:
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with reading(store.engine) as connection:
        return int(connection.scalar(query))


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_sheet_name_longer_than_the_warehouse_keeps_is_a_file_error_and_the_township_loads(
    tmp_path: Path, engine: str
) -> None:
    folder = tmp_path / "sources" / "武隆区" / "火炉镇"
    folder.mkdir(parents=True)
    roster_file(folder, [0, 1, 2])
    long_name = folder / ("r" * (MAX_SHEET_NAME + 1) + ".csv")
    long_name.write_text(
        ",".join(CADRE_HEADER) + "\n" + ",".join(str(v) for v in cadre_row(3)) + "\n", encoding="utf-8"
    )
    long_sheet = write_xlsx(folder / "长表名.xlsx", {"花名册": [CADRE_HEADER, cadre_row(4)]})
    rename_sheet(long_sheet, "花名册", LONG_SHEET_NAME)
    (township,) = discover(tmp_path / "sources")

    results = check_township(township, SETTINGS)
    errors = {r.path.name[:3]: [p.rule for p in r.file_errors] for r in results}
    assert errors == {"rrr": ["file.sheet_name_too_long"], "长表名": ["file.sheet_name_too_long"], "花名册": []}
    assert all("个字符" in p.message_zh for r in results for p in r.file_errors)

    with opened(engine, tmp_path) as store:
        stats = store.load_township(township, results)
        assert (stats["cadres"].loaded, stats["cadres"].rejected) == (3, 0)
        assert _count(store, etl_rejected_row, rule="file.sheet_name_too_long") == 2


def test_over_long_district_and_township_folders_are_not_read_and_the_others_load_on_postgresql(tmp_path: Path) -> None:
    root = tmp_path / "sources"
    roster_file(_folder(root, "武隆区", "火炉镇"), [0, 1])
    roster_file(_folder(root, "武隆区", LONG_FOLDER_NAME), [2])
    roster_file(_folder(root, "d" * 101, "白马镇"), [3])
    roster_file(_folder(root, "d" * 100, "t" * 100), [4])  # fits each column, but not the 200 of the key

    townships = discover(root)

    assert [t.key for t in townships] == ["武隆区/火炉镇"]
    with opened("postgresql", tmp_path) as store:
        store.load_township(townships[0], check_township(townships[0], SETTINGS))
        assert _count(store, REC["cadres"]) == 2


def test_a_folder_named_with_an_id_number_is_not_read_and_its_warning_is_masked(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    number = make_id(month(1980, 5), 7)
    root = tmp_path / "sources"
    roster_file(_folder(root, "武隆区", "火炉镇"), [0])
    roster_file(_folder(root, "武隆区", f"补报{number}"), [1])  # would be a partition key, in Dagster's storage
    roster_file(_folder(root, number, "白马镇"), [2])

    townships = discover(root)

    assert [t.key for t in townships] == ["武隆区/火炉镇"]
    warned = "\n".join(record.getMessage() for record in caplog.records)
    assert warned.count("文件夹名称含身份证号") == 2 and number not in warned


def _folder(root: Path, district: str, township: str) -> Path:
    folder = root / district / township
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_file_still_being_copied_in_loads_nothing_this_time_and_the_rest_of_its_township_loads(
    tmp_path: Path, engine: str
) -> None:
    folder = tmp_path / "sources" / "武隆区" / "火炉镇"
    folder.mkdir(parents=True)
    roster_file(folder, [0, 1, 2])
    copying = folder / "培训记录.csv"
    copying.write_text("培训日期,培训类型,主题,主讲人,学员姓名,学员身份证号,学时,出勤\n", encoding="utf-8")
    (township,) = discover(tmp_path / "sources")
    results = check_township(township, SETTINGS)
    with copying.open("a", encoding="utf-8") as more:  # the copy goes on after the read
        more.write("2023-05-10,集中培训,党史,王老师,张建国,,2,出勤\n")

    with opened(engine, tmp_path) as store:
        stats = store.load_township(township, results)

        assert (stats["cadres"].loaded, stats["unclassified"].files) == (3, 1)
        assert _count(store, etl_rejected_row, rule="file.changed_while_loading") == 1
        with reading(store.engine) as connection:
            paths = connection.scalars(
                select(etl_manifest.c.relative_path).where(etl_manifest.c.kind == "unclassified")
            )
            assert list(paths) == ["培训记录.csv"]
