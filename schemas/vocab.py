"""Vocabularies and header synonyms, loaded from the YAML files beside this module."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Vocabulary:
    """A controlled vocabulary: its standard values and the synonyms offices write for them."""

    name: str
    values: tuple[str, ...]
    synonyms: dict[str, str] = field(default_factory=dict)
    standard: str | None = None
    match_contains: bool = False  # also recognise a spelling inside a longer text
    fallback: str | None = None  # the value any other text is read as (with a warning)


@dataclass(frozen=True)
class Combined:
    """One header that holds several fields, e.g. 单位及职务 → unit and post."""

    name: str
    labels: tuple[str, ...]
    into: tuple[str, ...]


@dataclass(frozen=True)
class KindHeaders:
    """The header spellings, title and classification words of one record kind."""

    kind: str
    title: str
    labels: dict[str, tuple[str, ...]]  # field → its spellings, the canonical one first
    combined: tuple[Combined, ...]
    sheet_words: tuple[str, ...]
    file_words: tuple[str, ...]


@dataclass(frozen=True)
class HeaderRules:
    """What headers.yaml says beside the kinds: headers to ignore, template sheets, how to split 单位及职务."""

    ignored: frozenset[str]
    auxiliary_sheets: frozenset[str]
    separators: tuple[str, ...]
    unit_endings: tuple[str, ...]
    post_starts: tuple[str, ...]


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files("schemas").joinpath(name).read_text(encoding="utf-8"))


@cache
def raw_vocabularies() -> dict[str, Any]:
    """The parsed vocabularies.yaml, including its non-vocabulary lists."""
    return _load("vocabularies.yaml")


@cache
def vocabulary(name: str) -> Vocabulary:
    entry = raw_vocabularies()[name]
    return Vocabulary(
        name=name,
        values=tuple(entry["values"]),
        synonyms={str(k): str(v) for k, v in (entry.get("synonyms") or {}).items()},
        standard=entry.get("standard"),
        match_contains=entry.get("match") == "contains",
        fallback=entry.get("fallback"),
    )


_NOT_KINDS = ("ignored", "split", "auxiliary_sheets")


@cache
def headers() -> dict[str, KindHeaders]:
    """Header spellings for every kind, in the order of headers.yaml."""
    out: dict[str, KindHeaders] = {}
    for kind, entry in _load("headers.yaml").items():
        if kind in _NOT_KINDS:
            continue
        out[kind] = KindHeaders(
            kind=kind,
            title=entry["title"],
            labels={name: tuple(str(label) for label in labels) for name, labels in entry["fields"].items()},
            combined=tuple(
                Combined(name=name, labels=tuple(spec["labels"]), into=tuple(spec["into"]))
                for name, spec in (entry.get("combined") or {}).items()
            ),
            sheet_words=tuple(entry.get("sheet_words", ())),
            file_words=tuple(entry.get("file_words", ())),
        )
    return out


@cache
def header_rules() -> HeaderRules:
    """The kind-independent parts of headers.yaml."""
    raw = _load("headers.yaml")
    split = raw["split"]
    return HeaderRules(
        ignored=frozenset(str(h) for h in raw["ignored"]),
        auxiliary_sheets=frozenset(raw["auxiliary_sheets"]),
        separators=tuple(split["separators"]),
        unit_endings=tuple(split["unit_endings"]),
        post_starts=tuple(split["post_starts"]),
    )
