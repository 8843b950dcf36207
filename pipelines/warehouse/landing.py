"""Raw landing: a content-addressed copy of every file version under the archive directory.

The copies hold every raw ID number, so the archive is owner-only: directories 0700, files 0600.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from pipelines.ingest.redact import masked

_CHUNK = 1 << 20


class SourceChangedError(RuntimeError):
    """The file on disk no longer has the content ingest read; the next run picks it up."""


def archive_path(archive_dir: Path, sha256: str) -> Path:
    """`<archive>/<first two hex digits>/<sha256>`."""
    return archive_dir / sha256[:2] / sha256


def archive(archive_dir: Path, source: Path, sha256: str) -> Path:
    """Copy `source` into the archive unless that content is already there; verify its hash."""
    target = archive_path(archive_dir, sha256)
    if target.exists():
        return target
    for folder in (archive_dir, target.parent):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)  # also when it already existed with a wider mode
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".landing-")
    try:
        with source.open("rb") as reader, os.fdopen(handle, "wb") as writer:
            for chunk in iter(lambda: reader.read(_CHUNK), b""):
                digest.update(chunk)
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        if digest.hexdigest() != sha256:
            raise SourceChangedError(f"{masked(source)} changed after it was read (sha256 {sha256[:12]}…)")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
