"""The committed demo folder, loaded once per engine, with the reporting date at the end of the demo's year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.ingest.check import check_township
from pipelines.ingest.files import discover
from pipelines.ingest.registry import read_registries
from pipelines.warehouse import Warehouse
from pipelines.warehouse.reporting import ReportingPeriod
from tests.warehouse.conftest import opened

DEMO = Path(__file__).resolve().parents[2] / "sources"
END_OF_2023 = ReportingPeriod(dt.date(2023, 12, 31), "--as-of", "quarter")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_warehouse(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The demo folder loaded and consolidated, its registries stored, reporting date 2023-12-31."""
    base = tmp_path_factory.mktemp(f"report-{request.param}")
    with opened(request.param, base) as store:
        for township in discover(DEMO):
            store.load_township(township, check_township(township))
        store.consolidate()
        store.set_reporting(END_OF_2023, read_registries(DEMO))
        yield store
