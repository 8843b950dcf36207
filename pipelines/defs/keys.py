"""Asset keys and groups, in one place so jobs, checks, the schedule and the runner agree."""

from __future__ import annotations

import dagster as dg

from schemas import KINDS

INGEST_GROUP = "ingest"
WAREHOUSE_GROUP = "warehouse"
MARTS_GROUP = "marts"

INGEST_KEYS: dict[str, dg.AssetKey] = {kind: dg.AssetKey(["ingest", kind]) for kind in KINDS}
CADRE_KEY = dg.AssetKey(["warehouse", "dim_cadre"])
FACTS_KEY = dg.AssetKey(["warehouse", "facts"])
CONSOLIDATED_KEYS: tuple[dg.AssetKey, ...] = (CADRE_KEY, FACTS_KEY)
MART_VIEWS: tuple[str, ...] = (
    "mart_mentoring_summary",
    "mart_evaluation_alerts",
    "mart_training_attendance",
    "mart_graduate_placement",
    "mart_submission_status",
)
MART_KEYS: dict[str, dg.AssetKey] = {view: dg.AssetKey(["marts", view]) for view in MART_VIEWS}

REPORT_GROUP = "report"
REPORTING_KEY = dg.AssetKey(["warehouse", "reporting_reference"])
REPORT_VIEWS: tuple[str, ...] = (
    "mart_young_cadres",
    "mart_training_person",
    "mart_evaluation_alert_history",
    "mart_evaluation_results",
    "mart_submission_register",
)
REPORT_VIEW_KEYS: dict[str, dg.AssetKey] = {view: dg.AssetKey(["marts", view]) for view in REPORT_VIEWS}
REPORT_KEY = dg.AssetKey(["report", "district_report"])
