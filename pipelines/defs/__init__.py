"""The Dagster shell, one folder per domain: `dagster.load_from_defs_folder` collects what it defines.

- `ingest/`: the township ingest assets and the drop-folder sensor;
- `warehouse/`: consolidation, the marts and the nightly schedule;
- `report/`: the reporting reference, the report views and the district report;
- `checks.py`, `automation.py`, `jobs.py`: asset checks, declarative automation and jobs across them;
- `keys.py`, `pools.py`, `column_schema.py`, `metadata.py`: names and metadata helpers they share.

Resources are not defined here: `pipelines/definitions.py` binds them (from the environment, or the
CLI's and tests' overrides). Pure logic lives outside, in `pipelines/ingest`, `pipelines/warehouse`, `pipelines/report`.
"""
