"""The field registry: every field of every kind, declared once.

A field's type, vocabulary, whether it is core, how history treats it and its description come
from its pandera `Field` (its `metadata`, `nullable` and `description`); its header spellings come
from `headers.yaml`. Normalizers, layout, templates, warehouse tables, history, the data dictionary
and the offices' guide all read this registry instead of keeping their own lists.

Field metadata keys:
- `type`: how cells are normalized: `text` (default), `name`, `id`, `date`, `int`, `quarter`, `float`;
  a field with a `vocabulary` is a controlled value of that vocabulary (vocabularies.yaml);
- `history` (cadres): `tracked` opens a new dim_cadre version when it changes, `corrected` is fixed in place;
- `from_id`: `gender` or `birth_date`, read from the row's ID number when the cell or column is missing;
- `from_title`: the value may be named by the sheet or file name when the column is missing;
- `either`: another field that may stand in for this one as the column that identifies a person;
- `quiet_if_absent`: an extra column few files have; a sheet without it gets no warning;
- `dates` (date fields): `birth` (from 1920, 85.03 read as 1985.03), `career` (from 1949, likewise) or
  `event` (the default: from 1949, a two-digit year rejected).

A field is core when its value is required (`nullable=False`): a sheet without a core column is not
loaded. Every other column is optional: a sheet without it loads, with one warning, and holds NULL.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from schemas import SCHEMAS
from schemas.vocab import headers

FieldType = Literal["text", "name", "id", "date", "int", "quarter", "float", "vocab"]
_TYPES = ("text", "name", "id", "date", "int", "quarter", "float")
_KEYS = frozenset({"type", "vocabulary", "history", "from_id", "from_title", "either", "quiet_if_absent", "dates"})
_DATE_RANGES = ("birth", "career", "event")


@dataclass(frozen=True)
class FieldSpec:
    """One field of one record kind, as everything downstream sees it."""

    kind: str
    name: str
    type: FieldType
    vocabulary: str | None
    core: bool
    nullable: bool
    history: str | None
    from_id: str | None
    from_title: bool
    either: str | None
    quiet_if_absent: bool
    dates: str
    labels: tuple[str, ...]
    description: str

    @property
    def label(self) -> str:
        """The canonical Chinese header, used by templates and feedback."""
        return self.labels[0]


def _date_range(kind: str, name: str, meta: dict[str, object]) -> str:
    dates = str(meta.get("dates", "event"))
    if dates not in _DATE_RANGES:
        raise ValueError(f"{kind}.{name}: unknown date range {dates!r}")
    return dates


def _spec(kind: str, name: str) -> FieldSpec:
    column = SCHEMAS[kind].to_schema().columns[name]
    meta = dict(column.metadata or {})
    unknown = set(meta) - _KEYS
    if unknown:
        raise ValueError(f"{kind}.{name}: unknown field metadata {sorted(unknown)}")
    vocab = meta.get("vocabulary")
    kind_type = "vocab" if vocab else meta.get("type", "text")
    if kind_type != "vocab" and kind_type not in _TYPES:
        raise ValueError(f"{kind}.{name}: unknown field type {kind_type!r}")
    labels = headers()[kind].labels.get(name)
    if not labels:
        raise ValueError(f"{kind}.{name}: no header labels in headers.yaml")
    return FieldSpec(
        kind=kind,
        name=name,
        type=kind_type,
        vocabulary=vocab,
        core=not column.nullable,
        nullable=bool(column.nullable),
        history=meta.get("history"),
        from_id=meta.get("from_id"),
        from_title=bool(meta.get("from_title", False)),
        either=meta.get("either"),
        quiet_if_absent=bool(meta.get("quiet_if_absent", False)),
        dates=_date_range(kind, name, meta),
        labels=labels,
        description=column.description or "",
    )


@cache
def fields(kind: str) -> tuple[FieldSpec, ...]:
    """The fields of one kind, in schema order."""
    extra = set(headers()[kind].labels) - set(SCHEMAS[kind].to_schema().columns)
    if extra:
        raise ValueError(f"{kind}: headers.yaml names fields the schema does not have: {sorted(extra)}")
    return tuple(_spec(kind, name) for name in SCHEMAS[kind].to_schema().columns)


def field(kind: str, name: str) -> FieldSpec:
    return next(spec for spec in fields(kind) if spec.name == name)


@cache
def required_groups(kind: str) -> tuple[tuple[str, ...], ...]:
    """Columns a sheet must have, as groups of which one suffices (a core field, or a field and its stand-in)."""
    groups: list[tuple[str, ...]] = [(spec.name,) for spec in fields(kind) if spec.core]
    groups += [(spec.name, spec.either) for spec in fields(kind) if spec.either]
    return tuple(groups)


def kind_summary(kind: str) -> str:
    """What one row of a kind is: the first paragraph of its schema's docstring."""
    return " ".join((SCHEMAS[kind].__doc__ or kind).strip().split("\n\n")[0].split())
