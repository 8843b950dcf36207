"""Seed 003: 武隆区火炉镇, 2023 — 导师引航, 以新促老, the weekly 干部夜校 and 挂职锻炼.

The figures are exact: 12 班子成员 mentor 24 young cadres (the 人大主席 takes 5); 25 以新促老
pairs in which young cadres teach 24 cadres born in the 1960s/70s (one of them has two young
mentors); from 2023-03-01 one young 组织干事 teaches those 24 at the weekly night school;
17 村社干部 under 35 are seconded for one month in 5 batches (4, 4, 3, 3, 3).
"""

from __future__ import annotations

import random
from calendar import monthrange
from datetime import date, timedelta

from pipelines.demo.people import Cadre, People
from pipelines.demo.records import Attendance, Evaluation, Pairing
from pipelines.demo.township import Township, village_unit

DISTRICT = "武隆区"
NAME = "火炉镇"
MENTORING_START = date(2023, 2, 20)
NEW_HELPS_OLD_START = date(2023, 2, 27)
PROGRAMME_END = date(2023, 12, 31)
NIGHT_SCHOOL_START = date(2023, 3, 1)
NIGHT_SCHOOL_SESSIONS = 40
SECONDMENT_BATCHES = (4, 4, 3, 3, 3)
# 班子成员: post, rank, mentees in 导师引航
LEADERS = (
    ("党委书记", "正科级", 2),
    ("镇长", "正科级", 2),
    ("人大主席", "正科级", 5),
    ("党委副书记", "副科级", 3),
    ("纪委书记", "副科级", 2),
    ("组织委员", "副科级", 2),
    ("宣传委员", "副科级", 2),
    ("武装部长", "副科级", 1),
    ("副镇长", "副科级", 2),
    ("副镇长", "副科级", 1),
    ("副镇长", "副科级", 1),
    ("人大副主席", "副科级", 1),
)
OFFICES = (
    "党建办",
    "党政办",
    "经济发展办",
    "社会事务办",
    "规划建设环保办",
    "平安建设办",
    "农业服务中心",
    "便民服务中心",
)
VILLAGES = ("火炉社区", "万峰村", "保峰村", "筏子村", "雷家村", "铁佛村", "大坪村", "石梁村", "天池村", "水口村")
NIGHT_TOPICS = (
    "Word文档中插入电子表格",
    "电子表格合并单元格与排序",
    "公文格式与排版",
    "工作信息简报写作",
    "Excel常用函数",
    "演示文稿制作",
    "网上办事平台操作",
    "会议纪要写作",
    "调研报告写作",
    "文件扫描与打印",
)


def _leader_unit(post: str) -> str:
    if post.startswith("人大"):
        return "火炉镇人大"
    if post in ("镇长", "副镇长"):
        return "火炉镇人民政府"
    return "中共火炉镇委员会"


def _leaders(people: People) -> list[Cadre]:
    return [
        people.cadre(
            place="wulong",
            born=(date(1968, 1, 1), date(1986, 12, 31)),
            unit=_leader_unit(post),
            post=post,
            rank=rank,
            category="班子成员",
            education=people.rng.choice(("大学本科", "大学本科", "研究生")),
            member_share=1.0,
            male=True if post == "人大主席" else None,
        )
        for post, rank, _ in LEADERS
    ]


def _young(people: People, rng: random.Random) -> list[Cadre]:
    """24 young cadres: 22 under 35 at the start of 导师引航, 2 older recruits of 2021–2022."""
    young = []
    for i in range(24):
        office = OFFICES[i % len(OFFICES)]
        common = {
            "place": "wulong",
            "unit": f"火炉镇{office}",
            "post": "组织干事" if i == 0 else f"{office}科员",
            "rank": rng.choice(("一级科员", "二级科员", "四级主任科员")),
            "category": "一般干部",
            "education": rng.choice(("大学本科", "大学本科", "大学本科", "大学专科", "研究生")),
            "member_share": 1.0 if i == 0 else 0.55,
        }
        if i == 0:
            cadre = people.cadre(
                born=(date(1996, 1, 1), date(1996, 12, 31)), male=False, hired_by=date(2019, 9, 1), **common
            )
        elif i in (5, 17):
            hired = date(2021, 3, 1) + timedelta(days=rng.randint(0, 540))
            cadre = people.cadre(born=(date(1985, 1, 1), date(1987, 6, 30)), work_start=hired.replace(day=1), **common)
        else:
            cadre = people.cadre(born=(date(1988, 6, 1), date(2000, 6, 30)), hired_by=date(2023, 1, 31), **common)
        young.append(cadre)
    return young


def _older(people: People, rng: random.Random) -> list[Cadre]:
    """24 middle-aged and older cadres born in the 1960s and 70s."""
    return [
        people.cadre(
            place="wulong",
            born=(date(1964, 1, 1), date(1979, 12, 31)),
            unit=f"火炉镇{OFFICES[(i * 3) % len(OFFICES)]}",
            post=rng.choice(("办事员", "站长", "副主任", "统计员", "会计", "综治专干")),
            rank=rng.choice(("一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员")),
            category="一般干部",
            education=rng.choice(("大学专科", "大学专科", "中专", "高中", "大学本科")),
            member_share=0.85,
            work_after_age=19,
        )
        for i in range(24)
    ]


def _village_cadres(people: People, rng: random.Random) -> tuple[list[Cadre], list[Cadre]]:
    """17 村社干部 under 35 to be seconded, and the village Party secretaries."""
    young = [
        people.cadre(
            place="wulong",
            born=(date(1989, 4, 1), date(2000, 12, 31)),
            unit=village_unit(VILLAGES[i % len(VILLAGES)]),
            post=rng.choice(("本土人才", "综合服务专干", "村委会委员")),
            rank=None,
            category="村社干部",
            education=rng.choice(("大学专科", "大学本科", "高中", "中专")),
            member_share=0.6,
            work_after_age=19,
            hired_by=date(2022, 12, 31),
        )
        for i in range(17)
    ]
    secretaries = [
        people.cadre(
            place="wulong",
            born=(date(1966, 1, 1), date(1985, 12, 31)),
            unit=village_unit(village),
            post="社区党委书记" if village.endswith("社区") else "村党支部书记",
            rank=None,
            category="村社干部",
            education=rng.choice(("高中", "大学专科", "中专")),
            member_share=1.0,
            work_after_age=20,
        )
        for village in VILLAGES[:8]
    ]
    return young, secretaries


def _others(people: People, rng: random.Random) -> list[Cadre]:
    """Cadres aged 36–43: neither young nor born in the 1960s/70s, in no programme."""
    return [
        people.cadre(
            place="wulong",
            born=(date(1980, 3, 1), date(1986, 12, 31)),
            unit=f"火炉镇{rng.choice(OFFICES)}",
            post="副主任",
            rank="一级主任科员",
            category="一般干部",
            education="大学本科",
            member_share=0.8,
            hired_by=date(2012, 12, 31),
        )
        for _ in range(5)
    ]


def _mentoring(leaders: list[Cadre], young: list[Cadre], rng: random.Random) -> list[Pairing]:
    mentees = list(young)
    rng.shuffle(mentees)
    pairs = []
    for leader, (post, _, count) in zip(leaders, LEADERS, strict=True):
        for _ in range(count):
            method = "双向选择" if post == "人大主席" or rng.random() < 0.55 else "组织指定"
            pairs.append(Pairing("导师引航", leader, mentees.pop(), method, MENTORING_START, PROGRAMME_END))
    return pairs


def _new_helps_old(young: list[Cadre], older: list[Cadre], rng: random.Random) -> list[Pairing]:
    """25 pairs: 20 young mentors (5 of them with two mentees) over 24 older cadres, one with two."""
    mentors = rng.sample(young, 20)
    slots = mentors + mentors[:5]
    mentees = [*list(older), older[0]]
    while True:
        rng.shuffle(mentees)
        pairs = list(zip(slots, mentees, strict=True))
        if len(set((m.id_number, e.id_number) for m, e in pairs)) == 25:
            break
    return [
        Pairing(
            "以新促老",
            mentor,
            mentee,
            "双向选择" if rng.random() < 0.6 else "组织指定",
            NEW_HELPS_OLD_START,
            PROGRAMME_END,
        )
        for mentor, mentee in pairs
    ]


def _secondments(village: list[Cadre], older: list[Cadre], rng: random.Random) -> list[Pairing]:
    pairs = []
    queue = list(village)
    for batch, size in enumerate(SECONDMENT_BATCHES, start=1):
        month = 2 + batch
        start = date(2023, month, 1)
        end = date(2023, month, monthrange(2023, month)[1])
        for mentor in rng.sample(older, size):
            method = "组织指定" if rng.random() < 0.25 else "双向选择"
            pairs.append(Pairing("挂职锻炼", mentor, queue.pop(0), method, start, end, batch))
    return pairs


def _evaluations(mentoring: list[Pairing], new_helps_old: list[Pairing], rng: random.Random) -> list[Evaluation]:
    """Q1–Q4 2023 for every 导师引航 and 以新促老 pair; one pair 优秀 twice running, one 不合格 in the last two."""
    results: dict[int, list[str]] = {}
    pairs = mentoring + new_helps_old
    for index in range(len(pairs)):
        results[index] = rng.choices(("优秀", "合格", "基本合格"), weights=(2, 7, 1), k=4)
    star = next(i for i, p in enumerate(pairs) if p.mentor.post == "人大主席")
    results[star][1:3] = ["优秀", "优秀"]
    weak = len(mentoring) + 7
    results[weak] = ["合格", "基本合格", "不合格", "不合格"]  # the latest two: a 检讨发言 is due
    return [
        Evaluation(2023, quarter, pair, results[index][quarter - 1])
        for quarter in range(1, 5)
        for index, pair in enumerate(pairs)
    ]


def _night_school(trainer: Cadre, older: list[Cadre], rng: random.Random) -> list[Attendance]:
    rows = []
    for session in range(NIGHT_SCHOOL_SESSIONS):
        day = NIGHT_SCHOOL_START + timedelta(weeks=session)
        topic = NIGHT_TOPICS[session % len(NIGHT_TOPICS)]
        for cadre in older:
            roll = rng.random()
            attendance = "请假" if roll < 0.03 else "缺勤" if roll < 0.04 else "出勤"
            rows.append(Attendance(day, "干部夜校", topic, trainer.name, cadre, 2.0, attendance))
    return rows


def _exchange_meetings(secretary: Cadre, pairs: list[Pairing]) -> list[Attendance]:
    """The quarterly 交流研讨会 of the 以新促老 pairs, chaired by the Party secretary."""
    members: dict[str, Cadre] = {}
    for pair in pairs:
        members.setdefault(pair.mentor.id_number, pair.mentor)
        members.setdefault(pair.mentee.id_number, pair.mentee)
    days = (date(2023, 3, 30), date(2023, 6, 29), date(2023, 9, 28), date(2023, 12, 28))
    return [
        Attendance(day, "交流研讨会", f"{day.year}年第{q}季度以新促老交流研讨", secretary.name, cadre, 3.0, "出勤")
        for q, day in enumerate(days, start=1)
        for cadre in members.values()
    ]


def build(people: People, rng: random.Random) -> Township:
    leaders = _leaders(people)
    young = _young(people, rng)
    older = _older(people, rng)
    village, secretaries = _village_cadres(people, rng)
    others = _others(people, rng)
    mentoring = _mentoring(leaders, young, rng)
    new_helps_old = _new_helps_old(young, older, rng)
    secondments = _secondments(village, older, rng)
    trainer = young[0]
    return Township(
        district=DISTRICT,
        name=NAME,
        roster=leaders + young + older + others + village + secretaries,
        pairings=mentoring + new_helps_old + secondments,
        evaluations=_evaluations(mentoring, new_helps_old, rng),
        trainings=_night_school(trainer, older, rng) + _exchange_meetings(leaders[0], new_helps_old),
    )
