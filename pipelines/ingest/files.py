"""Discover drop folders `<root>/<district>/<township>/` and fingerprint their files by content.

Ignored, by rule: temporary Office files (`~$…`), hidden files, the `_反馈` feedback folders
this pipeline writes, Markdown notes (documentation, such as the demo's README), a district's
`_townships.yaml` registry and any symlink whose target lies outside the sources root. A file
lying directly in the root or a district folder is not read and is logged as such.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from pipelines.ingest.model import MAX_DISTRICT_NAME, MAX_TOWNSHIP_NAME, SourceFile, Township, township_name_fits
from pipelines.ingest.redact import masked

log = logging.getLogger(__name__)

FEEDBACK_DIR = "_反馈"
REGISTRY_FILE = "_townships.yaml"  # a district's expected-townships list (ingest/registry.py), not a source
_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_ignored_name(name: str) -> bool:
    """Temporary Office lock files, hidden files, feedback folders, Markdown notes and registries are never sources."""
    return name.startswith(("~$", ".")) or name in (FEEDBACK_DIR, REGISTRY_FILE) or name.endswith(".md")


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink resolved, stays under `root` (already resolved)."""
    return path.resolve().is_relative_to(root)


def _walk_files(folder: Path, root: Path) -> Iterator[Path]:
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if is_ignored_name(entry.name):
            continue
        if entry.is_symlink() and not _inside(entry, root):
            log.warning("ignoring symlink out of the sources root: %s", masked(entry))
            continue
        if entry.is_dir():
            yield from _walk_files(entry, root)
        elif entry.is_file():
            yield entry


def source_files(folder: Path, root: Path | None = None) -> list[Path]:
    """Every source file below `folder`, by the rules above; symlinks may not leave `root` (default: `folder`)."""
    return list(_walk_files(folder, (root or folder).resolve()))


def _subdirs(folder: Path, root: Path) -> list[Path]:
    """Sub-folders that may be districts or townships; loose files at this level are reported."""
    for stray in sorted(p for p in folder.iterdir() if p.is_file() and not is_ignored_name(p.name)):
        log.warning("not in a <district>/<township>/ folder, so not read: %s", masked(stray))
    return [
        p
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.is_dir() and not is_ignored_name(p.name) and not (p.is_symlink() and not _inside(p, root))
    ]


def discover(
    root: Path,
    known: Mapping[Path, SourceFile] | None = None,
    only: Collection[str] | None = None,
) -> list[Township]:
    """Every township folder under `root` (or only those whose key is in `only`) with its files fingerprinted.

    `known` maps a path to its last fingerprint: when size and mtime are unchanged the
    stored sha256 is reused instead of reading the file again (contents still decide
    whether anything changed; a touched file is re-hashed and compares equal). `only` spares a run
    of a few townships walking and fingerprinting the files of the whole province.
    """
    root = root.resolve()
    known = known or {}
    townships: list[Township] = []
    if not root.is_dir():
        return townships
    for district in _subdirs(root, root):
        for folder in _subdirs(district, root):
            if only is not None and f"{district.name}/{folder.name}" not in only:
                continue
            if not township_name_fits(district.name, folder.name):
                log.warning(
                    "文件夹名称过长（区县不超过 %d 个字符、乡镇不超过 %d 个字符），未读取，请改短：%s / "
                    "folder name too long, not read",
                    MAX_DISTRICT_NAME,
                    MAX_TOWNSHIP_NAME,
                    masked(folder),
                )
                continue
            if masked(district.name) != district.name or masked(folder.name) != folder.name:
                # the folder name would become a Dagster partition key, shown and stored everywhere
                log.warning(
                    "文件夹名称含身份证号，未读取，请改为区县或乡镇名称：%s / folder named with an ID number, not read",
                    masked(folder),
                )
                continue
            files = tuple(_fingerprint(path, known) for path in _walk_files(folder, root))
            townships.append(Township(district=district.name, township=folder.name, path=folder, files=files))
    return townships


def _fingerprint(path: Path, known: Mapping[Path, SourceFile]) -> SourceFile:
    stat = path.stat()
    previous = known.get(path)
    if previous is not None and previous.size == stat.st_size and previous.mtime_ns == stat.st_mtime_ns:
        return previous
    return SourceFile(path=path, sha256=sha256_of(path), size=stat.st_size, mtime_ns=stat.st_mtime_ns)


def township_fingerprint(township: Township) -> str:
    """One sha256 over the township's file names and contents: equal exactly when nothing changed."""
    digest = hashlib.sha256()
    for source in sorted(township.files, key=lambda f: str(f.path)):
        digest.update(os.fsencode(source.path.relative_to(township.path)))
        digest.update(b"\0" + source.sha256.encode() + b"\n")
    return digest.hexdigest()
