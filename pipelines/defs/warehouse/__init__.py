"""The warehouse domain's Dagster definitions."""
