"""Before a command touches the warehouse: is its URL usable, the server reachable, the file free?

Each failure is a `UserError` naming the URL (without its password) and what to do. Nothing
is created: a SQLite file that does not exist yet is only checked for a writable folder.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, OperationalError

from pipelines.errors import UserError
from pipelines.warehouse.engines import SQLITE_BUSY_TIMEOUT_MS

CONNECT_TIMEOUT_SECONDS = 5
LOCK_WAIT_SECONDS = SQLITE_BUSY_TIMEOUT_MS / 1000
_URL_HELP = "例如 / for example: sqlite:///var/warehouse.db 或 postgresql+psycopg://postgres@127.0.0.1:5432/test"


def parse_url(url: str) -> URL:
    """The parsed URL of a supported warehouse (SQLite, or PostgreSQL through psycopg 3)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError(
            f"仓库地址无法识别：{url!r}。{_URL_HELP}",
            f"cannot parse the warehouse URL {url!r}; check CADRE_ETL_WAREHOUSE_URL or --warehouse.",
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if backend == "postgresql" and driver != "psycopg":
        raise UserError(
            f"PostgreSQL 仓库地址须以 postgresql+psycopg:// 开头：{shown}",
            f"write the PostgreSQL URL as postgresql+psycopg://… (psycopg 3 is the installed driver), not {shown}",
        )
    if backend not in ("sqlite", "postgresql"):
        raise UserError(
            f"不支持的仓库类型 {backend}：{shown}。{_URL_HELP}",
            f"unsupported warehouse backend {backend!r} in {shown}: use SQLite or PostgreSQL.",
        )
    return parsed


def _sqlite(parsed: URL, lock_wait_seconds: float) -> None:
    database = parsed.database or ""
    if not database or database == ":memory:":
        raise UserError(
            "SQLite 仓库必须是一个文件路径，例如 sqlite:///var/warehouse.db",
            "the SQLite warehouse must be a file path, for example sqlite:///var/warehouse.db",
        )
    path = Path(database)
    if not path.exists():
        folder = next(p for p in path.absolute().parents if p.exists())
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            raise UserError(
                f"无法在 {folder} 下创建仓库文件 {path}：没有写入权限。",
                f"cannot create the warehouse {path}: {folder} is not a writable folder.",
            )
        return
    if not os.access(path, os.R_OK | os.W_OK):
        raise UserError(f"没有读写仓库文件 {path} 的权限。", f"no permission to read and write the warehouse {path}.")
    connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=lock_wait_seconds, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise UserError(
                f"仓库 {path} 正被另一个进程写入（等待 {lock_wait_seconds:g} 秒后仍未释放），请等它结束后重试。",
                f"the warehouse {path} is locked by another writer (a run in `make dev`?); retry when it has finished.",
            ) from error
        raise
    except sqlite3.DatabaseError as error:
        raise UserError(
            f"{path} 不是 SQLite 数据库文件：{error}",
            f"{path} is not a SQLite database ({error}); point --warehouse at the warehouse file.",
        ) from error
    finally:
        connection.close()


def _postgresql(parsed: URL) -> None:
    shown = parsed.render_as_string(hide_password=True)
    engine = create_engine(parsed, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        detail = str(error.orig).strip().splitlines()
        said = next((line.split("FATAL:", 1)[1].strip() for line in detail if "FATAL:" in line), None)
        if said is not None:
            raise UserError(
                f"数据库拒绝连接 {shown}：{said}。请检查用户名、密码和数据库名。",
                f"the database server refused {shown}: {said}. Check the user, password and database name.",
            ) from error
        raise UserError(
            f"无法连接数据库 {shown}：{detail[0] if detail else error}。请确认 PostgreSQL 已启动、地址和端口正确。",
            f"cannot reach the database at {shown}; is PostgreSQL running and listening there?",
        ) from error
    finally:
        engine.dispose()


def probe_warehouse(url: str, lock_wait_seconds: float | None = None) -> None:
    """Raise a `UserError` unless the warehouse at `url` can be opened for writing now (default wait: LOCK_WAIT_SECONDS)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        _sqlite(parsed, LOCK_WAIT_SECONDS if lock_wait_seconds is None else lock_wait_seconds)
    else:
        _postgresql(parsed)
