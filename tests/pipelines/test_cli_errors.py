"""A mistake in a command's inputs ends with exit status 2 and two lines (Chinese, English), no traceback.

Nothing is created on disk before the inputs are checked: no warehouse file, no Dagster storage.
"""

from __future__ import annotations

import contextlib
import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.warehouse import probe
from tests.pipelines.conftest import write_roster

PG_HOST = "127.0.0.1:5432"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("CADRE_ETL_WAREHOUSE_URL", raising=False)
    monkeypatch.delenv("CADRE_ETL_SOURCES", raising=False)
    monkeypatch.setenv("CADRE_ETL_PII_KEY", "test-pii-key")
    write_roster(tmp_path / "sources" / "武隆区" / "火炉镇")
    return tmp_path


def _created(root: Path) -> set[str]:
    return {p.name for p in root.iterdir()} - {"sources"}


def _fails_clearly(capsys: pytest.CaptureFixture[str], argv: list[str], *said: str) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("错误：") and lines[1].startswith("error: ")
    for text in said:
        assert text in captured.err
    return captured.err


def test_a_missing_sources_folder_is_named_and_nothing_is_created(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fails_clearly(capsys, ["run", "--sources", "no-such-folder"], "no-such-folder", "找不到来源文件夹", "--sources")
    assert _created(workdir) == set()


def test_a_sources_folder_without_township_folders_is_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "empty" / "区").mkdir(parents=True)
    _fails_clearly(capsys, ["run", "--sources", "empty"], "empty", "<区>/<乡镇>")
    assert _created(workdir) == {"empty"}


def test_a_warehouse_url_that_cannot_be_parsed_is_refused(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fails_clearly(capsys, ["run", "--warehouse", "not a url"], "'not a url'", "CADRE_ETL_WAREHOUSE_URL")
    assert _created(workdir) == set()


def test_an_unsupported_warehouse_backend_is_refused(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fails_clearly(capsys, ["db", "upgrade", "--warehouse", "mysql://etl@db/cadre"], "mysql")


def test_a_database_where_nothing_listens_is_named_without_a_traceback(workdir: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/test"
    done = subprocess.run(
        [Path(sys.executable).with_name("cadre-etl"), "run", "--warehouse", url],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith(("DAGSTER_", "CADRE_ETL_"))},
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "127.0.0.1:1" in done.stderr and "无法连接数据库" in done.stderr and "is PostgreSQL running" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 2
    assert _created(workdir) == set()


def test_a_database_role_that_does_not_exist_is_reported_as_refused(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+psycopg://no_such_role:secret@{PG_HOST}/test"
    err = _fails_clearly(capsys, ["run", "--warehouse", url], "数据库拒绝连接", 'role "no_such_role" does not exist')
    assert "secret" not in err  # the password is never printed


def test_a_warehouse_locked_by_another_writer_is_reported(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{workdir / 'w.db'}"
    assert main(["db", "upgrade", "--warehouse", url]) == 0
    capsys.readouterr()
    monkeypatch.setattr(probe, "LOCK_WAIT_SECONDS", 0.2)
    other = sqlite3.connect(workdir / "w.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        _fails_clearly(capsys, ["run", "--warehouse", url], "w.db", "正被另一个进程写入", "locked")
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_checking_a_file_that_does_not_exist_names_it(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fails_clearly(capsys, ["check", "sources/武隆区/火炉镇/没有这个文件.xlsx"], "没有这个文件.xlsx")


def test_verbose_shows_the_traceback_as_well(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--sources", "no-such-folder", "--verbose"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "UserError" in err and err.strip().endswith("set CADRE_ETL_SOURCES.")


def test_a_terminal_sees_that_the_run_is_starting_before_dagster_has_loaded(workdir: Path) -> None:
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [Path(sys.executable).with_name("cadre-etl"), "run", "--sources", "no-such-folder"],
        cwd=workdir,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={k: v for k, v in os.environ.items() if not k.startswith(("DAGSTER_", "CADRE_ETL_"))},
    )
    os.close(follower)
    seen = b""
    with contextlib.suppress(OSError):  # the pty's reading end reports EIO once the child has exited
        while chunk := os.read(leader, 4096):
            seen += chunk
    os.close(leader)
    assert child.wait(timeout=120) == 2
    text = seen.decode()
    assert "启动中" in text and "starting: loading Dagster" in text
    assert text.index("starting: loading Dagster") < text.index("找不到来源文件夹")  # first the spinner, then the error
