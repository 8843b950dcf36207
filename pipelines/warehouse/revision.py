"""Autogenerate an Alembic revision from the table definitions: `python -m pipelines.warehouse.revision MESSAGE`.

It compares the code's tables with a scratch PostgreSQL schema brought to the current head (PostgreSQL, so
that column comments are compared too), writes the new revision in batch form (which SQLite can apply),
and drops the scratch schema. `CADRE_ETL_REVISION_URL` names the server (default: the local test database).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import uuid
from collections.abc import Sequence

from alembic import command
from sqlalchemy.schema import DropSchema

from pipelines.warehouse.engines import ensure_schemas, open_stores
from pipelines.warehouse.migrate import alembic_config, head_revision

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
log = logging.getLogger(__name__)


def _next_id(head: str | None) -> str:
    return f"{int(head or 0) + 1:04d}"


def autogenerate(message: str, url: str = DEFAULT_URL) -> str:
    """Write the next revision for the difference between the migrations' head and the tables; returns its id."""
    schema = f"rev_{uuid.uuid4().hex[:10]}"
    stores = open_stores(url, None, schema)
    revision_id = _next_id(head_revision())
    try:
        ensure_schemas(stores)
        with stores.analyst.begin() as connection:
            command.upgrade(alembic_config("analyst", connection), "head")
        with stores.analyst.begin() as connection:
            config = alembic_config("analyst", connection)
            config.attributes["batch"] = True
            command.revision(config, message=message, autogenerate=True, rev_id=revision_id)
    finally:
        with stores.analyst.begin() as connection:
            for name in (schema, f"{schema}_restricted"):
                connection.execute(DropSchema(name, cascade=True, if_exists=True))
        stores.dispose()
    return revision_id


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message", help="what the revision changes, in one line")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    revision = autogenerate(args.message, os.environ.get("CADRE_ETL_REVISION_URL", DEFAULT_URL))
    log.info("wrote revision %s under pipelines/warehouse/migrations/versions/: review it, then commit it", revision)
    return 0


if __name__ == "__main__":
    sys.exit(main())
