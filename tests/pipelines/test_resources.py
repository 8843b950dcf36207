"""Configuration enters through EnvVar in one place, with working-directory defaults."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines.resources import build_resources


def test_defaults_without_environment() -> None:
    resources = build_resources(environ={})
    with dg.build_resources({"sources": resources["sources"], "quality": resources["quality"]}) as resolved:
        assert resolved.sources.root == "sources"
        assert resolved.sources.ingest_settings().max_file_bytes == 50 * 2**20
        assert resolved.quality.reject_rate_warn_percent == 5
    assert resources["warehouse"].url == "sqlite:///var/warehouse.db"
    assert resources["warehouse"].archive_dir == "var/archive"


def test_set_variables_become_env_vars_resolved_at_launch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADRE_ETL_SOURCES", "/srv/drop")
    monkeypatch.setenv("CADRE_ETL_MAX_FILE_MB", "2")
    monkeypatch.setenv("CADRE_ETL_PII_KEY", "s3cret")
    monkeypatch.setenv("CADRE_ETL_FRESHNESS_DAYS", "30")
    resources = build_resources()
    assert isinstance(resources["warehouse"].pii_key, dg.EnvVar)  # never a plain value in the UI
    with dg.build_resources(resources) as resolved:
        assert resolved.sources.root == "/srv/drop"
        assert resolved.sources.ingest_settings().max_file_bytes == 2 * 2**20
        assert resolved.warehouse.warehouse_config().pii_key == b"s3cret"
        assert resolved.quality.freshness_days == 30


def test_command_line_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADRE_ETL_WAREHOUSE_URL", "sqlite:///elsewhere.db")
    resources = build_resources(warehouse_url="sqlite:///chosen.db")
    assert resources["warehouse"].url == "sqlite:///chosen.db"
