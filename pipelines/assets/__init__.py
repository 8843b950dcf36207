"""Thin decorated code: township ingest, consolidation and marts, over the pure packages."""

from __future__ import annotations

from pipelines.assets.consolidate import consolidate
from pipelines.assets.ingest import township_ingest
from pipelines.assets.marts import marts
from pipelines.checks import CONSOLIDATION_CHECKS

ASSETS = [township_ingest, consolidate, marts]
ASSET_CHECKS = [*CONSOLIDATION_CHECKS]
