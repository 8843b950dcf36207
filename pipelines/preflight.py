"""What every command checks before it creates anything: the sources folder and the warehouse."""

from __future__ import annotations

from pathlib import Path

from pipelines.errors import UserError
from pipelines.ingest.files import is_ignored_name
from pipelines.warehouse.probe import probe_warehouse

__all__ = ["check_paths_exist", "check_sources", "probe_warehouse"]


def _folders(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_dir() and not is_ignored_name(p.name)]


def check_sources(root: Path) -> None:
    """Raise a `UserError` unless `root` is a folder holding at least one `<district>/<township>/` folder."""
    if not root.exists():
        raise UserError(
            f"找不到来源文件夹 {root}。请用 --sources 或环境变量 CADRE_ETL_SOURCES 指定各乡镇报表所在的文件夹。",
            f"the sources folder {root} does not exist; pass --sources or set CADRE_ETL_SOURCES.",
        )
    if not root.is_dir():
        raise UserError(f"{root} 不是文件夹。", f"{root} is not a folder; --sources names the drop-folder root.")
    if not any(_folders(district) for district in _folders(root)):
        raise UserError(
            f"来源文件夹 {root} 下没有 <区>/<乡镇>/ 子文件夹，没有可载入的报表。",
            f"no <district>/<township>/ folders under {root}: nothing to load (is it the right folder?).",
        )


def check_paths_exist(paths: list[Path]) -> None:
    """Raise a `UserError` naming the first path that does not exist."""
    for path in paths:
        if not path.exists():
            raise UserError(f"找不到文件或文件夹 {path}。", f"{path} does not exist.")
