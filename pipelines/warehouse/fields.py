"""How each schema field of a record kind becomes warehouse columns.

The pandera schemas in `schemas/` are the contract; this module reads them so the tables,
the loaders and the generated docs share one definition. An ID-number field becomes two
columns: the cadre key (HMAC) and the masked number. The raw number goes to the restricted
store only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from schemas import KINDS, SCHEMAS
from schemas.registry import field as registry_field
from schemas.registry import fields

ValueType = Literal["text", "date", "int", "float"]
Role = Literal["value", "key", "masked"]

# kind → the table that keeps every received row (all versions) and the current fact table
RECORD_TABLES: dict[str, str] = {
    "cadres": "rec_cadre",
    "pairings": "rec_pairing",
    "evaluations": "rec_evaluation",
    "trainings": "rec_training",
}
FACT_TABLES: dict[str, str] = {
    "pairings": "fact_pairing",
    "evaluations": "fact_evaluation",
    "trainings": "fact_training",
}
# sheets that matched no record kind and files that could not be read are recorded under this kind
UNCLASSIFIED = "unclassified"
ALL_KINDS: tuple[str, ...] = (*KINDS, UNCLASSIFIED)


@dataclass(frozen=True)
class RecordColumn:
    """One warehouse column made from one schema field."""

    field: str  # the schema field it comes from
    column: str  # the warehouse column
    role: Role  # a plain value, the cadre key of an ID number, or the masked ID number
    type: ValueType
    nullable: bool
    comment: str


def _value_type(dtype: str) -> ValueType:
    if dtype.startswith("datetime64"):
        return "date"
    if dtype in ("Int64", "int64"):
        return "int"
    if dtype.startswith("float"):
        return "float"
    return "text"


def id_prefix(field: str) -> str:
    """`mentor_id_number` → `mentor_`; the roster's own `id_number` → `` (its key is `cadre_key`)."""
    return field[: -len("id_number")]


def key_column(field: str) -> str:
    return f"{id_prefix(field)}key" if id_prefix(field) else "cadre_key"


def masked_column(field: str) -> str:
    return f"{id_prefix(field)}id_masked"


@cache
def record_columns(kind: str) -> tuple[RecordColumn, ...]:
    """The warehouse columns of one kind, in schema order, with the schema's descriptions."""
    out: list[RecordColumn] = []
    for name, column in SCHEMAS[kind].to_schema().columns.items():
        description = column.description or ""
        if name.endswith("id_number"):
            out.append(
                RecordColumn(
                    name,
                    key_column(name),
                    "key",
                    "text",
                    column.nullable,
                    f"HMAC-SHA256 键（由身份证号计算）：{description}",
                )
            )
            out.append(
                RecordColumn(
                    name, masked_column(name), "masked", "text", column.nullable, f"脱敏身份证号：{description}"
                )
            )
        else:
            out.append(RecordColumn(name, name, "value", _value_type(str(column.dtype)), column.nullable, description))
    return tuple(out)


def history_role(kind: str, field_name: str) -> str | None:
    """How dim_cadre's history treats a field: `tracked` (new version), `corrected` (in place) or None."""
    return registry_field(kind, field_name).history


def history_fields(kind: str, role: str) -> tuple[str, ...]:
    """The schema fields of a kind with a history role, in schema order."""
    return tuple(spec.name for spec in fields(kind) if spec.history == role)


def id_fields(kind: str) -> tuple[str, ...]:
    """The schema fields of a kind that hold ID numbers."""
    return tuple(name for name in SCHEMAS[kind].to_schema().columns if name.endswith("id_number"))


def kind_description(kind: str) -> str:
    return (SCHEMAS[kind].__doc__ or kind).strip()
