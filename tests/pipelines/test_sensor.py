"""source_folder_sensor over a temporary drop folder, against a real (SQLite) warehouse."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.defs.ingest.assets import township_ingest
from pipelines.defs.ingest.sensors import EMPTY_FINGERPRINT, source_folder_sensor
from pipelines.ingest.files import discover, township_fingerprint
from pipelines.partitions import RANGE_END_TAG, RANGE_START_TAG, TOWNSHIPS
from tests.pipelines.conftest import make_resources, write_roster

HUOLU, JIANGKOU, BAIMA = "武隆区/火炉镇", "武隆区/江口镇", "武隆区/白马镇"


def evaluate(instance: dg.DagsterInstance, resources: dict, cursor: str | None = None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=instance, resources=resources, cursor=cursor, definitions=build_definitions(resources)
    )
    result = source_folder_sensor(context)
    assert isinstance(result, dg.SensorResult)
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys or []))
    return result


def runs(result: dg.SensorResult) -> dict[str, str]:
    """partition key → run key of each requested run."""
    return {r.partition_key: r.run_key for r in result.run_requests or [] if r.partition_key}


def load(instance: dg.DagsterInstance, resources: dict, *keys: str) -> None:
    for key in keys:
        assert dg.materialize([township_ingest], instance=instance, resources=resources, partition_key=key).success


def fingerprint(root: Path, key: str) -> str:
    return township_fingerprint(next(t for t in discover(root) if t.key == key))


def test_sensor_follows_contents_not_mtimes(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    huolu, jiangkou = src / "武隆区" / "火炉镇", src / "武隆区" / "江口镇"
    write_roster(huolu)
    write_roster(jiangkou)
    (huolu / "~$花名册.xlsx").write_bytes(b"lock")
    write_roster(huolu / "_反馈", "花名册_反馈.csv")
    outside = write_roster(tmp_path / "outside", "secret.csv")
    (huolu / "外部.csv").symlink_to(outside)
    resources = make_resources(tmp_path, src)

    with dg.instance_for_test() as instance:
        first = evaluate(instance, resources)
        assert set(instance.get_dynamic_partitions(TOWNSHIPS.name)) == {HUOLU, JIANGKOU}
        assert set(runs(first)) == {HUOLU, JIANGKOU}
        # the lock file, the feedback folder and the symlink out of the tree are not part of the township
        assert [f.path.name for f in next(t for t in discover(src) if t.key == HUOLU).files] == ["花名册.csv"]
        assert fingerprint(src, HUOLU)[:16] in runs(first)[HUOLU]

        load(instance, resources, HUOLU, JIANGKOU)
        settled = evaluate(instance, resources, first.cursor)
        assert not settled.run_requests

        stat = (jiangkou / "花名册.csv").stat()
        os.utime(jiangkou / "花名册.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**10))
        assert not evaluate(instance, resources, settled.cursor).run_requests
        assert not evaluate(instance, resources).run_requests  # not the cursor's doing: contents decide

        write_roster(huolu, rows=2)
        changed = evaluate(instance, resources, settled.cursor)
        assert set(runs(changed)) == {HUOLU}
        assert runs(changed)[HUOLU] != runs(first)[HUOLU]
        assert fingerprint(src, HUOLU)[:16] in runs(changed)[HUOLU]

        load(instance, resources, HUOLU)
        (jiangkou / "花名册.csv").unlink()
        removed = evaluate(instance, resources, changed.cursor)
        assert set(runs(removed)) == {JIANGKOU}
        assert runs(removed)[JIANGKOU].endswith(EMPTY_FINGERPRINT[:16])

        load(instance, resources, JIANGKOU)
        (huolu / "另一个外部.csv").symlink_to(outside)
        assert not evaluate(instance, resources, removed.cursor).run_requests

        write_roster(src / "武隆区" / "白马镇")
        new = evaluate(instance, resources, removed.cursor)
        assert set(runs(new)) == {BAIMA}
        assert instance.get_dynamic_partitions(TOWNSHIPS.name)[-1] == BAIMA


@pytest.mark.parametrize("townships", [2000])
def test_sensor_scans_2000_townships_well_inside_60_seconds(tmp_path: Path, townships: int) -> None:
    src = tmp_path / "sources"
    for i in range(townships):
        folder = src / f"区{i // 100:02d}" / f"镇{i:04d}"
        write_roster(folder, salt=str(i))
        write_roster(folder, "培训记录.csv", salt=str(i))
    resources = make_resources(tmp_path, src)

    with dg.instance_for_test() as instance:
        started = time.perf_counter()
        result = evaluate(instance, resources)
        elapsed = time.perf_counter() - started
        registered = instance.get_dynamic_partitions(TOWNSHIPS.name)

    assert elapsed < 20, f"sensor evaluation took {elapsed:.1f} s for {townships} townships"
    assert len(registered) == townships
    [bulk] = result.run_requests or []  # a first load is ONE run over the partition range
    assert bulk.tags[RANGE_START_TAG] == "区00/镇0000"
    assert bulk.tags[RANGE_END_TAG] == f"区{(townships - 1) // 100:02d}/镇{townships - 1:04d}"
    assert len(result.cursor or "") < 200
    print(f"sensor evaluation over {townships} townships: {elapsed:.2f} s")
