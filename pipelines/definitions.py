"""The Definitions object that `workspace.yaml`, `dg` and `cadre-etl run` all load.

Assets, checks, jobs, sensors and schedules are discovered in the `pipelines/defs/` folder, as `dg`
projects do; resources are bound here, from the environment or from the caller's overrides.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import dagster as dg

from pipelines.resources import build_resources


@cache
def _defs_folder() -> dg.Definitions:
    """Everything `pipelines/defs/` defines, loaded once per process."""
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)


def build_definitions(resources: Mapping[str, dg.ConfigurableResource] | None = None) -> dg.Definitions:
    """The one asset graph; `resources` replaces the environment-built ones (the CLI's overrides, tests)."""
    bound = dg.Definitions(
        resources=dict(resources) if resources is not None else build_resources(),
        # one process per run: its steps run one after another anyway (ingest, consolidation, marts),
        # the ingest step spreads townships over its own worker processes, and a process per step
        # would pay the imports again for each (docs/operations.md, drop to marts)
        executor=dg.in_process_executor,
    )
    return dg.Definitions.merge(_defs_folder(), bound)


defs = build_definitions()
