"""The end-of-run summary: seed 003's blanks from mart_mentoring_summary, load totals per kind, and the people
on several townships' current rosters (open etl_conflict rows of attribute township)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import column, func, select, table

from pipelines.warehouse.engines import Stores, reading
from pipelines.warehouse.tables import etl_conflict, etl_manifest

MENTORING_PROGRAMME = "导师引航"
TOWNSHIP_LINES = 25  # up to this many townships, the summary gives each its sentence

_summary = table(
    "mart_mentoring_summary",
    column("level"),
    column("district"),
    column("township"),
    column("programme"),
    column("mentors"),
    column("pairs"),
    column("mentees"),
    column("young_mentees"),
)


@dataclass(frozen=True)
class MentoringFigures:
    district: str
    township: str | None  # None on the district-wide row
    mentors: int
    pairs: int
    mentees: int
    young_mentees: int

    def sentence(self) -> str:
        where = "全区" if self.township is None else self.township
        return (
            f"{self.district} {where}共配备优秀导师 {self.mentors} 名，建立“帮带对子” {self.pairs} 对，"
            f"覆盖 {self.young_mentees} 名优秀年轻干部"
        )


@dataclass(frozen=True)
class KindFigures:
    kind: str
    files: int
    rows_read: int
    loaded: int
    rejected: int
    skipped: int


@dataclass(frozen=True)
class SeedFigures:
    districts: list[MentoringFigures]
    townships: list[MentoringFigures]
    kinds: list[KindFigures]
    several_townships: int = 0  # people on the current rosters of more than one township

    def lines(self, township_limit: int = TOWNSHIP_LINES) -> list[str]:
        """The summary as printable lines (Chinese sentence first, then per township, then per kind); a
        province's townships (more than `township_limit`) are counted, not listed: the report lists them."""
        out = ["导师引航，全区 / mentoring, district-wide:"]
        out += ["  " + f.sentence() for f in self.districts]
        if len(self.townships) <= township_limit:
            out += ["导师引航，按乡镇 / mentoring, per township:"]
            out += ["  " + f.sentence() for f in self.townships]
        else:
            out += [
                f"导师引航，按乡镇：{len(self.townships)} 个乡镇，见报告或 mart_mentoring_summary / "
                f"mentoring per township: {len(self.townships)} townships, in the report and mart_mentoring_summary"
            ]
        out += ["载入情况 / files and rows per kind:"]
        out += [
            f"  {k.kind}: {k.files} files, {k.rows_read} rows read, {k.loaded} loaded, "
            f"{k.rejected} rejected, {k.skipped} skipped"
            for k in self.kinds
        ]
        out += [
            f"同时在多个乡镇现行花名册中的人 / people on several townships' current rosters: {self.several_townships}"
            + ("（见 etl_conflict，attribute = 'township'）" if self.several_townships else "")
        ]
        return out


def seed_figures(stores: Stores) -> SeedFigures:
    s, m = _summary, etl_manifest
    with reading(stores.analyst) as connection:
        rows = connection.execute(
            select(s.c.level, s.c.district, s.c.township, s.c.mentors, s.c.pairs, s.c.mentees, s.c.young_mentees)
            .where(s.c.programme == MENTORING_PROGRAMME)
            .order_by(s.c.district, s.c.level, s.c.township)
        ).all()
        kinds = connection.execute(
            select(
                m.c.kind,
                func.count(),
                func.sum(m.c.rows_read),
                func.sum(m.c.rows_loaded),
                func.sum(m.c.rows_rejected),
                func.sum(m.c.rows_skipped),
            )
            .where(m.c.is_current)
            .group_by(m.c.kind)
            .order_by(m.c.kind)
        ).all()
        c = etl_conflict
        several = connection.execute(
            select(func.count(func.distinct(c.c.cadre_key))).where(
                c.c.attribute == "township", c.c.resolved_at.is_(None)
            )
        ).scalar()
    figures = [
        (
            row.level,
            MentoringFigures(row.district, row.township, row.mentors, row.pairs, row.mentees, row.young_mentees),
        )
        for row in rows
    ]
    return SeedFigures(
        districts=[f for level, f in figures if level == "district"],
        townships=[f for level, f in figures if level == "township"],
        kinds=[KindFigures(k[0], int(k[1]), int(k[2]), int(k[3]), int(k[4]), int(k[5])) for k in kinds],
        several_townships=int(several or 0),
    )
