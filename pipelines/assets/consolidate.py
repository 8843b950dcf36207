"""Consolidation: one cadre per person across townships (identity + SCD2 history), and the facts.

Unpartitioned, and downstream of every township partition of every ingest asset.
"""


from collections.abc import Iterator

import dagster as dg

from pipelines import progress
from pipelines.assets.keys import CADRE_KEY, FACTS_KEY, INGEST_KEYS, WAREHOUSE_GROUP
from pipelines.assets.pools import WAREHOUSE_POOL
from pipelines.resources import WarehouseResource

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
        ),
        dg.AssetSpec(
            FACTS_KEY,
            description="事实表：帮带对子、测评、培训出勤，按干部键关联。Pairings, evaluations and attendance keyed by cadre.",
            group_name=WAREHOUSE_GROUP,
            deps=_UPSTREAM,
            kinds={"sql"},
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def consolidate(warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult]:
    """Rebuilds cadre identity, SCD2 history and the fact tables from every township's current records."""
    progress.report("consolidate", 0, 1)
    with warehouse.open(migrate=True) as store:
        figures = store.consolidate()
    progress.report("consolidate", 1, 1)
    yield dg.MaterializeResult(asset_key=CADRE_KEY, metadata={k: v for k, v in figures.items() if "fact" not in k})
    yield dg.MaterializeResult(asset_key=FACTS_KEY, metadata={k: v for k, v in figures.items() if "fact" in k})
