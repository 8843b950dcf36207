"""Ingest test fixtures: a fixed "today", and a hypothesis profile that keeps the suite quick."""

from __future__ import annotations

import pytest
from hypothesis import settings as hypothesis_settings

from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import TODAY

hypothesis_settings.register_profile("ingest", max_examples=60, deadline=None)
hypothesis_settings.load_profile("ingest")


@pytest.fixture
def settings() -> IngestSettings:
    return IngestSettings(today=TODAY)
