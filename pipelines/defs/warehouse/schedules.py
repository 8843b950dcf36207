"""The nightly schedule: consolidate and refresh the marts once a day, whatever happened.

Consolidation also follows every load (declarative automation, `defs/automation.py`), and a
township whose last run failed is retried by its automation condition after 02:00; the
schedule is the daily rebuild that refreshes day-based figures (days since last submission).
"""

import dagster as dg

from pipelines.defs.automation import NIGHTLY_CRON, TIMEZONE
from pipelines.defs.jobs import nightly_job
from pipelines.defs.keys import CONSOLIDATED_KEYS, MART_KEYS
from pipelines.defs.masking import masked_errors


@dg.schedule(
    name="nightly_consolidation",
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=TIMEZONE,
    target=nightly_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
@masked_errors
def nightly_consolidation(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """At 02:00 Beijing time: rebuild cadre identity, history, facts and marts."""
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    return dg.RunRequest(run_key=f"nightly|{day}", asset_selection=[*CONSOLIDATED_KEYS, *MART_KEYS.values()])
