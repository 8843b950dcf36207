"""Alembic environment for the warehouse: run by pipelines.warehouse.migrate with a live connection.

Two stores share these revisions: each revision's `upgrade(store)` does the part for the
store it is given ("analyst" or "restricted"), and each store keeps its own alembic_version.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from pipelines.warehouse.tables import metadata, restricted_metadata

TARGETS: dict[str, MetaData] = {"analyst": metadata, "restricted": restricted_metadata}

config = context.config
if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; use Warehouse.upgrade()")

store: str = config.attributes["store"]
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=TARGETS[store],
    compare_type=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations(store=store)
