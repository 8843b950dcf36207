"""Asset checks: a planted accounting mismatch fails as an error; the warning rules on their own."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import dagster as dg
import pytest

from pipelines.defs.checks import reject_rates_over
from pipelines.defs.ingest.assets import township_ingest
from pipelines.defs.keys import INGEST_KEYS
from pipelines.defs.warehouse.consolidate import consolidate
from pipelines.partitions import TOWNSHIPS
from pipelines.warehouse import LoadStats, Warehouse
from pipelines.warehouse.integrity import stale_townships
from tests.pipelines.conftest import make_resources

HUOLU = "武隆区/火炉镇"


def test_planted_accounting_mismatch_fails_the_accounting_check_and_stops_consolidation(
    tmp_path: Path, demo_sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_load = Warehouse.load_township

    def load_one_row_too_many(self: Warehouse, *args: object, **kwargs: object) -> dict[str, LoadStats]:
        stats = real_load(self, *args, **kwargs)  # type: ignore[arg-type]
        stats["pairings"] = dataclasses.replace(stats["pairings"], loaded=stats["pairings"].loaded + 1)
        return stats

    monkeypatch.setattr(Warehouse, "load_township", load_one_row_too_many)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(TOWNSHIPS.name, [HUOLU])
        result = dg.materialize(
            [township_ingest, consolidate],
            selection=[*INGEST_KEYS.values()],
            instance=instance,
            resources=make_resources(tmp_path, demo_sources),
            partition_key=HUOLU,
            raise_on_error=False,
        )
    assert not result.success  # accounting is blocking: a mismatch fails the step, so nothing downstream starts
    checks = {(c.asset_key, c.check_name): c for c in result.get_asset_check_evaluations()}
    failed = checks[(INGEST_KEYS["pairings"], "accounting")]
    assert not failed.passed
    assert failed.severity == dg.AssetCheckSeverity.ERROR
    assert HUOLU in failed.metadata["mismatches"].value
    assert checks[(INGEST_KEYS["cadres"], "accounting")].passed


def stats(read: int, rejected: int) -> LoadStats:
    return LoadStats("cadres", 1, read, read - rejected, rejected, 0, True)


def test_reject_rate_lists_townships_over_the_threshold() -> None:
    by_township = {"a/甲": {"cadres": stats(100, 6)}, "a/乙": {"cadres": stats(100, 5)}, "a/丙": {}}
    assert reject_rates_over(by_township, "cadres", 5) == {"a/甲": 6.0}


def test_townships_submitting_names_townships_without_recent_submissions() -> None:
    rows = [
        {"district": "武隆区", "township": "火炉镇", "kind": "cadres", "days_since_last": 3},
        {"district": "武隆区", "township": "火炉镇", "kind": "trainings", "days_since_last": 400},
        {"district": "武隆区", "township": "江口镇", "kind": "cadres", "days_since_last": 200},
        {"district": "城区", "township": "东城街道", "kind": "cadres", "days_since_last": None},
    ]
    assert stale_townships(rows, 120) == {"城区/东城街道": None, "武隆区/江口镇": 200}
