"""The township partitions, and how a set of townships becomes run requests.

Keys are `<district>/<township>`. A handful of townships get one run each, so the UI shows
which township failed; many at once (a first load, a rebuild) get ONE run over the whole
partition range, which the ingest asset's single-run backfill policy executes in a loop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import dagster as dg

from pipelines.ingest.files import discover
from pipelines.ingest.model import SourceFile, Township

TOWNSHIPS = dg.DynamicPartitionsDefinition(name="townships")

# Dagster's public tag names for a run over a partition range (one run, many partitions).
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

# Above this many townships in one evaluation, one range run replaces per-township runs.
MAX_SEPARATE_RUNS = 25


def range_tags(first: str, last: str) -> dict[str, str]:
    """Tags that make one run cover every partition from `first` to `last` inclusive."""
    return {RANGE_START_TAG: first, RANGE_END_TAG: last}


def township_run_requests(
    keys: Sequence[str],
    ordered_keys: Sequence[str],
    run_key_of: Callable[[str], str],
    bulk_run_key: str,
    asset_selection: Sequence[dg.AssetKey] | None = None,
) -> list[dg.RunRequest]:
    """One run per township in `keys`, or one range run spanning them when there are many.

    `ordered_keys` is the partition order (the instance's, after this evaluation's additions).
    """
    if not keys:
        return []
    if len(keys) <= MAX_SEPARATE_RUNS:
        return [
            dg.RunRequest(run_key=run_key_of(key), partition_key=key, asset_selection=asset_selection) for key in keys
        ]
    position = {key: index for index, key in enumerate(ordered_keys)}
    first, last = min(keys, key=position.__getitem__), max(keys, key=position.__getitem__)
    return [dg.RunRequest(run_key=bulk_run_key, tags=range_tags(first, last), asset_selection=asset_selection)]


def townships_for_keys(
    root: Path, keys: Sequence[str], known: Mapping[Path, SourceFile] | None = None
) -> dict[str, Township]:
    """The discovered township of each key; a folder that is gone becomes an empty township.

    `known` (the warehouse's last fingerprints) spares re-hashing files whose size and mtime are unchanged;
    only the folders of `keys` are walked.
    """
    found = {township.key: township for township in discover(root, known, only=set(keys))}
    townships: dict[str, Township] = {}
    for key in keys:
        district, _, name = key.partition("/")
        townships[key] = found.get(key) or Township(district=district, township=name, path=root / district / name)
    return townships
