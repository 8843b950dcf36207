"""Declarative automation: consolidation and the marts follow ingest; failed townships retry nightly.

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
# Dagster's own record of each township partition's last execution replaces a scan of run history:
# at the first evaluation after 02:00 Beijing time, a township whose latest run failed runs again.
NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"
RETRY_FAILED_NIGHTLY = (
    dg.AutomationCondition.cron_tick_passed(NIGHTLY_CRON, TIMEZONE)
    & dg.AutomationCondition.execution_failed()
    & ~dg.AutomationCondition.in_progress()
).with_label("nightly retry of a failed township")
AUTOMATION_INTERVAL_SECONDS = 15

automation_sensor = dg.AutomationConditionSensorDefinition(
    "follow_ingest",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=AUTOMATION_INTERVAL_SECONDS,
    description="Consolidation and marts after townships load; failed townships again after 02:00.",
)
