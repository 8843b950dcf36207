"""The report domain's Dagster definitions."""
