"""`source_folder_sensor`: a township that drops, changes or removes a file gets a run.

The folder is compared by content (sha256, via `files.discover`) with the township states the
warehouse manifest recorded at its last load; the cursor only keeps two short digests.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.defs.jobs import ingest_job
from pipelines.defs.masking import masked_errors
from pipelines.ingest.files import discover, township_fingerprint
from pipelines.ingest.model import SourceFile, Township
from pipelines.partitions import TOWNSHIPS, township_run_requests
from pipelines.resources import SourcesResource, WarehouseResource

EMPTY_FINGERPRINT = hashlib.sha256().hexdigest()  # a township with no files (or a removed folder)
SENSOR_INTERVAL_SECONDS = 15


@dataclass(frozen=True)
class FolderPlan:
    """What one evaluation decided: partitions to add, townships to run, the next cursor."""

    new_keys: list[str]
    changed: dict[str, str]  # township key -> run key
    cursor: str

    @property
    def bulk_run_key(self) -> str:
        """The run key of one range run over many townships: names both states compared."""
        state = json.loads(self.cursor)
        return f"all|{state['warehouse']}>{state['folder']}"


def _digest(pairs: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for key in sorted(pairs):
        digest.update(f"{key}\0{pairs[key]}\n".encode())
    return digest.hexdigest()[:16]


def plan_folder_runs(
    townships: Sequence[Township],
    stored: Mapping[str, str],
    registered: Sequence[str],
) -> FolderPlan:
    """Compare the folder with the warehouse's last loaded fingerprints, township by township.

    The run key names the change (`key|stored>current`), so the same contents are never run
    twice from the same state, while a file put back to an earlier version still loads.
    """
    current = {t.key: township_fingerprint(t) for t in townships}
    for key in stored:
        current.setdefault(key, EMPTY_FINGERPRINT)  # folder removed: its records go too
    known = set(registered)
    new_keys = [key for key in sorted(current) if key not in known]
    changed = {
        key: f"{key}|{stored.get(key, 'none')[:16]}>{fingerprint[:16]}"
        for key, fingerprint in sorted(current.items())
        if stored.get(key, EMPTY_FINGERPRINT) != fingerprint
    }
    cursor = json.dumps({"townships": len(current), "folder": _digest(current), "warehouse": _digest(stored)})
    return FolderPlan(new_keys=new_keys, changed=changed, cursor=cursor)


@dg.sensor(
    name="source_folder_sensor",
    target=ingest_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
@masked_errors
def source_folder_sensor(
    context: dg.SensorEvaluationContext,
    sources: SourcesResource,
    warehouse: WarehouseResource,
) -> dg.SensorResult:
    """Registers new township folders as partitions and runs each township whose files changed."""
    stored: dict[str, str] = {}
    known: dict[Path, SourceFile] = {}
    with warehouse.open() as store:  # read only: the run it launches migrates a new warehouse
        if store.is_created():
            stored = store.township_states()
            known = {f.path: f for f in store.current_files()}  # unchanged size+mtime: no re-hash
    townships = discover(sources.root_path(), known)
    registered = context.instance.get_dynamic_partitions(TOWNSHIPS.name)
    plan = plan_folder_runs(townships, stored, registered)
    if plan.cursor == context.cursor and not plan.new_keys:
        return dg.SensorResult(skip_reason="nothing changed since the last evaluation", cursor=plan.cursor)
    requests = township_run_requests(
        list(plan.changed),
        [*registered, *plan.new_keys],
        run_key_of=plan.changed.__getitem__,
        bulk_run_key=plan.bulk_run_key,
    )
    return dg.SensorResult(
        run_requests=requests or None,
        skip_reason=None if requests else "every township folder matches the warehouse",
        dynamic_partitions_requests=[TOWNSHIPS.build_add_request(plan.new_keys)] if plan.new_keys else None,
        cursor=plan.cursor,
    )
