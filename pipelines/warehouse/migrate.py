"""Schema upgrades: Alembic for tables (both stores), then reference data, views and the training aggregates.

The Alembic configuration is built in code; the scripts live in this package's
`migrations/` folder. Views are not in the revisions: their SQL lives in `sql/<view>.sql` and they are
recreated whenever their definition changes (or a migration ran); an aggregate is recomputed in full
when its SQL changes (aggregates.py).
"""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse import aggregates, catalog, marts, reference, roles
from pipelines.warehouse.engines import Stores, ensure_schemas
from pipelines.warehouse.locks import lock

log = logging.getLogger(__name__)

# Alembic's package notation: the migrations ship inside this package, wherever it is installed.
SCRIPT_LOCATION = "pipelines.warehouse:migrations"


def alembic_config(store: str, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["store"] = store
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("analyst")).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(stores: Stores, settings: IngestSettings | None = None) -> None:
    """Both stores to the head revision, then reference data, settings (default IngestSettings()), views. Idempotent."""
    ensure_schemas(stores)
    head = head_revision()
    with stores.restricted.begin() as connection:
        lock(connection, "upgrade restricted")
        if current_revision(connection) != head:
            log.info("migrating the restricted store to %s", head)
            command.upgrade(alembic_config("restricted", connection), "head")
    with stores.analyst.begin() as connection:
        lock(connection, "upgrade analyst")
        migrated = current_revision(connection) != head
        if migrated:
            log.info("migrating the warehouse to %s", head)
            marts.drop_views(connection, catalog.VIEWS)
            command.upgrade(alembic_config("analyst", connection), "head")
        reference.sync_vocabularies(connection)
        reference.sync_settings(connection, settings or IngestSettings())
        marts.sync_views(connection, force=migrated, views=catalog.VIEWS)
        aggregates.sync(connection)
        if stores.analyst_schema is not None:  # PostgreSQL
            roles.protect_new_tables(connection, stores.analyst_schema)
