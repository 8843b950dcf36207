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


@dataclass(frozen=True)
class FieldHeader:
    """How one schema field appears as a spreadsheet header."""

    field: str
    labels: tuple[str, ...]
    required: bool

    @property
    def label(self) -> str:
        """The canonical Chinese header, used by templates and feedback."""
        return self.labels[0]


@dataclass(frozen=True)
class KindHeaders:
    """The headers, title and classification words of one record kind."""

    kind: str
    title: str
    fields: tuple[FieldHeader, ...]
    sheet_words: tuple[str, ...]
    file_words: tuple[str, ...]

    def label(self, field_name: str) -> str:
        return next(f.label for f in self.fields if f.field == field_name)


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
    )


@cache
def headers() -> dict[str, KindHeaders]:
    """Header synonyms for every kind, in the order of headers.yaml."""
    out: dict[str, KindHeaders] = {}
    for kind, entry in _load("headers.yaml").items():
        out[kind] = KindHeaders(
            kind=kind,
            title=entry["title"],
            fields=tuple(
                FieldHeader(field=name, labels=tuple(spec["labels"]), required=bool(spec["required"]))
                for name, spec in entry["fields"].items()
            ),
            sheet_words=tuple(entry.get("sheet_words", ())),
            file_words=tuple(entry.get("file_words", ())),
        )
    return out
