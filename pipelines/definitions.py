"""The Definitions object that `workspace.yaml`, `dg` and `cadre-etl run` all load."""

from __future__ import annotations

from collections.abc import Mapping

import dagster as dg

from pipelines.assets.automation import automation_sensor
from pipelines.assets.checks import CONSOLIDATION_CHECKS
from pipelines.assets.consolidate import consolidate
from pipelines.assets.district_report import (
    district_report,
    expected_townships_submitted,
    report_views,
    reporting_reference,
)
from pipelines.assets.ingest import township_ingest
from pipelines.assets.marts import marts
from pipelines.jobs import ingest_job, nightly_job, run_job
from pipelines.resources import build_resources
from pipelines.schedules import nightly_consolidation
from pipelines.sensors import source_folder_sensor


def build_definitions(resources: Mapping[str, dg.ConfigurableResource] | None = None) -> dg.Definitions:
    """The one asset graph; `resources` replaces the environment-built ones (the CLI's overrides, tests)."""
    return dg.Definitions(
        assets=[township_ingest, consolidate, marts, reporting_reference, report_views, district_report],
        asset_checks=[*CONSOLIDATION_CHECKS, expected_townships_submitted],
        jobs=[ingest_job, nightly_job, run_job],
        sensors=[source_folder_sensor, automation_sensor],
        schedules=[nightly_consolidation],
        resources=dict(resources) if resources is not None else build_resources(),
    )


defs = build_definitions()
