"""Schema upgrades: Alembic for tables (both stores), then reference data and views.

The Alembic configuration is built in code (there is no alembic.ini); the scripts live in this
package's `migrations/` folder. `make revision m="…"` (`python -m pipelines.warehouse.migrate
revision -m "…"`) autogenerates the next one from the difference between the tables in
`tables.py` and a scratch SQLite warehouse at head. Views are not in the revisions: their SQL lives in `marts.py` and
they are recreated whenever their definition changes (or a migration ran).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from pipelines.warehouse import marts, reference
from pipelines.warehouse.engines import Stores, ensure_schemas, open_stores
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


def upgrade(stores: Stores) -> None:
    """Bring both stores to the head revision, then reference data and views. Idempotent."""
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
            marts.drop_views(connection)
            command.upgrade(alembic_config("analyst", connection), "head")
        reference.sync_vocabularies(connection)
        marts.sync_views(connection, force=migrated)


def revision(message: str, version_path: Path | None = None) -> Path:
    """Autogenerate the next revision of the analyst store; returns the new script's path.

    The restricted store's part (`_upgrade_restricted`) is left for a person to write.
    """
    with tempfile.TemporaryDirectory() as scratch:
        stores = open_stores(f"sqlite:///{Path(scratch) / 'head.db'}", None, None)
        try:
            upgrade(stores)
            with stores.analyst.begin() as connection:
                config = alembic_config("analyst", connection)
                if version_path is not None:
                    default = ScriptDirectory.from_config(config).versions
                    config.set_main_option("version_locations", f"{default} {version_path}")
                script = command.revision(
                    config,
                    message=message,
                    autogenerate=True,
                    version_path=str(version_path) if version_path else None,
                )
        finally:
            stores.dispose()
    if script is None or isinstance(script, list):
        raise RuntimeError("alembic wrote no single revision")
    return Path(script.path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.warehouse.migrate")
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("revision", help="autogenerate the next migration from tables.py")
    new.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)
    path = revision(args.message)
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
