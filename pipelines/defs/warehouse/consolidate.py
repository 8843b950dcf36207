"""Consolidation: one cadre per person across townships (identity + SCD2 history), and the facts.

Unpartitioned, and downstream of every township partition of every ingest asset.
"""

from collections.abc import Iterator

import dagster as dg

from pipelines import progress
from pipelines.defs.automation import AFTER_UPSTREAM
from pipelines.defs.column_schema import COLUMN_SCHEMA, ROW_COUNT, table_schema
from pipelines.defs.keys import CADRE_KEY, FACTS_KEY, INGEST_KEYS, WAREHOUSE_GROUP
from pipelines.defs.masking import masked_errors
from pipelines.defs.pools import WAREHOUSE_POOL
from pipelines.resources import WarehouseResource
from pipelines.runs import tag_run_process
from pipelines.warehouse.tables import dim_cadre

_UPSTREAM = list(INGEST_KEYS.values())


@dg.multi_asset(
    name="consolidate",
    specs=[
        dg.AssetSpec(
            CADRE_KEY,
            description="干部维度：同一人跨乡镇合并为一名干部，岗位职级变化留有历史（SCD2）。One cadre per person, with history.",
            group_name=WAREHOUSE_GROUP,
            deps=_UPSTREAM,
            kinds={"sql"},
            metadata={COLUMN_SCHEMA: table_schema(dim_cadre)},
            automation_condition=AFTER_UPSTREAM,
        ),
        dg.AssetSpec(
            FACTS_KEY,
            description="事实表：帮带对子、测评、培训出勤，按干部键关联。Pairings, evaluations and attendance keyed by cadre.",
            group_name=WAREHOUSE_GROUP,
            deps=_UPSTREAM,
            kinds={"sql"},
            automation_condition=AFTER_UPSTREAM,
        ),
    ],
    pool=WAREHOUSE_POOL,
)
@masked_errors
def consolidate(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult]:
    """Rebuilds cadre identity, SCD2 history and the fact tables from every township's current records."""
    tag_run_process(context.instance, context.run)  # it holds the pool slot: a dead worker must be seen
    progress.report("consolidate", 0, 1)
    with warehouse.open(migrate=True) as store:
        figures = store.consolidate()
        cadre_rows = store.count_rows(dim_cadre)
        fact_rows = store.fact_rows()
    progress.report("consolidate", 1, 1)
    cadre_figures = {k: v for k, v in figures.items() if "fact" not in k}
    fact_figures = {k: v for k, v in figures.items() if "fact" in k}
    yield dg.MaterializeResult(asset_key=CADRE_KEY, metadata={ROW_COUNT: cadre_rows, **cadre_figures})
    yield dg.MaterializeResult(asset_key=FACTS_KEY, metadata={ROW_COUNT: fact_rows, **fact_figures})
