"""cadre-etl command line: run | check | template | demo | report | db upgrade | db grant.

Each sub-command is a thin shell over one function of the package; `run` materializes the
same Dagster asset graph that `definitions.py` gives the UI.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from pipelines.errors import UserError
from pipelines.ingest.redact import printable
from schemas import KINDS

USER_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cadre-etl", description="干部信息汇总 ETL / cadre records ETL")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="every log line, and the traceback of an error")
    sub = parser.add_subparsers(dest="command", required=True)
    add = functools.partial(sub.add_parser, parents=[common])

    run = add("run", help="materialize the whole asset graph once and print the summary")
    run.add_argument("--sources", type=Path, help="drop-folder root (default: $CADRE_ETL_SOURCES or sources)")
    run.add_argument("--warehouse", help="SQLAlchemy URL (default: $CADRE_ETL_WAREHOUSE_URL or var/warehouse.db)")
    run.add_argument(
        "--township",
        action="append",
        default=[],
        metavar="区/乡镇",
        help="only this township, e.g. 武隆区/火炉镇 (repeatable); consolidation, marts and the report follow",
    )

    check = add("check", help="validate files without loading; write feedback workbooks")
    check.add_argument("paths", nargs="+", type=Path, help="files or folders")
    check.add_argument("--json", action="store_true", help="print one JSON object per file")

    template = add("template", help="write a blank template for one record kind")
    template.add_argument("kind", choices=KINDS)
    template.add_argument("-o", "--output", type=Path, help="where to write the .xlsx")

    demo = add("demo", help="write the deterministic demo drop folder")
    demo.add_argument("--out", type=Path, required=True)

    report = add("report", help="write the district report (xlsx and HTML) from the warehouse")
    report.add_argument("--out", type=Path, required=True, help="folder for the .xlsx and the .html")
    report.add_argument("--district", help="one district (default: every district, with province totals)")
    report.add_argument("--as-of", help="reporting date YYYY-MM-DD (default: the warehouse's stored reporting date)")
    report.add_argument("--period", choices=["month", "quarter"], help="reporting period (default: as stored)")
    report.add_argument("--warehouse", help="SQLAlchemy URL")

    db = add("db", help="warehouse schema; analyst roles on PostgreSQL")
    db.add_argument("action", choices=["upgrade", "grant"])
    db.add_argument("role", nargs="?", help="grant: an existing PostgreSQL login role, to read the analyst schema only")
    db.add_argument("--district", action="append", default=[], help="grant: only this district's rows (repeatable)")
    db.add_argument("--warehouse", help="SQLAlchemy URL")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command; 2 (and two lines, no traceback unless --verbose) when its inputs are wrong."""
    args = _parser().parse_args(argv)
    # warnings only, unless --verbose: then our own INFO lines too
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pipelines").setLevel(level)
    for handler in logging.getLogger().handlers:
        # Dagster's managed_python_loggers raise `pipelines` to INFO inside a run (for its event
        # log); the terminal still shows only warnings unless --verbose
        handler.setLevel(level)
    try:
        return _dispatch(args)
    except UserError as error:
        if args.verbose:
            traceback.print_exc()
        print(printable(f"错误：{error.zh}"), printable(f"error: {error.en}"), sep="\n", file=sys.stderr)
        return USER_ERROR


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        # loading Dagster and pandas takes seconds: a terminal sees a spinner at once, gone when the progress lines start
        with Console(stderr=True).status("启动中，正在载入 Dagster / starting: loading Dagster …"):
            from pipelines.runner import run_pipeline

        return run_pipeline(
            sources=args.sources, warehouse_url=args.warehouse, townships=args.township, verbose=args.verbose
        )
    if args.command == "check":
        from pipelines.commands import check_command
        from pipelines.preflight import check_paths_exist
        from pipelines.runner import ingest_settings

        check_paths_exist(args.paths)
        return check_command(args.paths, as_json=args.json, settings=ingest_settings())
    if args.command == "template":
        from pipelines.commands import template_command

        return template_command(args.kind, args.output)
    if args.command == "demo":
        from pipelines.demo import generate

        generate(args.out)
        return 0
    if args.command == "report":
        from pipelines.report_command import report_command

        return report_command(args.out, args.district, args.as_of, args.period, args.warehouse)
    if args.command == "db" and args.action == "grant":
        from pipelines.runner import db_grant

        if not args.role:
            _parser().error("db grant needs a ROLE")
        return db_grant(args.warehouse, args.role, args.district)
    if args.command == "db":
        from pipelines.runner import db_upgrade

        return db_upgrade(args.warehouse)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
