"""Rows of the four record kinds under their canonical Chinese headers (schemas/headers.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from pipelines.demo.people import Cadre
from pipelines.demo.writers import Cell
from schemas.registry import field, fields


def labels(kind: str) -> tuple[str, ...]:
    """The canonical (first) header label of every field of `kind`, in schema order."""
    return tuple(f.label for f in fields(kind))


def label(kind: str, field_name: str) -> str:
    return field(kind, field_name).label


CADRE_MONTHS = frozenset(
    label("cadres", f) for f in ("birth_date", "party_join_date", "work_start_date", "party_application_date")
)
ID_COLUMNS = frozenset(
    {label("cadres", "id_number"), label("pairings", "mentor_id_number"), label("pairings", "mentee_id_number")}
    | {label("trainings", "attendee_id_number")}
)


class DateStyle(Enum):
    """How a roster writes its months."""

    CELL = "cell"  # a real date cell
    DOT = "dot"  # the text 1985.03
    CJK = "cjk"  # the text 1985年3月


def month_cell(value: date | None, style: DateStyle) -> Cell:
    if value is None:
        return None
    if style is DateStyle.DOT:
        return f"{value.year}.{value.month:02d}"
    if style is DateStyle.CJK:
        return f"{value.year}年{value.month}月"
    return value.replace(day=1)


def cadre_row(cadre: Cadre, style: DateStyle = DateStyle.CELL) -> tuple[Cell, ...]:
    """One roster row, in the order of `labels("cadres")`."""
    return (
        cadre.name,
        cadre.gender,
        cadre.ethnicity,
        month_cell(cadre.birth_month, style),
        cadre.id_number,
        cadre.political_status,
        month_cell(cadre.party_join, style),
        cadre.education,
        month_cell(cadre.work_start, style),
        cadre.unit,
        cadre.post,
        cadre.rank,
        cadre.category,
        month_cell(cadre.party_application, style),
    )


@dataclass(frozen=True)
class Pairing:
    programme: str
    mentor: Cadre
    mentee: Cadre
    method: str
    start: date
    end: date | None
    batch: int | None = None

    def row(self) -> tuple[Cell, ...]:
        return (
            self.programme,
            self.mentor.name,
            self.mentor.id_number,
            self.mentee.name,
            self.mentee.id_number,
            self.method,
            self.start,
            self.end,
            self.batch,
        )


@dataclass(frozen=True)
class Evaluation:
    year: int
    quarter: int
    pairing: Pairing
    result: str

    def row(self) -> tuple[Cell, ...]:
        p = self.pairing
        return (
            self.year,
            self.quarter,
            p.mentor.id_number,
            p.mentee.id_number,
            self.result,
            p.programme,
            p.mentor.name,
            p.mentee.name,
        )


@dataclass(frozen=True)
class Attendance:
    day: date
    training_type: str
    topic: str
    trainer: str
    attendee: Cadre
    hours: float
    attendance: str

    def row(self) -> tuple[Cell, ...]:
        return (
            self.day,
            self.training_type,
            self.topic,
            self.trainer,
            self.attendee.name,
            self.attendee.id_number,
            self.hours,
            self.attendance,
        )
