"""Child process for the dead-run sensor test: a run as the UI or a sensor launches it, with no process tags.

Usage: python -m tests.security.launched_run SOURCES (DAGSTER_HOME and CADRE_ETL_* in the environment)
It registers the townships and executes `ingest_townships` over all of them in this process (the
in-process executor, as the local run launcher's run worker does), without `cadre-etl run`'s tags.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.defs.jobs import ingest_job
from pipelines.partitions import range_tags
from pipelines.runner import register_townships


def main(sources: Path) -> None:
    with dg.DagsterInstance.get() as instance:
        keys = register_townships(instance, sources, [])
        job = build_definitions().resolve_job_def(ingest_job.name)
        job.execute_in_process(instance=instance, tags=range_tags(keys[0], keys[-1]))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
