"""After a real `cadre-etl run` under a real DAGSTER_HOME, raw ID numbers are in the restricted store only.

The run loads the demo folder plus an office's resubmission named after a cadre's ID number
(`补报_<ID>.csv`) that holds a wrong check digit, the same person twice and a 15-digit old number.
Then every file under DAGSTER_HOME, the run's whole output and every analyst table and view are
searched for 18-digit ID numbers, and for each raw number the file holds. So is DAGSTER_HOME after a
run whose asset fails unexpectedly with an ID number in its error's message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, literal_column, select, table

import pipelines.defs.ingest.assets as ingest_assets
from pipelines.cli import main
from pipelines.ingest.model import Township
from pipelines.ingest.redact import mask_id
from tests.ingest.helpers import CADRE_HEADER, cadre_row, person_id

DEMO = Path("sources")
ID_NUMBER = re.compile(rb"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def _resubmission(folder: Path) -> tuple[Path, list[str]]:
    """A roster CSV named after an ID number, with bad and duplicate ID numbers; returns it and its raw numbers."""
    rows = [cadre_row(0), cadre_row(1), cadre_row(1), cadre_row(2), cadre_row(3)]
    good = person_id(2)
    rows[3][4] = good[:-1] + ("1" if good[-1] != "1" else "2")  # wrong check character
    rows[4][4] = person_id(3)[:6] + person_id(3)[8:17]  # the same person's 15-digit old number
    path = folder / f"补报_{person_id(0)}.csv"
    lines = [",".join(CADRE_HEADER)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [person_id(0), person_id(1), rows[3][4], rows[4][4], person_id(3)]


def _hits(data: bytes, raw: list[str]) -> list[bytes]:
    found = ID_NUMBER.findall(data)
    found += [number.encode() for number in raw if number.encode() in data]
    return found


def _analyst_columns(url: str) -> dict[str, bytes]:
    """Every value of every analyst table and view, as text, per `table.column`."""
    engine = create_engine(url)
    names = inspect(engine).get_table_names() + inspect(engine).get_view_names()
    out: dict[str, bytes] = {}
    with engine.connect() as connection:
        for name in names:
            result = connection.execute(select(literal_column("*")).select_from(table(name)))
            columns = list(result.keys())
            values: list[list[str]] = [[] for _ in columns]
            for row in result:
                for i, value in enumerate(row):
                    values[i].append(str(value))
            out.update({f"{name}.{column}": "\n".join(v).encode() for column, v in zip(columns, values, strict=True)})
    engine.dispose()
    return out


def test_a_run_leaves_no_raw_id_number_in_dagster_home_its_output_or_any_analyst_table(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(DEMO, sources, ignore=shutil.ignore_patterns("_反馈", "README.md"))
    resubmission, raw = _resubmission(sources / "武隆区" / "白马镇")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy("deploy/dagster.dev.yaml", home / "dagster.yaml")
    warehouse = f"sqlite:///{tmp_path / 'warehouse.db'}"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CADRE_ETL_ARCHIVE_DIR": str(tmp_path / "archive"),
        "CADRE_ETL_PII_KEY": "test-pii-key",
    }

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "run",
            "--verbose",
            "--sources",
            str(sources),
            "--warehouse",
            warehouse,
        ],
        env=env,
        capture_output=True,
        timeout=600,
        check=False,
    )

    assert run.returncode == 0, run.stderr.decode()[-3000:]
    assert b"STEP_SUCCESS" in run.stderr  # --verbose: Dagster's own event log was captured too
    restricted = (tmp_path / "warehouse_restricted.db").read_bytes()
    assert all(number.encode() in restricted for number in raw[:2])  # the numbers were there to leak
    assert (resubmission.parent / "_反馈" / f"{resubmission.stem}_反馈.xlsx").exists()
    leaks = {"output": _hits(run.stdout + run.stderr, raw)}
    leaks.update({column: _hits(values, raw) for column, values in _analyst_columns(warehouse).items()})
    files = [path for path in home.rglob("*") if path.is_file()]
    assert any(path.suffix == ".db" for path in files)
    leaks.update({str(path.relative_to(home)): _hits(path.read_bytes(), raw) for path in files})
    assert {where: found for where, found in leaks.items() if found} == {}


def test_an_unexpected_error_whose_message_holds_an_id_number_is_stored_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file deleted between discovery and its read: the `FileNotFoundError` names its path, and so the ID in it."""
    folder = tmp_path / "sources" / "武隆区" / "白马镇"
    folder.mkdir(parents=True)
    resubmission, raw = _resubmission(folder)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy("deploy/dagster.dev.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.chdir(tmp_path)

    def vanishing(townships: list[Township], *args: object, **kwargs: object) -> Iterator[object]:
        for township in townships:
            for source in township.files:
                source.path.unlink()  # gone after discovery: the office took it back
                source.path.read_bytes()
        yield from ()

    monkeypatch.setattr(ingest_assets, "check_townships", vanishing)

    code = main(["run", "--sources", str(tmp_path / "sources"), "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"])

    assert code == 1
    assert not resubmission.exists()
    printed = capsys.readouterr()
    files = [path for path in home.rglob("*") if path.is_file()]
    stored = b"".join(path.read_bytes() for path in files)
    assert b"FileNotFoundError" in stored and mask_id(raw[0]).encode() in stored  # the failure is there, masked
    leaks = {str(path.relative_to(home)): _hits(path.read_bytes(), raw) for path in files}
    leaks["output"] = _hits((printed.out + printed.err).encode(), raw)
    assert {where: found for where, found in leaks.items() if found} == {}
