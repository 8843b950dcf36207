"""`cadre-etl run` over the committed demo folder: the seed figures, exactly, and a second run changes nothing."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import func, select

from pipelines.cli import main
from pipelines.defs.checks import facts_reference_cadres, one_current_version
from pipelines.defs.report.assets import expected_townships_submitted
from pipelines.resources import WarehouseResource
from pipelines.warehouse import Warehouse, WarehouseConfig
from pipelines.warehouse.tables import FACT, dim_cadre
from tests.pipelines.conftest import DEMO_SOURCES


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, dict[str, object]]]:
    """Runs `cadre-etl run` twice from a scratch working directory: (directory, warehouse URL, outcome)."""
    work = tmp_path_factory.mktemp("e2e")
    shutil.copytree(DEMO_SOURCES, work / "sources", ignore=shutil.ignore_patterns("_反馈"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(work)  # defaults (var/archive) are relative to the working directory
        patch.delenv("DAGSTER_HOME", raising=False)  # an ephemeral instance
        for name in ("CADRE_ETL_WAREHOUSE_URL", "CADRE_ETL_ARCHIVE_DIR", "CADRE_ETL_SOURCES", "CADRE_ETL_REPORT_DIR"):
            patch.delenv(name, raising=False)
        patch.setenv("CADRE_ETL_AS_OF", "2023-12-31")  # the demo's year, not the clock
        url = f"sqlite:///{work / 'warehouse.db'}"
        yield work, url, _run_twice(url)


def _run_twice(url: str) -> dict[str, object]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        first_code = main(["run", "--sources", "sources", "--warehouse", url])
    warehouse = _open(url)
    first = warehouse.table_checksums()
    warehouse.dispose()
    second_code = main(["run", "--sources", "sources", "--warehouse", url])
    warehouse = _open(url)
    second = warehouse.table_checksums()
    warehouse.dispose()
    return {
        "codes": (first_code, second_code),
        "printed": out.getvalue(),
        "terminal": err.getvalue(),
        "first": first,
        "second": second,
    }


def _open(url: str) -> Warehouse:
    return Warehouse(WarehouseConfig(url=url, pii_key=b"unused-for-reading", archive_dir=Path("var/archive")))


def test_run_succeeds_and_prints_the_seed_sentence(demo_run: tuple) -> None:
    _, _, run = demo_run
    assert run["codes"] == (0, 0)  # rejected rows (白马镇) do not fail the run
    assert "火炉镇共配备优秀导师 12 名，建立“帮带对子” 24 对，覆盖 24 名优秀年轻干部" in run["printed"]
    assert "cadres:" in run["printed"] and "rejected" in run["printed"]


def test_the_run_is_quiet_with_one_progress_line_per_phase_and_a_summary(demo_run: tuple) -> None:
    _, _, outcome = demo_run
    terminal, printed = outcome["terminal"], outcome["printed"]
    lines = (terminal + printed).splitlines()
    assert len(lines) <= 40
    assert "DEBUG" not in terminal + printed and "dagster" not in terminal
    phases = {line.split()[0] for line in terminal.splitlines() if "/" in line and "━" in line}
    assert phases == {"扫描", "导入", "合并", "集市", "报表"}
    ingest = next(line for line in terminal.splitlines() if line.startswith("导入"))
    assert " 9/9 " in ingest and "rows" in ingest and "/s" in ingest and "剩余 left" in ingest
    assert "作业 job cadre_etl_run" in printed.splitlines()[-1] and "9 个乡镇 townships" in printed


def test_seed_003_huolu_figures(demo_run: tuple) -> None:
    _, url, _ = demo_run
    warehouse = _open(url)
    summary = {
        r["programme"]: r
        for r in warehouse.read_view("mart_mentoring_summary")
        if r["level"] == "township" and r["township"] == "火炉镇"
    }
    pairing = FACT["pairings"]
    with warehouse.engine.connect() as connection:
        per_mentor = connection.execute(
            select(pairing.c.mentor_key, func.count())
            .where(pairing.c.township == "火炉镇", pairing.c.programme == "导师引航")
            .group_by(pairing.c.mentor_key)
        ).all()
    warehouse.dispose()
    assert (summary["导师引航"]["mentors"], summary["导师引航"]["mentees"]) == (12, 24)
    assert len(per_mentor) == 12 and max(n for _, n in per_mentor) == 5
    assert summary["以新促老"]["pairs"] == 25
    assert (summary["挂职锻炼"]["mentees"], summary["挂职锻炼"]["batches"]) == (17, 5)


def test_seed_000_graduates(demo_run: tuple) -> None:
    _, url, _ = demo_run
    warehouse = _open(url)
    [chengqu] = [r for r in warehouse.read_view("mart_graduate_placement") if r["district"] == "城区"]
    warehouse.dispose()
    assert (chengqu["total"], chengqu["in_street_offices"], chengqu["at_section_level"]) == (24, 13, 7)


def test_second_run_leaves_every_table_unchanged(demo_run: tuple) -> None:
    _, _, run = demo_run
    assert run["first"] and run["second"] == run["first"]


def test_consolidation_checks_pass_then_fail_when_planted(demo_run: tuple, tmp_path: Path) -> None:
    work, url, _ = demo_run
    warehouse = _open(url)
    assert warehouse.orphan_fact_rows() == {}
    assert warehouse.cadres_with_several_current_versions() == []
    warehouse.dispose()

    copy = tmp_path / "planted.db"  # plant on a copy; the restricted store is not read
    shutil.copy(work / "warehouse.db", copy)
    planted = _open(f"sqlite:///{copy}")
    training, columns = FACT["trainings"], [c for c in dim_cadre.c if c.name != "cadre_version_id"]
    with planted.engine.begin() as connection:
        connection.execute(training.update().where(training.c.record_id == 1).values(attendee_key="0" * 64))
        connection.execute(
            dim_cadre.insert().from_select(columns, select(*columns).where(dim_cadre.c.is_current).limit(1))
        )
    planted.dispose()
    resource = WarehouseResource(url=f"sqlite:///{copy}", pii_key="unused", archive_dir=str(tmp_path / "archive"))
    with dg.build_resources({"warehouse": resource}) as resolved:
        orphans = facts_reference_cadres(warehouse=resolved.warehouse)
        doubled = one_current_version(warehouse=resolved.warehouse)
    assert not orphans.passed and orphans.metadata["orphans"].value == {"fact_training.attendee_key": 1}
    assert not doubled.passed and doubled.metadata["cadres"].value == 1


def test_run_ends_by_writing_the_report_and_saying_where(demo_run: tuple) -> None:
    work, url, run = demo_run
    html = work / "var" / "report" / "干部队伍建设情况报告.html"
    assert "报告 / report: var/report/干部队伍建设情况报告.html" in run["printed"]
    assert html.is_file() and html.with_suffix(".xlsx").is_file()
    page = html.read_text(encoding="utf-8")
    assert "截至 2023-12-31" in page and "CADRE_ETL_AS_OF" in page
    warehouse = _open(url)
    period = warehouse.reporting_period()
    warehouse.dispose()
    assert period is not None and (period.as_of.isoformat(), period.source) == ("2023-12-31", "CADRE_ETL_AS_OF")


def test_cadre_etl_report_sets_the_reporting_date_and_says_where_it_wrote(
    demo_run: tuple, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work, _, _ = demo_run
    shutil.copy(work / "warehouse.db", tmp_path / "copy.db")  # the report stores its date: work on a copy
    url, out = f"sqlite:///{tmp_path / 'copy.db'}", tmp_path / "out"
    assert main(["report", "--out", str(out), "--as-of", "2023-06-30", "--district", "武隆区", "--warehouse", url]) == 0
    printed = capsys.readouterr().out
    assert f"{out}/干部队伍建设情况报告_武隆区.html" in printed and "截至 2023-06-30（--as-of）" in printed
    assert "来源文件 16 个，拒收 3 行" in printed
    warehouse = _open(url)
    quarters = {r["quarter"] for r in warehouse.read_view("mart_evaluation_results")}
    warehouse.dispose()
    assert quarters == {"2023Q1", "2023Q2"}  # the views follow the report's date
    assert main(["report", "--out", str(out), "--as-of", "2023-06-31", "--warehouse", url]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_the_registry_check_lists_townships_that_owe_a_submission(demo_run: tuple, tmp_path: Path) -> None:
    _, url, _ = demo_run
    resource = WarehouseResource(url=url, pii_key="unused", archive_dir=str(tmp_path / "archive"))
    with dg.build_resources({"warehouse": resource}) as resolved:
        result = expected_townships_submitted(warehouse=resolved.warehouse)
    missing = result.metadata["missing"].value
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    # as of 2023-12-31 nothing had arrived (the files were received by this run); 长坝镇 never has a folder
    assert missing["武隆区/长坝镇"] == [
        "cadres 从未报送",
        "evaluations 从未报送",
        "pairings 从未报送",
        "trainings 从未报送",
    ]
    assert missing["城区/区直机关"] == ["cadres 从未报送"]
