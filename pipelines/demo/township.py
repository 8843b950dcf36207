"""One township's records and how its office lays out its files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipelines.demo.people import Cadre
from pipelines.demo.records import (
    CADRE_MONTHS,
    ID_COLUMNS,
    Attendance,
    DateStyle,
    Evaluation,
    Pairing,
    cadre_row,
    labels,
)
from pipelines.demo.writers import MONTH_FORMAT, Cell, Sheet, write_csv, write_xlsx

ROSTER_COLUMNS = len(labels("cadres")) - 1  # without the optional 入党申请时间


@dataclass(frozen=True)
class Layout:
    """The quirks of one office's files; the default is a clean file per kind."""

    roster_title: str | None = None
    roster_footer: tuple[str, ...] = ()
    roster_dates: tuple[DateStyle, ...] = (DateStyle.CELL,)  # cycled row by row
    month_format: str = MONTH_FORMAT
    with_application_date: bool = False  # the optional 入党申请时间 column
    spaced_names: frozenset[str] = frozenset()  # names written with a space inside, as 王 芳
    education_as_written: dict[str, str] = field(default_factory=dict)  # name → 学历 as the office wrote it
    merged_pairing_header: bool = False
    trainings_encoding: str | None = None  # write 培训记录 as a CSV in this encoding


@dataclass
class Township:
    district: str
    name: str
    roster: list[Cadre]
    pairings: list[Pairing] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    trainings: list[Attendance] = field(default_factory=list)
    layout: Layout = field(default_factory=Layout)
    bad_rows: dict[int, tuple[Cell, ...]] = field(default_factory=dict)  # roster index → deliberately bad row

    def folder(self, out: Path) -> Path:
        return out / self.district / self.name


def village_unit(village: str) -> str:
    """The unit of a village or community cadre: 万峰村村委会, 火炉社区居委会."""
    return f"{village}居委会" if village.endswith("社区") else f"{village}村委会"


def _spaced(name: str) -> str:
    return f"{name[0]} {name[1:]}"


def roster_rows(township: Township) -> list[tuple[Cell, ...]]:
    """The roster's data rows as written, bad rows included at their positions."""
    layout = township.layout
    width = ROSTER_COLUMNS + (1 if layout.with_application_date else 0)
    rows: list[tuple[Cell, ...]] = []
    for index, cadre in enumerate(township.roster):
        if index in township.bad_rows:
            rows.append(township.bad_rows[index][:width])
        row = list(cadre_row(cadre, layout.roster_dates[index % len(layout.roster_dates)]))
        if cadre.name in layout.spaced_names:
            row[0] = _spaced(cadre.name)
        row[7] = layout.education_as_written.get(cadre.name, cadre.education)
        rows.append(tuple(row[:width]))
    return rows


def roster_sheet(township: Township) -> Sheet:
    layout = township.layout
    headers = labels("cadres")[: ROSTER_COLUMNS + (1 if layout.with_application_date else 0)]
    return Sheet(
        name="干部花名册",
        headers=headers,
        rows=roster_rows(township),
        month_columns=CADRE_MONTHS,
        month_format=layout.month_format,
        title=layout.roster_title,
        footer=layout.roster_footer,
        text_columns=ID_COLUMNS,
    )


def pairing_sheet(township: Township) -> Sheet:
    headers = labels("pairings")
    groups: tuple[tuple[str, int, int], ...] = ()
    if township.layout.merged_pairing_header:
        groups = (("导师", 1, 2), ("培养对象", 3, 4))
    return Sheet(
        name="帮带对子",
        headers=headers,
        rows=[p.row() for p in township.pairings],
        groups=groups,
        text_columns=ID_COLUMNS,
    )


def write_township(out: Path, township: Township) -> list[Path]:
    """Write the township's files into `out/<district>/<township>/`; return their paths."""
    folder = township.folder(out)
    name = township.name
    written = [folder / f"{name}干部花名册.xlsx"]
    write_xlsx(written[-1], [roster_sheet(township)])
    if township.pairings:
        written.append(folder / f"{name}帮带对子.xlsx")
        write_xlsx(written[-1], [pairing_sheet(township)])
    if township.evaluations:
        written.append(folder / f"{name}2023年帮带测评.xlsx")
        rows = [e.row() for e in township.evaluations]
        write_xlsx(
            written[-1], [Sheet(name="帮带测评", headers=labels("evaluations"), rows=rows, text_columns=ID_COLUMNS)]
        )
    if township.trainings:
        year = min(a.day for a in township.trainings).year
        sheet = Sheet(
            name="培训记录",
            headers=labels("trainings"),
            rows=[a.row() for a in township.trainings],
            text_columns=ID_COLUMNS,
        )
        if township.layout.trainings_encoding:
            written.append(folder / f"{name}{year}年培训记录.csv")
            write_csv(written[-1], sheet, township.layout.trainings_encoding)
        else:
            written.append(folder / f"{name}{year}年培训记录.xlsx")
            write_xlsx(written[-1], [sheet])
    return written
