"""The concurrency pool every warehouse writer claims a slot of.

Its limit is instance configuration (`concurrency.pools` in dagster.yaml): 1 with the SQLite
warehouse, so writers run one at a time; higher with PostgreSQL. See docs/deploy.md.
"""

WAREHOUSE_POOL = "cadre_warehouse"
