"""Seed 000: 城区, as its district committee reported around 2005.

43 communities, each a 社区居委会 unit in one of four street offices. 24 graduates placed by
the provincial committee since 1998 (参加工作时间 is the placement): 13 in the street offices'
rosters, 11 in 区直机关; 7 at section level (正科级/副科级). Party membership: 7 joined at
university (入党时间 before 参加工作时间), 10 joined later, 6 applied (入党申请时间 filled),
1 neither.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from pipelines.demo.people import Cadre, People, add_years, month_of
from pipelines.demo.records import Attendance
from pipelines.demo.township import Layout, Township

DISTRICT = "城区"
ORGANS = "区直机关"
REFERENCE = date(2005, 12, 31)
COMMUNITIES = {
    "东城街道": ("东关", "府东", "文庙", "鼓楼", "东顺城", "五一路", "新华", "朝阳", "东环", "柳树巷", "红旗"),
    "西城街道": ("西关", "西顺城", "和平", "建设路", "西苑", "桥西", "育才", "铁路", "西环", "槐树巷", "光明"),
    "南关街道": ("南关", "南门", "迎宾", "南苑", "解放路", "车站", "南环", "平安", "永安", "桃园"),
    "北关街道": ("北关", "北门", "北苑", "胜利", "北环", "青年路", "康乐", "兴华", "梨园", "幸福", "团结"),
}
STREET_LEADERS = (
    ("党工委书记", "正科级"),
    ("办事处主任", "正科级"),
    ("党工委副书记", "副科级"),
    ("纪工委书记", "副科级"),
    ("办事处副主任", "副科级"),
    ("武装部长", "副科级"),
)
# graduates per street office, then 区直机关
GRADUATE_PLACES = (("东城街道", 4), ("西城街道", 3), ("南关街道", 3), ("北关街道", 3), (ORGANS, 11))
# (unit, post, rank) of each graduate in 区直机关; the first three at section level
ORGAN_POSTS = (
    ("区委组织部", "干部科科长", "正科级"),
    ("区纪委", "纪检监察室主任", "正科级"),
    ("区委宣传部", "理论科副科长", "副科级"),
    ("区委组织部", "组织科科员", "科员"),
    ("区纪委", "科员", "科员"),
    ("区委宣传部", "科员", "科员"),
    ("区委台办", "科员", "科员"),
    ("区政府办公室", "秘书", "科员"),
    ("区发展和改革局", "科员", "科员"),
    ("区财政局", "科员", "科员"),
    ("区民政局", "科员", "科员"),
)
# party history of the 24 graduates, shuffled over them
PARTY_HISTORY = ("university",) * 7 + ("later",) * 10 + ("applied",) * 6 + ("neither",)
SECTION_LEVEL = ("正科级", "副科级")


def community_unit(community: str) -> str:
    return f"{community}社区居委会"


def _placement(rng: random.Random, rank: str, history: str) -> date:
    """Placed 1998–2005; section-level graduates by 2001, later Party members by 2003."""
    last = 2005
    if rank in SECTION_LEVEL:
        last = 2001
    if history == "later":
        last = min(last, 2003)
    return date(rng.randint(1998, last), rng.choice((7, 8, 9)), 1)


def _graduate(people: People, rng: random.Random, slot: tuple[str, str, str], history: str) -> Cadre:
    unit, post, rank = slot
    placed = _placement(rng, rank, history)
    cadre = people.cadre(
        place="shanxi",
        born=(add_years(placed, -25), add_years(placed, -22)),
        unit=unit,
        post=post,
        rank=rank,
        category="选调生",
        education=rng.choice(("大学本科", "大学本科", "大学本科", "研究生")),
        member_share=0.0,
        work_start=placed,
        reference=REFERENCE,
    )
    if history == "university":
        joined = cadre.birth + timedelta(days=rng.randint(20 * 365, int(21.5 * 365)))
        joined = month_of(min(joined, placed - timedelta(days=62)))
        return replace(cadre, political_status="中共党员", party_join=joined)
    if history == "later":
        joined = month_of(placed + timedelta(days=rng.randint(300, (REFERENCE - placed).days - 200)))
        return replace(cadre, political_status="中共党员", party_join=joined)
    status = "共青团员" if cadre.birth > add_years(REFERENCE, -28) else "群众"
    if history == "applied":
        applied = month_of(placed + timedelta(days=rng.randint(60, (REFERENCE - placed).days - 60)))
        return replace(cadre, political_status=status, party_join=None, party_application=applied)
    return replace(cadre, political_status="群众", party_join=None)


def _slots() -> dict[str, list[tuple[str, str, str]]]:
    """(unit, post, rank) of each graduate, by office: one 办事处副主任 in each street office."""
    slots: dict[str, list[tuple[str, str, str]]] = {}
    for place, count in GRADUATE_PLACES:
        if place == ORGANS:
            slots[place] = list(ORGAN_POSTS)
            continue
        office = f"{place}办事处"
        slots[place] = [(office, "办事处副主任", "副科级")] + [(office, "主任助理", "科员")] * (count - 1)
    return slots


def _graduates(people: People, rng: random.Random) -> dict[str, list[Cadre]]:
    histories = list(PARTY_HISTORY)
    rng.shuffle(histories)
    out: dict[str, list[Cadre]] = {}
    for place, slots in _slots().items():
        out[place] = [_graduate(people, rng, slot, histories.pop()) for slot in slots]
    return out


def _street(name: str, graduates: list[Cadre], trainer: str, people: People, rng: random.Random) -> Township:
    office = f"{name}办事处"
    common = {"place": "chengqu", "reference": REFERENCE}
    leaders = [
        people.cadre(
            born=(date(1955, 1, 1), date(1972, 12, 31)),
            unit=office,
            post=post,
            rank=rank,
            category="班子成员",
            education=rng.choice(("大学本科", "大学专科", "研究生")),
            member_share=1.0,
            **common,
        )
        for post, rank in STREET_LEADERS
    ]
    staff = [
        people.cadre(
            born=(date(1958, 1, 1), date(1983, 12, 31)),
            unit=office,
            post=rng.choice(("科员", "办事员", "统计员")),
            rank="科员",
            category="一般干部",
            education=rng.choice(("大学本科", "大学专科", "中专")),
            member_share=0.6,
            **common,
        )
        for _ in range(5)
    ]
    community = []
    for place in COMMUNITIES[name]:
        for post in ("社区党支部书记", "社区居委会主任")[: rng.choice((1, 2))]:
            community.append(
                people.cadre(
                    born=(date(1950, 1, 1), date(1980, 12, 31)),
                    unit=community_unit(place),
                    post=post,
                    rank=None,
                    category="村社干部",
                    education=rng.choice(("高中", "中专", "大学专科", "初中")),
                    member_share=1.0 if "书记" in post else 0.7,
                    work_after_age=18,
                    **common,
                )
            )
    if name == "东城街道":
        staff[2] = people.rename(replace(staff[2], ethnicity="维吾尔族"), "阿依努尔·吐尔逊")
    roster = leaders + graduates + staff + community
    rotation = [
        Attendance(day, kind, topic, trainer, cadre, hours, "出勤" if rng.random() > 0.04 else "请假")
        for day, kind, topic, hours in (
            (date(2005, 6, 14), "轮训", "街道社区党员干部年度轮训：社区建设与低保政策", 6.0),
            (date(2005, 9, 20), "理论宣讲", "保持共产党员先进性教育专题宣讲", 2.0),
        )
        for cadre in staff + community
    ]
    return Township(DISTRICT, name, roster, trainings=rotation, layout=Layout(with_application_date=True))


def _organs(graduates: list[Cadre], people: People, rng: random.Random) -> Township:
    staff = [
        people.cadre(
            place="chengqu",
            born=(date(1958, 1, 1), date(1980, 12, 31)),
            unit=unit,
            post=post,
            rank=rank,
            category="一般干部",
            education=rng.choice(("大学本科", "研究生", "大学专科")),
            member_share=0.8,
            reference=REFERENCE,
        )
        for unit, post, rank in (
            ("区委组织部", "副部长", "副处级"),
            ("区委组织部", "干部科副科长", "副科级"),
            ("区纪委", "科员", "科员"),
            ("区委宣传部", "科长", "正科级"),
            ("区委办公室", "秘书", "科员"),
            ("区政府办公室", "副主任", "副科级"),
            ("区委党校", "教员", "科员"),
            ("区民政局", "科员", "科员"),
        )
    ]
    return Township(DISTRICT, ORGANS, graduates + staff, layout=Layout(with_application_date=True))


def build(people: People, rng: random.Random) -> list[Township]:
    graduates = _graduates(people, rng)
    organs = _organs(graduates[ORGANS], people, rng)
    trainer = next(c.name for c in organs.roster if c.unit == "区委党校")
    streets = [_street(name, graduates[name], trainer, people, rng) for name in COMMUNITIES]
    return [*streets, organs]
