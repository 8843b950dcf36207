"""Child process for the kill-mid-load test: loads a township and stops inside the transaction.

Usage: python -m tests.warehouse.crash_child INPUT.pickle MARKER
It waits (never commits) once every row is written, after touching MARKER, so the parent
can SIGKILL it while the load transaction is open.
"""

from __future__ import annotations

import pickle
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from pipelines.warehouse import Warehouse


def main(payload: Path, marker: Path) -> None:
    config, township, results = pickle.loads(payload.read_bytes())
    store = Warehouse(config)

    def pause_before_counting(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        # the per-kind totals are read after the last write of the kind's transaction
        if "count(" in statement.lower() and "etl_manifest" in statement:
            marker.write_text("in transaction")
            time.sleep(120)

    event.listen(store.engine, "before_cursor_execute", pause_before_counting)
    store.load_township(township, results)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
