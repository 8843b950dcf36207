"""Loading a township: the folder is the truth, one transaction per kind, idempotent, auditable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from pipelines.ingest.files import township_fingerprint
from pipelines.ingest.model import Problem
from pipelines.warehouse import Warehouse
from pipelines.warehouse.landing import archive_path
from pipelines.warehouse.tables import REC, etl_manifest, etl_rejected_row
from tests.warehouse.builders import Folder, cadre, make_id, month, sheet

ZHANG = make_id(month(1980, 5), 11)
LI = make_id(month(1992, 2), 12, male=False)
WANG = make_id(month(1995, 9), 13)


def _roster(*rows: dict) -> object:
    return sheet("cadres", list(rows), name="花名册")


def _rows(store: Warehouse, query: object) -> list:
    with store.engine.connect() as connection:
        return list(connection.execute(query))


def _current_names(store: Warehouse) -> list[str]:
    rec, m = REC["cadres"], etl_manifest
    query = select(rec.c.name).join(m, m.c.manifest_id == rec.c.manifest_id).where(m.c.is_current).order_by(rec.c.name)
    return [row.name for row in _rows(store, query)]


@pytest.fixture
def folder(sources: Path) -> Folder:
    f = Folder(sources, "武隆区", "火炉镇")
    f.put("花名册.xlsx", _roster(cadre("张伟", ZHANG), cadre("李娜", LI)))
    return f


def test_reloading_unchanged_files_writes_nothing(warehouse: Warehouse, folder: Folder) -> None:
    first = folder.load(warehouse)
    warehouse.consolidate()
    before = warehouse.table_checksums()
    second = folder.load(warehouse)
    assert not any(warehouse.consolidate().values())
    assert first["cadres"].changed and not second["cadres"].changed
    assert second["cadres"].loaded == 2
    assert warehouse.table_checksums() == before


def test_a_corrected_file_replaces_its_earlier_version(warehouse: Warehouse, folder: Folder) -> None:
    folder.load(warehouse)
    folder.put("花名册.xlsx", _roster(cadre("张伟", ZHANG), cadre("王强", WANG)))
    stats = folder.load(warehouse)
    assert stats["cadres"].changed and stats["cadres"].files == 1
    assert _current_names(warehouse) == ["张伟", "王强"]
    m = etl_manifest
    versions = _rows(warehouse, select(m.c.is_current, m.c.superseded_at).where(m.c.kind == "cadres"))
    assert sorted(v.is_current for v in versions) == [False, True]


def test_a_removed_file_leaves_the_current_state_and_stays_in_history(warehouse: Warehouse, folder: Folder) -> None:
    folder.put("新进人员.xlsx", _roster(cadre("王强", WANG)))
    folder.load(warehouse)
    assert sorted(_current_names(warehouse)) == sorted(["张伟", "李娜", "王强"])
    folder.remove("新进人员.xlsx")
    stats = folder.load(warehouse)
    assert stats["cadres"].files == 1
    assert "王强" not in _current_names(warehouse)
    rec = REC["cadres"]
    assert [row.name for row in _rows(warehouse, select(rec.c.name).where(rec.c.name == "王强"))] == ["王强"]
    m = etl_manifest
    gone = _rows(warehouse, select(m.c.is_current, m.c.superseded_at).where(m.c.relative_path == "新进人员.xlsx"))
    assert len(gone) == 1 and not gone[0].is_current and gone[0].superseded_at is not None


def test_every_file_accounts_for_each_row_it_read(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    bad = Problem("cadres.id_number.checksum", "error", "身份证号校验位错误", "bad check digit", 5, "身份证号", LI)
    folder.put("花名册.xlsx", sheet("cadres", [cadre("张伟", ZHANG)], rejected=1, skipped=2, problems=[bad]))
    stats = folder.load(warehouse)["cadres"]
    assert (stats.rows_read, stats.loaded, stats.rejected, stats.skipped) == (4, 1, 1, 2)
    m = etl_manifest
    for row in _rows(warehouse, select(m)):
        assert row.rows_read == row.rows_loaded + row.rows_rejected + row.rows_skipped


def test_rejected_rows_keep_file_sheet_row_and_a_masked_value(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    bad = Problem(
        "cadres.id_number.checksum", "error", f"身份证号 {LI} 校验位错误", f"{LI} is invalid", 5, "身份证号", LI
    )
    path = folder.put("花名册.xlsx", sheet("cadres", [cadre("张伟", ZHANG)], rejected=1, problems=[bad]))
    folder.load(warehouse)
    (row,) = _rows(warehouse, select(etl_rejected_row))
    assert (row.sheet, row.source_row, row.column_name, row.rule, row.severity) == (
        "Sheet1",
        5,
        "身份证号",
        "cadres.id_number.checksum",
        "error",
    )
    assert row.value == LI[:6] + "********" + LI[-4:]
    assert LI not in row.reason_zh and LI not in row.reason_en
    assert row.path == str(path) and len(row.file_sha256) == 64


def test_unreadable_files_and_unclassified_sheets_are_recorded(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    broken = Problem("file.unreadable", "error", "文件无法打开", "cannot open the file")
    folder.put("损坏.xlsx", file_errors=[broken])
    folder.put("说明.xlsx", sheet(None, [{}, {}], name="说明"))
    stats = folder.load(warehouse)
    assert stats["unclassified"].files == 2
    assert stats["unclassified"].rows_read == stats["unclassified"].skipped == 2
    rules = sorted((r.rule, r.sheet) for r in _rows(warehouse, select(etl_rejected_row)))
    assert rules == [("file.unreadable", None), ("warehouse.sheet.unclassified", "说明")]


def test_every_file_version_is_archived_by_its_content_hash(warehouse: Warehouse, folder: Folder) -> None:
    folder.load(warehouse)
    (result,) = folder.results()
    copy = archive_path(warehouse.config.archive_dir, result.sha256)
    assert copy.read_bytes() == result.path.read_bytes()


def test_township_state_is_the_folder_fingerprint_of_the_last_load(warehouse: Warehouse, folder: Folder) -> None:
    folder.load(warehouse)
    assert warehouse.township_states() == {"武隆区/火炉镇": township_fingerprint(folder.as_township())}
    (current,) = warehouse.current_files()
    assert current.path == folder.path / "花名册.xlsx" and current.size == (folder.path / "花名册.xlsx").stat().st_size
    assert warehouse.current_files(["武隆区/火炉镇"]) == [current]
    assert warehouse.current_files(["武隆区/白马镇"]) == []


def test_bulk_rows_go_through_copy_on_postgresql(postgres_warehouse: Warehouse, folder: Folder) -> None:
    statements: list[str] = []
    event.listen(postgres_warehouse.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    folder.load(postgres_warehouse)
    with postgres_warehouse.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(REC["cadres"])).scalar_one() == 2
    assert not [s for s in statements if "INSERT INTO" in s.upper() and "rec_cadre" in s]


def test_an_emptied_township_folder_leaves_no_current_records(warehouse: Warehouse, folder: Folder) -> None:
    folder.load(warehouse)
    folder.remove("花名册.xlsx")
    stats = folder.load(warehouse)
    assert stats["cadres"].changed and stats["cadres"].files == 0
    assert _current_names(warehouse) == []
    assert warehouse.current_files() == []


def test_a_sheet_whose_counts_do_not_add_up_is_refused(warehouse: Warehouse, sources: Path) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    broken = sheet("cadres", [cadre("张伟", ZHANG)])
    broken.rows_read = 5
    folder.put("花名册.xlsx", broken)
    with pytest.raises(ValueError, match="ingest contract"):
        folder.load(warehouse)
    assert warehouse.current_files() == []
