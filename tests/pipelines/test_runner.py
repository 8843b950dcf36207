"""`cadre-etl run` exits non-zero when the run itself fails, and `db upgrade` creates the schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import pipelines.assets.ingest as ingest_assets
from pipelines.cli import main
from pipelines.ingest.model import Township
from tests.pipelines.conftest import write_roster


def test_a_failing_step_makes_the_run_exit_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_roster(tmp_path / "sources" / "武隆区" / "火炉镇")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)

    def broken(townships: list[Township], settings: object = None, **options: object) -> Iterator[object]:
        for township in townships:
            raise RuntimeError(f"cannot read {township.key}")
        yield from ()

    monkeypatch.setattr(ingest_assets, "check_townships", broken)
    assert main(["run", "--sources", "sources", "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"]) == 1
    assert "township_ingest" in capsys.readouterr().out


def test_db_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["db", "upgrade", "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"]) == 0
    assert (tmp_path / "w.db").exists()
