"""A deterministic province for the scale benchmark: many townships of roughly real size.

Each township has about 150 cadres, 43 pairings, 150 evaluations and 1,400 training rows in
four clean files, like the issue's measured province (1,000 townships in 40 districts). One
seeded generator drives every choice, so the same arguments write byte-identical folders, and
`change_townships` rewrites a chosen share of them with one evaluation result changed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from pipelines.demo.people import Cadre, People
from pipelines.demo.records import Attendance, Evaluation, Pairing
from pipelines.demo.township import Township, village_unit, write_township

SEED = 20240601
TOWNSHIPS_PER_DISTRICT = 25
LEADERS = (
    ("党委书记", "正科级"),
    ("镇长", "正科级"),
    ("党委副书记", "副科级"),
    ("纪委书记", "副科级"),
    ("副镇长", "副科级"),
    ("组织委员", "副科级"),
    ("宣传委员", "副科级"),
)
EDUCATION = ("研究生", "大学本科", "大学本科", "大学专科", "中专", "高中")
TOPICS = (
    "学习贯彻党的二十大精神",
    "乡村振兴政策解读",
    "基层治理与群众工作",
    "安全生产与防灾减灾",
    "公文写作",
    "信访工作实务",
    "农村集体经济",
    "生态环境保护",
    "民族团结进步",
    "廉洁自律教育",
)
YOUNG, OLDER, VILLAGE = 40, 30, 73
MENTEES_PER_LEADER = 6
NEW_HELPS_OLD = 13


def township_names(count: int) -> list[tuple[str, str]]:
    """(district, township) of each of `count` townships, 25 to a district; every fifth a 街道."""
    out = []
    for index in range(count):
        district = f"第{index // TOWNSHIPS_PER_DISTRICT + 1:02d}区"
        suffix = "街道" if index % 5 == 4 else "镇"
        out.append((district, f"第{index + 1:04d}{suffix}"))
    return out


def _cadre(people: People, rng: random.Random, born: tuple[date, date], **fields: object) -> Cadre:
    return people.cadre(place="chongqing", born=born, education=rng.choice(EDUCATION), **fields)  # type: ignore[arg-type]


def _township(district: str, name: str, people: People, rng: random.Random) -> Township:
    leaders = [
        _cadre(
            people,
            rng,
            (date(1968, 1, 1), date(1985, 12, 31)),
            unit=f"{name}人民政府",
            post=post,
            rank=rank,
            category="班子成员",
            member_share=1.0,
        )
        for post, rank in LEADERS
    ]
    young = [
        _cadre(
            people,
            rng,
            (date(1989, 1, 1), date(2000, 6, 30)),
            unit=f"{name}党政办",
            post="科员",
            rank=rng.choice(("一级科员", "二级科员")),
            category="一般干部",
            member_share=0.5,
            hired_by=date(2022, 12, 31),
        )
        for _ in range(YOUNG)
    ]
    older = [
        _cadre(
            people,
            rng,
            (date(1965, 1, 1), date(1979, 12, 31)),
            unit=f"{name}社会事务办",
            post=rng.choice(("办事员", "站长", "副主任")),
            rank="二级主任科员",
            category="一般干部",
            member_share=0.8,
            work_after_age=19,
        )
        for _ in range(OLDER)
    ]
    village = [
        _cadre(
            people,
            rng,
            (date(1970, 1, 1), date(1998, 12, 31)),
            unit=village_unit(f"{name[:-1]}{i % 9 + 1}村"),
            post="村委会委员",
            rank=None,
            category="村社干部",
            member_share=0.7,
            work_after_age=19,
        )
        for i in range(VILLAGE)
    ]
    start, end = date(2023, 2, 1), date(2023, 12, 31)
    queue = list(young)
    pairs = [
        Pairing("导师引航", leader, queue.pop(0), rng.choice(("双向选择", "组织指定")), start, end)
        for leader in leaders[:5]
        for _ in range(MENTEES_PER_LEADER)
    ]
    pairs += [Pairing("以新促老", a, b, "双向选择", start, end) for a, b in zip(queue, older[:NEW_HELPS_OLD])]
    quarters = rng.choice(((2, 3, 4), (1, 2, 3, 4)))
    evaluations = [
        Evaluation(2023, q, pair, rng.choices(("优秀", "合格", "基本合格"), weights=(2, 7, 1))[0])
        for q in quarters
        for pair in pairs
    ]
    staff = young + older + village
    trainings = [
        Attendance(
            date(2023, 3, 8) + timedelta(days=25 * session),
            "理论宣讲",
            topic,
            leaders[0].name,
            cadre,
            2.0,
            "请假" if rng.random() < 0.05 else "出勤",
        )
        for session, topic in enumerate(TOPICS)
        for cadre in staff
    ]
    return Township(district, name, leaders + staff, pairs, evaluations, trainings)


def province(count: int, seed: int = SEED) -> Iterator[Township]:
    """The `count` townships of the province, one at a time (the province is never held at once)."""
    rng = random.Random(seed)
    people = People(rng, unique_names=False)
    for district, name in township_names(count):
        yield _township(district, name, people, rng)


def write_province(out: Path, count: int, seed: int = SEED) -> None:
    """Write every township's four files into `out/<district>/<township>/`."""
    for township in province(count, seed):
        write_township(out, township)


def changed_indices(count: int, share: float) -> list[int]:
    """Which townships `change_townships` rewrites: evenly spread, at least one."""
    changed = max(1, round(count * share))
    return [round(i * count / changed) for i in range(changed)]


def change_townships(out: Path, count: int, share: float, seed: int = SEED, *, revert: bool = False) -> list[str]:
    """Rewrite `share` of the townships with their first evaluation's result changed (or, with `revert`,
    as `write_province` wrote them); their keys."""
    chosen = set(changed_indices(count, share))
    keys = []
    for index, township in enumerate(province(count, seed)):
        if index not in chosen:
            continue
        if not revert:
            first = township.evaluations[0]
            township.evaluations[0] = replace(first, result="优秀" if first.result != "优秀" else "合格")
        write_township(out, township)
        keys.append(f"{township.district}/{township.name}")
    return keys
