"""A small constructed dataset whose mart figures are known exactly.

武隆区/火炉镇: mentors M1 (人大主席, 5 mentees), M2, M3; 导师引航 mentees E1–E6, of whom E1–E4 are
under 35 at pairing start, E5 is older but started work within 3 years, E6 is neither;
M3 also mentors E6. 以新促老: E1 teaches M1 and M2. 挂职锻炼: M3 takes V1–V3 in 2 batches.
武隆区/仙女山街道: M1 (listed there too) mentors E7 (young).
城区: 6 selected graduates (选调生) in 城东街道, 城西街道 and 白马镇, one of them moved within a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.warehouse import Warehouse
from tests.warehouse.builders import Folder, cadre, evaluation, make_id, month, pairing, sheet, training

START = month(2023, 3)


def _person(name: str, birth: dt.date, seq: int, male: bool = True) -> tuple[str, str]:
    return name, make_id(birth, seq, region="500232" if birth.year >= 1997 else "512326", male=male)


M1 = _person("陈国华", month(1972, 4), 101)
M2 = _person("刘建平", month(1975, 8), 102)
M3 = _person("赵文斌", month(1970, 1), 103)
E1 = _person("王小青", month(1996, 3), 111, male=False)
E2 = _person("孙悦", month(1995, 7), 112, male=False)
E3 = _person("周杰", month(1994, 11), 113)
E4 = _person("吴磊", month(1998, 1), 114)
E5 = _person("郑强", month(1985, 2), 115)
E6 = _person("冯涛", month(1980, 6), 116)
E7 = _person("何敏", month(1997, 5), 117, male=False)
V1 = _person("杨村一", month(1993, 1), 121)
V2 = _person("杨村二", month(1994, 2), 122)
V3 = _person("杨村三", month(1995, 3), 123)


def _roster_row(person: tuple[str, str], **values: object) -> dict:
    return cadre(person[0], person[1], **values)


def huolu_roster() -> list[dict]:
    leaders = [
        _roster_row(p, category="班子成员", post=post)
        for p, post in ((M1, "人大主席"), (M2, "副镇长"), (M3, "组织委员"))
    ]
    young = [_roster_row(p, work_start_date=month(2019, 8)) for p in (E1, E2, E3, E4)]
    older = [
        _roster_row(E5, work_start_date=month(2021, 6)),
        _roster_row(E6, work_start_date=month(2005, 7)),
    ]
    village = [_roster_row(p, category="村社干部", unit="石桥村", post="村委委员") for p in (V1, V2, V3)]
    return leaders + young + older + village


def huolu_pairings() -> list[dict]:
    rows = [pairing("导师引航", M1, mentee) for mentee in (E1, E2, E3, E4, E5)]
    rows += [pairing("导师引航", M2, E6), pairing("导师引航", M3, E6)]
    rows += [pairing("以新促老", E1, M1), pairing("以新促老", E1, M2)]
    rows += [
        pairing("挂职锻炼", M3, V1, batch=1),
        pairing("挂职锻炼", M3, V2, batch=1),
        pairing("挂职锻炼", M3, V3, batch=2),
    ]
    return rows


def huolu_evaluations() -> list[dict]:
    def ev(year: int, quarter: int, mentor: tuple[str, str], mentee: tuple[str, str], result: str) -> dict:
        return evaluation(year, quarter, mentor[1], mentee[1], result)

    return [
        ev(2023, 1, M1, E1, "合格"),
        ev(2023, 2, M1, E1, "优秀"),
        ev(2023, 3, M1, E1, "优秀"),  # → 经验交流
        ev(2023, 2, M2, E6, "不合格"),
        ev(2023, 3, M2, E6, "不合格"),  # → 检讨发言
        ev(2023, 1, M1, E2, "优秀"),
        ev(2023, 3, M1, E2, "优秀"),  # not consecutive
        ev(2022, 4, M1, E3, "不合格"),
        ev(2023, 1, M1, E3, "不合格"),  # → 检讨发言 across the year
        ev(2023, 2, M1, E4, "优秀"),
        ev(2023, 3, M1, E4, "合格"),
    ]


def huolu_trainings() -> list[dict]:
    march = [training(dt.date(2023, 3, 1), p) for p in (M1, M2, M3)]
    march += [training(dt.date(2023, 3, 8), p) for p in (M1, M2)]
    march += [training(dt.date(2023, 3, 8), M3, attendance="缺勤")]
    april = [training(dt.date(2023, 4, 5), M1, hours=1.5)]
    rotation = [training(dt.date(2023, 3, 20), E2, training_type="轮训", topic="党史", trainer="区委党校", hours=8.0)]
    return march + april + rotation


def _months_ago(months: int) -> dt.date:
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


G = {n: _person(f"选调{n}", month(1990 + n, 5), 130 + n) for n in range(1, 7)}


def graduate(n: int, **values: object) -> dict:
    row = _roster_row(G[n], category="选调生", work_start_date=month(2015, 8), rank="科员", party_join_date=None)
    row.update(values)
    return row


GRADUATES_BEFORE_MOVES = {
    "城东街道": [
        graduate(1, rank="副科级", political_status="中共党员", party_join_date=month(2014, 6)),
        graduate(2, political_status="中共党员", party_join_date=month(2017, 7)),
        graduate(5, work_start_date=_months_ago(3), political_status="中共预备党员", party_join_date=_months_ago(1)),
        _roster_row(_person("非选调", month(1980, 1), 150)),
    ],
    "城西街道": [
        graduate(3, rank="正科级", political_status="共青团员", party_application_date=month(2016, 3)),
        graduate(6, work_start_date=month(2010, 8), political_status="群众"),
    ],
    "白马镇": [graduate(4, political_status="共青团员")],
}


@dataclass
class Dataset:
    sources: Path
    folders: dict[str, Folder] = field(default_factory=dict)

    def folder(self, district: str, township: str) -> Folder:
        return self.folders.setdefault(f"{district}/{township}", Folder(self.sources, district, township))

    def id_numbers(self) -> set[str]:
        """Every ID number in every sheet of every folder."""
        out: set[str] = set()
        for folder in self.folders.values():
            for sheets, _ in folder.files.values():
                for s in sheets:
                    for column in (c for c in s.accepted.columns if c.endswith("id_number")):
                        out.update(str(v) for v in s.accepted[column].dropna())
        return out

    def load_all(self, store: Warehouse) -> None:
        for folder in self.folders.values():
            folder.load(store)
        store.consolidate()


def build(sources: Path, store: Warehouse) -> Dataset:
    """Load everything, consolidate, then move two graduates and load and consolidate again."""
    data = Dataset(sources)
    huolu = data.folder("武隆区", "火炉镇")
    huolu.put("干部花名册.xlsx", sheet("cadres", huolu_roster(), name="花名册"))
    huolu.put("帮带对子.xlsx", sheet("pairings", huolu_pairings(), name="对子"))
    huolu.put("帮带测评.xlsx", sheet("evaluations", huolu_evaluations(), name="测评"))
    huolu.put("培训记录.csv", sheet("trainings", huolu_trainings(), name="培训记录"))
    xian = data.folder("武隆区", "仙女山街道")
    xian.put("花名册.xlsx", sheet("cadres", [_roster_row(M1, category="班子成员", post="人大主席"), _roster_row(E7)]))
    xian.put("对子.xlsx", sheet("pairings", [pairing("导师引航", M1, E7)]))
    for township, rows in GRADUATES_BEFORE_MOVES.items():
        data.folder("城区", township).put("花名册.xlsx", sheet("cadres", rows))
    data.load_all(store)
    east, west, baima = (data.folder("城区", t) for t in ("城东街道", "城西街道", "白马镇"))
    g5 = next(r for r in GRADUATES_BEFORE_MOVES["城东街道"] if r["name"] == "选调5")
    g6 = next(r for r in GRADUATES_BEFORE_MOVES["城西街道"] if r["name"] == "选调6")
    east.put("花名册.xlsx", sheet("cadres", [r for r in GRADUATES_BEFORE_MOVES["城东街道"] if r is not g5] + [g6]))
    west.put("花名册.xlsx", sheet("cadres", [GRADUATES_BEFORE_MOVES["城西街道"][0]]))
    baima.put("花名册.xlsx", sheet("cadres", [*GRADUATES_BEFORE_MOVES["白马镇"], {**g5, "unit": "白马镇党政办"}]))
    data.load_all(store)
    return data
