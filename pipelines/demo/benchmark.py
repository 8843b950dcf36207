"""A large synthetic roster for the ingest benchmark, written row by row in constant memory."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import xlsxwriter

from pipelines.demo.people import Cadre, People
from pipelines.demo.records import CADRE_MONTHS, DateStyle, cadre_row, label, labels
from pipelines.demo.writers import CREATED, DATE_FORMAT, MONTH_FORMAT, WORKBOOK_OPTIONS

TOWNSHIPS = ("火炉镇", "白马镇", "江口镇", "仙女山街道", "东城街道", "西城街道", "南关街道", "北关街道")
POSTS = (
    ("一般干部", "科员", "四级主任科员", 0.45),
    ("一般干部", "办公室主任", "一级科员", 0.15),
    ("班子成员", "副镇长", "副科级", 0.1),
    ("村社干部", "村委会委员", None, 0.2),
    ("选调生", "主任助理", "一级科员", 0.1),
)
EDUCATION = ("研究生", "大学本科", "大学本科", "大学本科", "大学专科", "大学专科", "中专", "高中")
STYLES = (DateStyle.CELL,) * 7 + (DateStyle.DOT,) * 2 + (DateStyle.CJK,)


def _unit(township: str, category: str, rng: random.Random) -> str:
    if category != "村社干部":
        return f"{township}办事处" if township.endswith("街道") else f"{township}人民政府"
    number = rng.randint(1, 20)
    return f"{township}第{number}社区居委会" if township.endswith("街道") else f"{township}第{number}村村民委员会"


def _benchmark_cadre(people: People, rng: random.Random) -> Cadre:
    category, post, rank, _ = rng.choices(POSTS, weights=[p[3] for p in POSTS])[0]
    township = rng.choice(TOWNSHIPS)
    return people.cadre(
        place=rng.choice(("wulong", "chongqing", "chengqu", "shanxi")),
        born=(date(1962, 1, 1), date(2000, 12, 31)),
        unit=_unit(township, category, rng),
        post=post,
        rank=rank,
        category=category,
        education=rng.choice(EDUCATION),
        member_share=0.65,
    )


def write_benchmark_roster(path: Path, rows: int, seed: int = 0) -> None:
    """A one-sheet 干部花名册 with the canonical headers and `rows` valid cadres.

    Months are written as date cells in most rows and as the text 1985.03 or 1985年3月 in
    the others; ID numbers are text cells. The same `seed` gives the same bytes.
    """
    rng = random.Random(seed)
    people = People(rng, unique_names=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, "constant_memory": True})
    workbook.set_properties({"created": CREATED, "author": "cadre-etl benchmark"})
    bold = workbook.add_format({"bold": True})
    month_format = workbook.add_format({"num_format": MONTH_FORMAT})
    day_format = workbook.add_format({"num_format": DATE_FORMAT})
    text = workbook.add_format({"num_format": "@"})
    ws = workbook.add_worksheet("干部花名册")
    headers = labels("cadres")
    id_col = headers.index(label("cadres", "id_number"))
    ws.set_column(id_col, id_col, 20, text)
    months = {i for i, h in enumerate(headers) if h in CADRE_MONTHS}
    ws.write_row(0, 0, headers, bold)
    for row in range(1, rows + 1):
        values = cadre_row(_benchmark_cadre(people, rng), rng.choice(STYLES))
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, date):
                ws.write_datetime(row, col, value, month_format if col in months else day_format)
            else:
                ws.write_string(row, col, value)
    workbook.close()
