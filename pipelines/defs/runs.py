"""`dead_run_sensor`: the daemon's own check for runs whose process died, every 30 seconds.

A run executes in the process that its tags name (`cadre-etl/host`, `cadre-etl/pid`,
`cadre-etl/process-started`, see `pipelines/runs.py`). Killed with -9, it stays STARTED and keeps
its slot of the `cadre_warehouse` pool, so every later run would wait. `cadre-etl run` clears such
runs when it starts; this sensor does the same under `make dev` or the daemon, so a dead run's slot
is free within a minute instead of after `max_runtime_seconds`. It launches nothing.
"""

import dagster as dg

from pipelines.defs.masking import masked_errors
from pipelines.runs import recover_dead_runs

DEAD_RUN_INTERVAL_SECONDS = 30


@dg.sensor(
    name="dead_run_sensor",
    minimum_interval_seconds=DEAD_RUN_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Marks runs whose process on this host is gone as failed and frees their pool slots.",
)
@masked_errors
def dead_run_sensor(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    """Marks this host's dead runs failed (freeing their pool slots); launches nothing."""
    dead = recover_dead_runs(context.instance)
    if dead:
        return dg.SkipReason(f"marked {len(dead)} dead run(s) failed and freed their pool slots: {', '.join(dead)}")
    return dg.SkipReason("no run of this host has lost its process")
