"""Fixtures for the Dagster layer: a copy of the demo drop folder, and resources pointing into tmp."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.resources import QualityResource, ReportResource, SourcesResource, WarehouseResource

DEMO_SOURCES = Path("sources")  # the committed demo folder; tests run from the repository root
PII_KEY = "test-pii-key"


@pytest.fixture
def demo_sources(tmp_path: Path) -> Path:
    """A private copy of the demo folder, so feedback workbooks land in tmp."""
    target = tmp_path / "sources"
    shutil.copytree(DEMO_SOURCES, target, ignore=shutil.ignore_patterns("_反馈", "README.md"))
    return target


def make_resources(tmp_path: Path, sources: Path, **quality: int) -> dict[str, dg.ConfigurableResource]:
    """Resources for one test: a SQLite warehouse and an archive under tmp, the given sources."""
    return {
        "sources": SourcesResource(root=str(sources)),
        "warehouse": WarehouseResource(
            url=f"sqlite:///{tmp_path / 'warehouse.db'}", pii_key=PII_KEY, archive_dir=str(tmp_path / "archive")
        ),
        "quality": QualityResource(**quality),
        "report": ReportResource(out_dir=str(tmp_path / "report")),
    }


def write_roster(folder: Path, name: str = "花名册.csv", rows: int = 1, salt: str = "") -> Path:
    """A tiny CSV file in a township folder (its content only matters for fingerprints)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    lines = ["姓名,性别,身份证号"] + [f"张{salt}{i},男,x" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
