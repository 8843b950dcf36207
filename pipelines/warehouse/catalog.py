"""Every analyst view of the warehouse, in creation order: the marts, then the report's views."""

from __future__ import annotations

from pipelines.warehouse import marts, report_views
from pipelines.warehouse.marts import View

VIEWS: tuple[View, ...] = (*marts.VIEWS, *report_views.VIEWS)
VIEW_NAMES: tuple[str, ...] = tuple(v.name for v in VIEWS)
