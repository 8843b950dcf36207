"""Declarative automation: consolidation and the marts follow ingest within a sensor tick or two.

`AFTER_UPSTREAM` is Dagster's `eager()` without its "no upstream partition missing" clause: a
township whose folder is registered but has never loaded (a broken file) must not hold back
everyone else's consolidation. Runs that already included the asset (`cadre-etl run`) do not
trigger it again.
"""

from __future__ import annotations

import dagster as dg

AFTER_UPSTREAM = (
    dg.AutomationCondition.eager()
    .without(~dg.AutomationCondition.any_deps_missing())
    .with_label("after any upstream update")
)
AUTOMATION_INTERVAL_SECONDS = 30

automation_sensor = dg.AutomationConditionSensorDefinition(
    "follow_ingest",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=AUTOMATION_INTERVAL_SECONDS,
    description="Requests consolidation and the marts after townships load (their automation conditions).",
)
