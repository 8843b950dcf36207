"""cadre-etl: township cadre spreadsheets → validated → one SQL warehouse, orchestrated by Dagster."""
