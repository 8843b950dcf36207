"""cadre-etl command line: run | check | template | demo | db upgrade.

Each sub-command is a thin shell over one function of the package; `run` materializes the
same Dagster asset graph that `definitions.py` gives the UI.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from schemas import KINDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cadre-etl", description="干部信息汇总 ETL / cadre records ETL")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize the whole asset graph once and print the summary")
    run.add_argument("--sources", type=Path, help="drop-folder root (default: $CADRE_ETL_SOURCES or sources)")
    run.add_argument("--warehouse", help="SQLAlchemy URL (default: $CADRE_ETL_WAREHOUSE_URL or var/warehouse.db)")

    check = sub.add_parser("check", help="validate files without loading; write feedback workbooks")
    check.add_argument("paths", nargs="+", type=Path, help="files or folders")
    check.add_argument("--json", action="store_true", help="print one JSON object per file")

    template = sub.add_parser("template", help="write a blank template for one record kind")
    template.add_argument("kind", choices=KINDS)
    template.add_argument("-o", "--output", type=Path, help="where to write the .xlsx")

    demo = sub.add_parser("demo", help="write the deterministic demo drop folder")
    demo.add_argument("--out", type=Path, required=True)

    db = sub.add_parser("db", help="warehouse schema")
    db.add_argument("action", choices=["upgrade"])
    db.add_argument("--warehouse", help="SQLAlchemy URL")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # our own progress at INFO; libraries (Dagster's ephemeral instance, Alembic) only when they warn
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pipelines").setLevel(logging.INFO)
    if args.command == "run":
        from pipelines.runner import run_pipeline

        return run_pipeline(sources=args.sources, warehouse_url=args.warehouse)
    if args.command == "check":
        from pipelines.commands import check_command
        from pipelines.runner import ingest_settings

        return check_command(args.paths, as_json=args.json, settings=ingest_settings())
    if args.command == "template":
        from pipelines.commands import template_command

        return template_command(args.kind, args.output)
    if args.command == "demo":
        from pipelines.demo import generate

        generate(args.out)
        return 0
    if args.command == "db":
        from pipelines.runner import db_upgrade

        return db_upgrade(args.warehouse)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
