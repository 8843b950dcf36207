"""Drop to marts: how long after an office drops a file do the marts show it, under `dagster dev`.

Copies the demo folder into a temporary directory, loads it once with `cadre-etl run`, starts
`dagster dev` (webserver and daemon, the local instance of `make dev`) over it, waits until the
sensors have had their first ticks, then drops a training file into one township and polls
Dagster's own record of materializations until the township's ingest partition, the
consolidated facts and the training mart have each materialized after the drop. Prints the
seconds from the drop to each. Nothing is mocked: the sensors, the automation and the runs are
the daemon's.

    .venv/bin/python benchmarks/drop_to_marts.py [--settle 45] [--timeout 600]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg

from pipelines.defs.keys import FACTS_KEY, INGEST_KEYS, MART_KEYS

REPO = Path.cwd()
BIN = Path(sys.executable).parent
DROPPED = Path("武隆区/火炉镇/火炉镇2023年培训记录.xlsx")  # a training file from another township
TOWNSHIPS = ("城区/北关街道", "城区/东城街道", "武隆区/江口镇", "城区/南关街道", "武隆区/白马镇")


def watched(township: str) -> dict[str, tuple[dg.AssetKey, str | None]]:
    """What must materialize after a drop into `township`, in the order it happens."""
    return {
        "ingest (trainings partition)": (INGEST_KEYS["trainings"], township),
        "consolidated facts": (FACTS_KEY, None),
        "mart_training_attendance": (MART_KEYS["mart_training_attendance"], None),
    }


def latest(instance: dg.DagsterInstance, key: dg.AssetKey, partition: str | None) -> float:
    """Timestamp of the asset's (or the partition's) latest materialization; 0 when none."""
    if partition is None:
        event = instance.get_latest_materialization_event(key)
        return event.timestamp if event else 0.0
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=key, asset_partitions=[partition]), limit=1
    ).records
    return records[0].timestamp if records else 0.0


def drop(sources: Path, township: str, instance: dg.DagsterInstance, timeout: float) -> int:
    """Drop one file into `township`, print the seconds to each materialization; how many never came."""
    dropped = sources / township / "补充培训记录.xlsx"
    shutil.copy(sources / DROPPED, dropped)
    start = time.time()
    print(f"dropped {dropped.name} into {township}")
    waiting = watched(township)
    while waiting and time.time() - start < timeout:
        for label, (key, partition) in list(waiting.items()):
            stamp = latest(instance, key, partition)
            if stamp > start:
                print(f"  {label:<30} {stamp - start:6.1f} s after the drop")
                del waiting[label]
        time.sleep(1.0)
    for label in waiting:
        print(f"  {label:<30} not materialized within {timeout:.0f} s")
    return len(waiting)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settle", type=float, default=45.0, help="seconds for the daemon's first ticks")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up on a drop after this many seconds")
    parser.add_argument(
        "--drops", type=int, default=3, choices=range(1, len(TOWNSHIPS) + 1), help="drops, one after another"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="drop-to-marts-") as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "sources", work / "sources")
        home = work / "dagster_home"
        home.mkdir()
        shutil.copy(REPO / "deploy/dagster.dev.yaml", home / "dagster.yaml")
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "CADRE_ETL_SOURCES": str(work / "sources"),
            "CADRE_ETL_WAREHOUSE_URL": f"sqlite:///{work / 'warehouse.db'}",
            "CADRE_ETL_ARCHIVE_DIR": str(work / "archive"),
            "CADRE_ETL_REPORT_DIR": str(work / "report"),
        }
        subprocess.run([BIN / "cadre-etl", "run"], env=env, check=True, stdout=subprocess.DEVNULL)
        dev = subprocess.Popen(
            [BIN / "dagster", "dev", "-w", str(REPO / "workspace.yaml"), "-p", "3917"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            time.sleep(args.settle)
            late = 0
            with dg.DagsterInstance.from_config(str(home)) as instance:
                for township in TOWNSHIPS[: args.drops]:
                    late += drop(work / "sources", township, instance, args.timeout)
            return 1 if late else 0
        finally:
            os.killpg(dev.pid, signal.SIGTERM)
            dev.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
