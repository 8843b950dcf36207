"""The jobs the sensor and the schedule launch; asset groups decide what each one holds."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.keys import INGEST_GROUP

ingest_job = dg.define_asset_job(
    name="ingest_townships",
    selection=dg.AssetSelection.groups(INGEST_GROUP),
    description="Read, validate and load the drop folders of the selected townships (one run may cover many).",
)

nightly_job = dg.define_asset_job(
    name="nightly",
    selection=dg.AssetSelection.all(),
    description="The nightly schedule's target: consolidation and the marts.",
)

run_job = dg.define_asset_job(
    name="cadre_etl_run",
    selection=dg.AssetSelection.all(),
    description="What `cadre-etl run` executes: every township, then consolidation and the marts.",
)
