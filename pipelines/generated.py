"""Writing a document generated from code: the shared `python -m <module> [PATH]` of docs/*.md generators."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def write_generated(render: Callable[[], str], default: Path, argv: Sequence[str] | None = None) -> int:
    """Write `render()` to the path given on the command line, or to `default`; the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else default
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return 0
