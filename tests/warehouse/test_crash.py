"""A load killed in the middle leaves the previous state intact; the next run completes it."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from pipelines.warehouse import Warehouse, WarehouseConfig
from pipelines.warehouse.tables import REC, etl_manifest
from tests.warehouse.builders import Folder, cadre, make_id, month, sheet

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = [(f"干部{n}", make_id(month(1980 + n, 1), 40 + n)) for n in range(6)]


def _analyst(checksums: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in checksums.items() if not name.startswith("restricted.")}


def _current_posts(store: Warehouse) -> set[str]:
    rec, m = REC["cadres"], etl_manifest
    with store.engine.connect() as connection:
        query = select(rec.c.post).join(m, m.c.manifest_id == rec.c.manifest_id).where(m.c.is_current)
        return set(connection.execute(query).scalars())


def _kill_mid_load(config: WarehouseConfig, folder: Folder, tmp_path: Path) -> None:
    payload, marker = tmp_path / "input.pickle", tmp_path / "marker"
    payload.write_bytes(pickle.dumps((config, folder.as_township(), folder.results())))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.warehouse.crash_child", str(payload), str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, "the child ended before reaching the middle of its load"
        assert time.monotonic() < deadline, "the child never reached the middle of its load"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def test_a_load_killed_mid_transaction_leaves_the_previous_state_and_the_next_run_completes_it(
    warehouse: Warehouse, warehouse_config: WarehouseConfig, sources: Path, tmp_path: Path
) -> None:
    folder = Folder(sources, "武隆区", "火炉镇")
    folder.put("花名册.xlsx", sheet("cadres", [cadre(name, number, post="干事") for name, number in PEOPLE[:4]]))
    folder.load(warehouse)
    warehouse.consolidate()
    before = _analyst(warehouse.table_checksums())

    folder.put("花名册.xlsx", sheet("cadres", [cadre(name, number, post="副主任") for name, number in PEOPLE]))
    _kill_mid_load(warehouse_config, folder, tmp_path)

    survivor = Warehouse(warehouse_config)
    try:
        assert _analyst(survivor.table_checksums()) == before
        assert _current_posts(survivor) == {"干事"}
        stats = folder.load(survivor)
        assert stats["cadres"].changed and stats["cadres"].loaded == 6
        assert survivor.consolidate()["versions_opened"] == 6
        assert _current_posts(survivor) == {"副主任"}
    finally:
        survivor.dispose()
