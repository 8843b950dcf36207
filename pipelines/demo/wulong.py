"""The other offices of 武隆区: smaller rosters and programmes, each file with its own quirks.

- 白马镇: three deliberately bad roster rows (bad checksum, 性别 against the ID, no 姓名).
- 仙女山街道: a title row above the roster header, a 填表人/审核人/制表日期 footer, and months
  shown as 1985年3月 through a date format.
- 江口镇: months written as text (1985.03 and 1985年3月), a space inside some names,
  学历 as offices abbreviate it, a merged two-level pairing header, 培训记录 as a GBK CSV.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pipelines.demo.ids import broken_checksum
from pipelines.demo.people import Cadre, People
from pipelines.demo.records import Attendance, DateStyle, Evaluation, Pairing, cadre_row
from pipelines.demo.township import Layout, Township, village_unit
from pipelines.demo.writers import Cell

DISTRICT = "武隆区"
TOWN_LEADERS = (
    ("党委书记", "正科级"),
    ("镇长", "正科级"),
    ("人大主席", "正科级"),
    ("党委副书记", "副科级"),
    ("纪委书记", "副科级"),
    ("副镇长", "副科级"),
    ("组织委员", "副科级"),
)
STREET_LEADERS = (
    ("党工委书记", "正科级"),
    ("办事处主任", "正科级"),
    ("党工委副书记", "副科级"),
    ("纪工委书记", "副科级"),
    ("人大工委主任", "副科级"),
    ("办事处副主任", "副科级"),
    ("武装部长", "副科级"),
)
EDUCATION = ("研究生", "大学本科", "大学本科", "大学专科", "中专", "高中")
SPEECH_TOPICS = ("学习贯彻党的二十大精神", "乡村振兴政策解读", "基层治理与群众工作", "安全生产与防灾减灾")


@dataclass(frozen=True)
class Plan:
    name: str
    villages: tuple[str, ...]
    young: int
    older: int
    village_cadres: int
    mentee_counts: tuple[int, ...]  # 导师引航 mentees per mentor, mentors taken from the leaders
    mentoring_start: date
    quarters: tuple[int, ...]
    shared_mentee: bool = False  # one mentee with two mentors (多带一)
    new_helps_old: int = 0


def _unit(plan: Plan, office: str) -> str:
    return f"{plan.name}{office}"


def _village_cadre(people: People, rng: random.Random, village: str) -> Cadre:
    cadre = people.cadre(
        place="wulong",
        born=(date(1970, 1, 1), date(1998, 12, 31)),
        unit=village_unit(village),
        post="",
        rank=None,
        category="村社干部",
        education=rng.choice(EDUCATION[3:]),
        member_share=0.7,
        work_after_age=19,
    )
    if village.endswith("社区"):
        posts = ("社区党委书记", "社区党委委员") if cadre.is_member else ("社区居委会主任", "社区居委会委员")
    else:
        posts = ("村党支部书记", "村党支部委员") if cadre.is_member else ("村委会主任", "村委会委员")
    return replace(cadre, post=rng.choice(posts))


def _roster(plan: Plan, people: People, rng: random.Random) -> tuple[list[Cadre], list[Cadre], list[Cadre]]:
    street = plan.name.endswith("街道")
    posts = STREET_LEADERS if street else TOWN_LEADERS
    leaders = [
        people.cadre(
            place="wulong",
            born=(date(1968, 1, 1), date(1985, 12, 31)),
            unit=_unit(plan, "党工委" if street else "人民政府"),
            post=post,
            rank=rank,
            category="班子成员",
            education=rng.choice(EDUCATION[:4]),
            member_share=1.0,
        )
        for post, rank in posts[: max(5, len(plan.mentee_counts) + 2)]
    ]
    young = [
        people.cadre(
            place="wulong",
            born=(date(1989, 1, 1), date(2000, 6, 30)),
            unit=_unit(plan, "党政办"),
            post="科员",
            rank=rng.choice(("一级科员", "二级科员")),
            category="一般干部",
            education=rng.choice(EDUCATION[:4]),
            member_share=0.5,
            hired_by=date(2022, 12, 31),
        )
        for _ in range(plan.young)
    ]
    older = [
        people.cadre(
            place="wulong",
            born=(date(1965, 1, 1), date(1979, 12, 31)),
            unit=_unit(plan, "社会事务办"),
            post=rng.choice(("办事员", "站长", "副主任")),
            rank="二级主任科员",
            category="一般干部",
            education=rng.choice(EDUCATION[1:]),
            member_share=0.8,
            work_after_age=19,
        )
        for _ in range(plan.older)
    ]
    village = [_village_cadre(people, rng, plan.villages[i % len(plan.villages)]) for i in range(plan.village_cadres)]
    return leaders, young + older + village, older


def _pairings(
    plan: Plan, leaders: list[Cadre], staff: list[Cadre], older: list[Cadre], rng: random.Random
) -> list[Pairing]:
    young = staff[: plan.young]
    end = date(2023, 12, 31)
    pairs = []
    queue = list(young)
    for mentor, count in zip(leaders, plan.mentee_counts, strict=False):
        for _ in range(count):
            method = rng.choice(("双向选择", "组织指定"))
            pairs.append(Pairing("导师引航", mentor, queue.pop(0), method, plan.mentoring_start, end))
    if plan.shared_mentee:
        # the last mentee also has the first mentor: 多带一
        pairs.append(Pairing("导师引航", leaders[0], pairs[-1].mentee, "组织指定", plan.mentoring_start, end))
    for mentor, mentee in zip(young[-plan.new_helps_old :] if plan.new_helps_old else [], older, strict=False):
        pairs.append(Pairing("以新促老", mentor, mentee, "双向选择", plan.mentoring_start, end))
    return pairs


def _evaluations(plan: Plan, pairs: list[Pairing], rng: random.Random) -> list[Evaluation]:
    return [
        Evaluation(2023, quarter, pair, rng.choices(("优秀", "合格", "基本合格"), weights=(2, 7, 1))[0])
        for quarter in plan.quarters
        for pair in pairs
    ]


def _trainings(plan: Plan, staff: list[Cadre], trainer: str, rng: random.Random) -> list[Attendance]:
    rows = []
    first = date(2023, 4, 12)
    for session, topic in enumerate(SPEECH_TOPICS):
        day = first + timedelta(days=70 * session)
        for cadre in staff:
            attendance = "请假" if rng.random() < 0.05 else "出勤"
            rows.append(Attendance(day, "理论宣讲", topic, trainer, cadre, 2.0, attendance))
    return rows


def _build(plan: Plan, people: People, rng: random.Random, layout: Layout) -> Township:
    leaders, staff, older = _roster(plan, people, rng)
    pairs = _pairings(plan, leaders, staff, older, rng)
    return Township(
        district=DISTRICT,
        name=plan.name,
        roster=leaders + staff,
        pairings=pairs,
        evaluations=_evaluations(plan, pairs, rng),
        trainings=_trainings(plan, staff, leaders[0].name, rng),
        layout=layout,
    )


BAIMA = Plan(
    "白马镇",
    ("白马社区", "豹岩村", "雪峰村", "大坪村"),
    young=9,
    older=8,
    village_cadres=6,
    mentee_counts=(2, 2, 2, 1),
    mentoring_start=date(2023, 6, 1),
    quarters=(3, 4),
)
XIANNVSHAN = Plan(
    "仙女山街道",
    ("仙女山社区", "石梁子社区", "龙宝塘社区"),
    young=7,
    older=5,
    village_cadres=5,
    mentee_counts=(2, 2, 1),
    mentoring_start=date(2023, 3, 15),
    quarters=(2, 3, 4),
)
JIANGKOU = Plan(
    "江口镇",
    ("江口社区", "蜂岩村", "银厂村"),
    young=6,
    older=6,
    village_cadres=3,
    mentee_counts=(2, 2, 1),
    mentoring_start=date(2023, 2, 15),
    quarters=(1, 2, 3, 4),
    shared_mentee=True,
    new_helps_old=4,
)


def _bad_rows(people: People, rng: random.Random) -> dict[int, tuple[Cell, ...]]:
    """Three rows the office got wrong, at roster positions 4, 11 and 19 (Excel rows 6, 14, 23)."""

    def stranger() -> Cadre:
        return people.cadre(
            place="wulong",
            born=(date(1975, 1, 1), date(1995, 12, 31)),
            unit="白马镇党政办",
            post="科员",
            rank="一级科员",
            category="一般干部",
            education="大学本科",
            member_share=0.5,
        )

    checksum, gender, nameless = stranger(), stranger(), stranger()
    return {
        4: cadre_row(replace(checksum, id_number=broken_checksum(checksum.id_number))),
        11: cadre_row(replace(gender, gender="女" if gender.gender == "男" else "男")),
        19: cadre_row(replace(nameless, name="")),
    }


def build(people: People, rng: random.Random) -> list[Township]:
    baima = _build(BAIMA, people, rng, Layout())
    baima.bad_rows = _bad_rows(people, rng)
    xiannvshan = _build(
        XIANNVSHAN,
        people,
        rng,
        Layout(
            roster_title="仙女山街道干部花名册（2023年12月）",
            roster_footer=("填表人：办公室", "审核人：党工委", "制表日期：2023年12月15日"),
            month_format='yyyy"年"m"月"',
        ),
    )
    jiangkou = _build(JIANGKOU, people, rng, Layout())
    two_char = [c.name for c in jiangkou.roster if len(c.name) == 2][:2]
    abbreviated = {
        c.name: {"大学本科": "本科", "大学专科": "大专"}[c.education]
        for c in jiangkou.roster
        if c.education in ("大学本科", "大学专科")
    }
    jiangkou.layout = Layout(
        roster_dates=(DateStyle.DOT, DateStyle.CJK),
        spaced_names=frozenset(two_char),
        education_as_written=dict(list(abbreviated.items())[:4]),
        merged_pairing_header=True,
        trainings_encoding="gbk",
    )
    return [baima, xiannvshan, jiangkou]
