"""The analysts' mart views as assets: materializing one verifies the view and records its size."""

from collections.abc import Iterator

import dagster as dg

from pipelines.defs.automation import AFTER_UPSTREAM
from pipelines.defs.column_schema import COLUMN_SCHEMA, view_schema
from pipelines.defs.keys import CADRE_KEY, FACTS_KEY, MART_KEYS, MARTS_GROUP
from pipelines.defs.masking import masked_errors
from pipelines.defs.metadata import view_results
from pipelines.resources import WarehouseResource

DESCRIPTIONS = {
    "mart_mentoring_summary": "帮带汇总：各区、各乡镇的导师数、对子数、覆盖年轻干部数（分项目）。Mentors, pairs and mentees per programme.",
    "mart_evaluation_alerts": "测评提醒：连续两季度优秀（经验交流）或不合格（检讨发言）的对子。Pairs due to share experience or self-criticize.",
    "mart_training_attendance": "培训出勤：各乡镇按培训类型和月份的场次、人数、出勤率、学时。Training sessions, attendance and hours per month.",
    "mart_graduate_placement": "选调生去向：各区选调生总数、在街道乡镇工作、科级、党员情况。Placement of selected graduates per district.",
    "mart_submission_status": "报送情况：各乡镇各类报表最近一次报送时间、载入和退回行数。Last submission per township and kind.",
}


@dg.multi_asset(
    name="marts",
    specs=[
        dg.AssetSpec(
            key,
            description=DESCRIPTIONS[view],
            group_name=MARTS_GROUP,
            deps=[CADRE_KEY, FACTS_KEY],
            kinds={"sql"},
            metadata={COLUMN_SCHEMA: view_schema(view)},
            automation_condition=AFTER_UPSTREAM,
        )
        for view, key in MART_KEYS.items()
    ],
    can_subset=True,
)
@masked_errors
def marts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult]:
    """Queries each selected mart view, so a broken view fails here and not in an analyst's tool."""
    with warehouse.open() as store:
        yield from view_results(store, MART_KEYS, context.selected_asset_keys)
