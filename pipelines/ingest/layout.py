"""Find the table in a grid: header row (one or two levels), sheet kind, column mapping, and the rows to skip."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from pipelines.ingest.read import Grid
from pipelines.ingest.text import cell_text, fold, simplify, vocabulary_in
from schemas.registry import fields, required_groups
from schemas.vocab import header_rules, headers

SKIP_BLANK = "空行"
SKIP_FOOTER = "表尾（填表人、审核人、合计、注等）"
SKIP_REPEATED_HEADER = "重复的表头行"
SKIP_UNKNOWN_SHEET = "工作表类型无法识别，整表未读取"
SKIP_NO_HEADER = "找不到表头，整表未读取"

_FOOTER_WORDS = (
    "填表人",
    "填报人",
    "填表",
    "审核人",
    "审核",
    "审批人",
    "制表人",
    "制表",
    "填报日期",
    "填表日期",
    "报送日期",
    "负责人",
    "单位负责人",
    "联系人",
    "联系电话",
    "合计",
    "总计",
    "小计",
)
_FOOTER_NOTES = ("注", "说明", "备注")  # only when a colon follows
_FOOTER = re.compile(r"\s*(?:" + "|".join(_FOOTER_WORDS) + "|(?:" + "|".join(_FOOTER_NOTES) + r")\s*[:：])")
_FOOTER_FIRST_CHARS = frozenset({word[0] for word in _FOOTER_WORDS + _FOOTER_NOTES} | {" ", "\t", "\u3000"})
_UNIT_SUFFIX = re.compile(r"\([^()]*\)$")
_WHITESPACE = re.compile(r"\s+")
_MIN_HEADER_FIELDS = 2
_MIN_REQUIRED_SHARE = 0.5  # below this, a sheet not named for the kind is not taken as that kind


@dataclass(frozen=True)
class Note:
    """A sheet-level finding of layout, turned into a Problem by the rule table."""

    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    """One sheet's table: its kind, header mapping and the raw cells of its data rows."""

    sheet: str
    kind: str | None
    hidden: bool
    header_row: int | None  # Excel row number of the (last) header row
    labels: dict[str, str]  # field → header as written in the file
    columns: dict[str, int]  # field → 0-based column index
    data: pd.DataFrame  # raw cells of the rows kept; columns = fields; index = Excel row numbers
    rows_read: int
    skip_reasons: dict[str, int]
    notes: list[Note]
    missing: list[str]  # required fields without a column
    absent: list[str] = field(default_factory=list)  # optional fields without a column (NULL in the warehouse)

    @property
    def skipped(self) -> int:
        return sum(self.skip_reasons.values())


@lru_cache(maxsize=2**14)
def header_key(text: str) -> str:
    """A header as matched: folded, spaces and line breaks removed, Simplified, no '*' marks or trailing unit."""
    key = simplify(_WHITESPACE.sub("", fold(text))).strip("*:").upper()
    return _UNIT_SUFFIX.sub("", key) or key


@cache
def _label_lookup(kind: str) -> dict[str, str]:
    """Header key → field (or combined column, e.g. unit_post), for one kind."""
    lookup = {header_key(label): spec.name for spec in fields(kind) for label in spec.labels}
    for combined in headers()[kind].combined:
        lookup.update({header_key(label): combined.name for label in combined.labels})
    return lookup


@cache
def _all_keys(kind: str) -> tuple[str, ...]:
    return tuple(header_key(label) for spec in fields(kind) for label in spec.labels)


@cache
def _ignored_keys() -> frozenset[str]:
    return frozenset(header_key(h) for h in header_rules().ignored)


def _covered(kind: str, mapping: dict[str, int]) -> set[str]:
    """The fields a header mapping provides, a combined column counting for each field it holds."""
    covered = set(mapping)
    for combined in headers()[kind].combined:
        if combined.name in mapping:
            covered.update(combined.into)
    return covered


def lacking(kind: str, mapping: dict[str, int]) -> list[str]:
    """Required columns (one field of each required group) that a header mapping does not provide."""
    covered = _covered(kind, mapping)
    return [group[0] for group in required_groups(kind) if not covered.intersection(group)]


def _fill_merged(cells: list[list[Any]], merged: tuple[tuple[int, int, int, int], ...]) -> list[list[Any]]:
    """Copy each merged range's top-left value into the whole range (rows are copied before they change)."""
    if not merged:
        return cells
    cells = list(cells)
    for r0, c0, r1, c1 in merged:
        if r0 >= len(cells) or c0 >= len(cells[r0]):
            continue
        value = cells[r0][c0]
        for r in range(r0, min(r1, len(cells) - 1) + 1):
            row = cells[r] = list(cells[r])
            row.extend([""] * (c1 + 1 - len(row)))
            row[c0 : c1 + 1] = [value] * (c1 + 1 - c0)
    return cells


def _row_text(cells: list[list[Any]], r: int, width: int) -> list[str]:
    if r < 0 or r >= len(cells):
        return [""] * width
    row = cells[r]
    return [cell_text(row[c]) if c < len(row) else "" for c in range(width)]


def _parent_texts(cells: list[list[Any]], r: int, width: int, above: list[str] | None = None) -> list[str] | None:
    """The row above a header row, blanks filled from the left (WPS's 跨列居中 leaves the cells after the first blank).

    `above`: that row's texts, when already known.
    """
    if r == 0:
        return None
    texts = list(above) if above is not None else _row_text(cells, r - 1, width)
    for c in range(1, width):
        if not texts[c].strip():
            texts[c] = texts[c - 1]
    return texts


@dataclass(frozen=True)
class _Candidate:
    row: int  # 0-based index of the (last) header row
    two_level: bool
    kind: str
    mapping: dict[str, int]
    score: tuple[float, int]
    joined: bool = False  # some column matched only as parent + child (全日制教育 / 学历)


def _options(child: str, parent: str | None) -> list[str]:
    child_key, parent_key = header_key(child), header_key(parent or "")
    if parent is None or not parent_key or parent_key == child_key:
        return [child_key] if child_key else []
    if not child_key:
        return [parent_key]
    return [header_key(parent + child), child_key]


def _match(kind: str, options: list[list[str]]) -> dict[str, int]:
    lookup = _label_lookup(kind)
    mapping: dict[str, int] = {}
    for column, keys in enumerate(options):
        for key in keys:
            field_name = lookup.get(key)
            if field_name is not None and field_name not in mapping:
                mapping[field_name] = column
                break
    return mapping


def _score(kind: str, mapping: dict[str, int]) -> tuple[float, int]:
    groups = required_groups(kind)
    share = 1 - len(lacking(kind, mapping)) / len(groups)
    return share, len(mapping)


@cache
def _known_keys() -> frozenset[str]:
    """The header keys of every kind: a column none of whose options is one of them matches no kind."""
    return frozenset(key for kind in headers() for key in _label_lookup(kind))


_DIGITS = frozenset("0123456789")


@cache
def _digit_ends_unkeyed() -> bool:
    """Whether no known header key ends in an ASCII digit (so a cell whose text does is no header, alone or joined)."""
    return not any(key[-1] in _DIGITS for key in _known_keys())


def _keyable(texts: list[str]) -> list[bool]:
    """Which cells of a row may hold a known header, alone or under their parent.

    A text ending in an ASCII digit (a number, a date, an ID) keeps that digit last through `header_key` (folding,
    Simplified characters, upper case and the trailing-unit rule leave it), with or without a parent before it.
    """
    if not _digit_ends_unkeyed():
        return [True] * len(texts)
    return [text.rstrip()[-1:] not in _DIGITS for text in texts]


def _row_candidates(
    cells: list[list[Any]], texts: list[list[str]], r: int, width: int, keyable: list[bool]
) -> list[_Candidate]:
    """The header readings of row `r` (one level, and under the row above); cells not `keyable` hold no header."""
    found: list[_Candidate] = []
    child = texts[r]
    if sum(bool(c.strip()) for c in child) < _MIN_HEADER_FIELDS:
        return found
    known = _known_keys()
    parent = _parent_texts(cells, r, width, texts[r - 1] if r else None)
    variants = [(False, [_options(c, None) if k else [] for c, k in zip(child, keyable, strict=True)])]
    if parent is not None:
        options = [_options(c, p) if k else [] for c, p, k in zip(child, parent, keyable, strict=True)]
        variants.append((True, options))
    for two_level, options in variants:
        # a kind's mapping takes at most one field per column whose options hold a known key
        if sum(any(key in known for key in keys) for keys in options) < _MIN_HEADER_FIELDS:
            continue
        for kind in headers().values():
            mapping = _match(kind.kind, options)
            if len(mapping) >= _MIN_HEADER_FIELDS:
                lookup = _label_lookup(kind.kind)
                joined = two_level and any(
                    len(options[c]) == 2 and lookup.get(options[c][0]) == f for f, c in mapping.items()
                )
                found.append(_Candidate(r, two_level, kind.kind, mapping, _score(kind.kind, mapping), joined))
    return found


def _candidates(cells: list[list[Any]], width: int, scan: int) -> list[_Candidate]:
    """Every header reading of the first `scan` rows that could be chosen.

    A row with fewer cells that may hold a header than the widest reading with every required column found above
    it can only score lower, and is not read.
    """
    found: list[_Candidate] = []
    texts = [_row_text(cells, r, width) for r in range(min(scan, len(cells)))]
    widest = 0
    for r, child in enumerate(texts):
        keyable = _keyable(child)
        if sum(keyable) < widest:
            continue
        row = _row_candidates(cells, texts, r, width, keyable)
        widest = max([widest, *(len(c.mapping) for c in row if c.score[0] == 1)])
        found += row
    return found


def _word_kind(text: str, attribute: str) -> str | None:
    key = simplify(fold(text))
    for kind in headers().values():
        if any(word in key for word in getattr(kind, attribute)):
            return kind.kind
    return None


def _preference(candidate: _Candidate) -> tuple[bool, bool, int]:
    """Among equal scores: a genuine two-level reading, then one header row, then the earliest row."""
    return not candidate.joined, candidate.two_level, candidate.row


def _choose(found: list[_Candidate], sheet: str, file_stem: str) -> _Candidate | None:
    """The best header candidate: most required columns matched, then most columns; ties by sheet then file name."""
    if not found:
        return None
    best_score = max(c.score for c in found)
    best = [c for c in found if c.score == best_score]
    for hint in (_word_kind(sheet, "sheet_words"), _word_kind(file_stem, "file_words")):
        hinted = [c for c in best if c.kind == hint]
        if hinted:
            best = hinted
            break
    chosen = min(best, key=_preference)
    # A header merged down over two rows (序号 / 姓名 … above 学历 / 学位) also matches on its first row:
    # the header ends at the last of consecutive rows that match as well.
    while below := [c for c in best if c.kind == chosen.kind and c.row == chosen.row + 1]:
        chosen = min(below, key=_preference)
    return chosen


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_notes(
    kind: str, child: list[str], parent: list[str] | None, mapping: dict[str, int], header_row: int
) -> list[Note]:
    notes: list[Note] = []
    mapped_columns = set(mapping.values())
    lookup = _label_lookup(kind)
    for column, text in enumerate(child):
        written = (parent[column] + text if parent and parent[column] != text else text).strip()
        key = header_key(written)
        if column in mapped_columns or not key or key in _ignored_keys() or header_key(text) in _ignored_keys():
            continue
        field_name = lookup.get(key) or lookup.get(header_key(text))
        if field_name is not None:
            notes.append(
                Note(
                    "header.duplicate",
                    row=header_row,
                    column=written,
                    params={"letter": _column_letter(column), "first": _column_letter(mapping[field_name])},
                )
            )
            continue
        suggestions = process.extract(key, _all_keys(kind), scorer=fuzz.WRatio, limit=3, score_cutoff=50)
        notes.append(
            Note(
                "header.unknown",
                row=header_row,
                column=written,
                params={
                    "letter": _column_letter(column),
                    "suggestions": "、".join(dict.fromkeys(s for s, _, _ in suggestions)) or "—",
                },
            )
        )
    return notes


def _written(kind: str, child: str, parent: str | None) -> str:
    """The header of a column as the office wrote it (line breaks and runs of spaces as one space).

    Parent and child are joined when that is what matched.
    """
    if parent and header_key(parent) != header_key(child) and header_key(parent + child) in _label_lookup(kind):
        text = parent + child
    else:
        text = child or parent or ""
    return _WHITESPACE.sub(" ", text).strip()


def _as_array(cells: list[list[Any]], start: int, width: int) -> np.ndarray:
    """The rows from `start` on as an (n, width) object matrix; short rows are padded with ''."""
    rows = cells[start:]
    if set(map(len, rows)) <= {width}:
        flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=object, count=len(rows) * width)
        return flat.reshape(len(rows), width)
    array = np.full((len(rows), width), "", dtype=object)
    for i, row in enumerate(rows):
        array[i, : len(row)] = row[:width]
    return array


def _blank(values: np.ndarray) -> np.ndarray:
    """Cells that are empty ('' from calamine and the CSV reader), or whitespace (checked where few cells are filled)."""
    empty = values == ""
    filled = (~empty).sum(axis=1)
    for i in np.flatnonzero((filled > 0) & (filled <= 2)):
        for j in np.flatnonzero(~empty[i]):
            value = values[i, j]
            if isinstance(value, str) and not value.strip():
                empty[i, j] = True
    return empty


def _repeated_headers(body: np.ndarray, mapping: dict[str, int], header_texts: dict[str, str]) -> np.ndarray:
    """Rows whose every mapped cell repeats the header (compared in full only where the first mapped cell does)."""
    (first_field, first_column), *others = mapping.items()
    repeated = body[:, first_column] == header_texts[first_field]
    rows = np.flatnonzero(repeated)
    for field_name, column in others:
        repeated[rows] &= body[rows, column] == header_texts[field_name]
    return repeated


def _classify_rows(body: np.ndarray, mapping: dict[str, int], header_texts: dict[str, str]) -> np.ndarray:
    """One reason per body row: '' to keep it, else why it is skipped."""
    reasons = np.full(len(body), "", dtype=object)
    if not len(body):
        return reasons
    everything_empty = _blank(body)
    columns = list(mapping.values())
    mapped_empty = everything_empty[:, columns]
    has_any = ~everything_empty.all(axis=1)
    first = body[np.arange(len(body)), np.argmax(~everything_empty, axis=1)]
    footer = np.zeros(len(body), dtype=bool)
    initial = np.fromiter((isinstance(v, str) and v[:1] in _FOOTER_FIRST_CHARS for v in first), bool, len(first))
    candidates = np.flatnonzero(has_any & initial)
    footer[candidates] = [isinstance(v, str) and _FOOTER.match(v) is not None for v in first[candidates]]
    repeated = _repeated_headers(body, mapping, header_texts)
    reasons[mapped_empty.all(axis=1)] = SKIP_BLANK
    reasons[repeated] = SKIP_REPEATED_HEADER
    reasons[footer] = SKIP_FOOTER
    return reasons


def _unknown_table(grid: Grid, notes: list[Note], skip_reasons: dict[str, int] | None = None) -> Table:
    """A sheet that is not read as records; any filled rows it has are counted as skipped, with the reason."""
    skip_reasons = {reason: n for reason, n in (skip_reasons or {}).items() if n}
    return Table(
        sheet=grid.name,
        kind=None,
        hidden=grid.hidden,
        header_row=None,
        labels={},
        columns={},
        data=pd.DataFrame(),
        rows_read=sum(skip_reasons.values()),
        skip_reasons=skip_reasons,
        notes=notes,
        missing=[],
    )


def _filled_rows(cells: list[list[Any]]) -> int:
    return sum(1 for row in cells if any(cell_text(v).strip() for v in row))


def _from_title(kind: str, covered: set[str], sheet: str, file_stem: str) -> dict[str, str]:
    """Values a sheet or file name supplies for fields the sheet has no column for (a sheet named 导师引航)."""
    found: dict[str, str] = {}
    for spec in fields(kind):
        if spec.from_title and spec.vocabulary and spec.name not in covered:
            value = vocabulary_in(sheet, spec.vocabulary) or vocabulary_in(file_stem, spec.vocabulary)
            if value is not None:
                found[spec.name] = value
    return found


def _absent(kind: str, covered: set[str]) -> list[str]:
    """Optional fields without a column whose values are really missing (not read from the ID or a stand-in)."""
    partners = {spec.either: spec.name for spec in fields(kind) if spec.either}
    partners.update({v: k for k, v in partners.items()})
    return [
        spec.name
        for spec in fields(kind)
        if not spec.core
        and spec.name not in covered
        and spec.from_id is None
        and not spec.quiet_if_absent
        and partners.get(spec.name) not in covered
    ]


def _closest(found: list[_Candidate]) -> _Candidate | None:
    return max(found, key=lambda c: c.score, default=None)


def _not_a_table(grid: Grid, cells: list[list[Any]], found: list[_Candidate], file_stem: str) -> Table:
    """A sheet that is no kind's table: a warning naming the closest kind and what it lacks, or no header at all."""
    hinted = _word_kind(grid.name, "sheet_words") or _word_kind(file_stem, "file_words")
    closest = _closest(found)
    if closest is not None:
        labels = "、".join(_required_label(closest.kind, f) for f in lacking(closest.kind, closest.mapping))
        note = Note(
            "sheet.closest_kind",
            params={"sheet": grid.name, "kind": closest.kind, "header_row": closest.row + 1, "lacking": labels},
        )
        return _unknown_table(grid, [note], {SKIP_UNKNOWN_SHEET: _filled_rows(cells)})
    if hinted:
        note = Note("sheet.header_not_found", params={"sheet": grid.name, "kind": hinted})
        return _unknown_table(grid, [note], {SKIP_NO_HEADER: _filled_rows(cells)})
    note = Note("sheet.unknown_kind", params={"sheet": grid.name})
    return _unknown_table(grid, [note], {SKIP_UNKNOWN_SHEET: _filled_rows(cells)})


def _required_label(kind: str, field_name: str) -> str:
    return next(spec.label for spec in fields(kind) if spec.name == field_name)


def _expand(kind: str, mapping: dict[str, int], labels: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Field → column and field → header with each combined column standing for the fields it holds."""
    columns, written = dict(mapping), dict(labels)
    for combined in headers()[kind].combined:
        if combined.name in mapping:
            for name in combined.into:
                columns.setdefault(name, mapping[combined.name])
                written.setdefault(name, labels[combined.name])
    return columns, written


def _counts(reasons: np.ndarray) -> dict[str, int]:
    """How many rows each reason skips, the most frequent first."""
    if not len(reasons):
        return {}
    return {str(reason): int(n) for reason, n in pd.Series(reasons).value_counts().items()}


def detect(grid: Grid, *, file_stem: str = "", scan_rows: int = 30) -> Table:
    """Lay out one grid: find its header and kind, map its columns, and sort its rows into kept and skipped."""
    cells = _fill_merged(grid.cells, grid.merged)
    width = max(map(len, cells), default=0)
    non_empty = any(cell_text(v).strip() for row in cells for v in row)
    if not non_empty or grid.name in header_rules().auxiliary_sheets:
        return _unknown_table(grid, [])
    found = _candidates(cells, width, scan_rows)
    chosen = _choose(found, grid.name, file_stem)
    hinted = _word_kind(grid.name, "sheet_words") or _word_kind(file_stem, "file_words")
    if chosen is None or (chosen.score[0] < _MIN_REQUIRED_SHARE and chosen.kind != hinted):
        return _not_a_table(grid, cells, found, file_stem)
    kind = headers()[chosen.kind]
    child = _row_text(cells, chosen.row, width)
    parent = _parent_texts(cells, chosen.row, width) if chosen.two_level else None
    header_row = chosen.row + 1
    labels = {f: _written(kind.kind, child[c], parent[c] if parent else None) for f, c in chosen.mapping.items()}
    notes = _header_notes(kind.kind, child, parent, chosen.mapping, header_row)
    if grid.hidden:
        notes.insert(0, Note("sheet.hidden", params={"sheet": grid.name}))
    missing = lacking(kind.kind, chosen.mapping)
    body = _as_array(cells, chosen.row + 1, width)
    header_texts = {f: cells[chosen.row][c] for f, c in chosen.mapping.items()}
    reasons = _classify_rows(body, chosen.mapping, header_texts)
    keep = reasons == ""
    excel_rows = np.arange(chosen.row + 2, chosen.row + 2 + len(body))
    data = pd.DataFrame(
        body[np.ix_(np.flatnonzero(keep), list(chosen.mapping.values()))],
        columns=list(chosen.mapping),
        index=pd.Index(excel_rows[keep], name="source_row"),
        dtype=object,
        copy=False,
    )
    covered = _covered(kind.kind, chosen.mapping)
    for name, value in _from_title(kind.kind, covered, grid.name, file_stem).items():
        data[name] = value
        labels[name] = f"（{value}，据工作表或文件名）"
        covered.add(name)
    columns, labels = _expand(kind.kind, chosen.mapping, labels)
    skipped = _counts(reasons[~keep])
    return Table(
        sheet=grid.name,
        kind=kind.kind,
        hidden=grid.hidden,
        header_row=header_row,
        labels=labels,
        columns=columns,
        data=data,
        rows_read=len(body),
        skip_reasons=skipped,
        notes=notes,
        missing=missing,
        absent=[] if missing else _absent(kind.kind, covered),
    )
