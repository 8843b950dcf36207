"""Synthetic cadres: names, identities and careers that pass every roster rule.

Rules kept here: the ID number is valid and unique, its birth date gives 出生年月 and its
sequence parity gives 性别; 入党时间 only for Party members and after the 18th birthday;
参加工作时间 after the 16th birthday and not after the reference date.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from pipelines.demo.ids import make_id, region_code

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃向冉"
)
# surnames common in Wulong, a Tujia and Miao area, weighted up there
WULONG_SURNAMES = "冉向田彭覃龙秦滕谭黄陈刘杨张李王"
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
MALE_CHARS = "伟强军斌涛勇杰浩鹏波明国建平林峰超刚毅宇航俊博磊飞鑫洪兵东江川龙成德新亮宏智坤"
FEMALE_CHARS = "芳敏静丽娟艳霞婷雪琳倩颖玲梅莉燕慧佳欣瑶萍露娜洁琴兰凤秀英红晶月媛"
COMMON_CHARS = "文晓小春秋海云志家永世思子天一嘉清正中雨晨诗昌兴光绍远承益学"
# the seed articles name real people; never generate their names
REAL_NAMES = frozenset({"杨孝敬", "李芙蓉", "甘元胜"})
MINORITY_NAME = "阿依努尔·吐尔逊"
REFERENCE_DATE = date(2023, 12, 31)


def month_of(day: date) -> date:
    """The first day of the month, as rosters record months."""
    return day.replace(day=1)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Cadre:
    """One roster row; dates are months (day 1) except `birth`, the full date in the ID."""

    name: str
    gender: str
    ethnicity: str
    birth: date
    id_number: str
    political_status: str
    party_join: date | None
    education: str
    work_start: date
    unit: str
    post: str
    rank: str | None
    category: str
    party_application: date | None = None

    @property
    def is_member(self) -> bool:
        """A Party member, full or probationary."""
        return self.political_status in ("中共党员", "中共预备党员")

    @property
    def birth_month(self) -> date:
        return month_of(self.birth)

    def is_young_on(self, day: date) -> bool:
        """Under 35, or started work within the last three years (近三年新招录)."""
        return age_on(self.birth, day) < 35 or self.work_start > add_years(day, -3)


class People:
    """Makes unique synthetic people from one seeded random generator."""

    def __init__(self, rng: random.Random, *, unique_names: bool = True) -> None:
        self.rng = rng
        self.unique_names = unique_names
        self.names: set[str] = set(REAL_NAMES)
        self.ids: set[str] = set()

    def name(self, male: bool, surnames: str = SURNAMES) -> str:
        rng = self.rng
        own = MALE_CHARS if male else FEMALE_CHARS
        for _ in range(1000):
            roll = rng.random()
            surname = rng.choice(COMPOUND_SURNAMES) if roll < 0.02 else rng.choice(surnames)
            given = rng.choice(own) if roll < 0.25 else rng.choice(COMMON_CHARS + own) + rng.choice(own)
            candidate = surname + given
            if not self.unique_names and candidate not in REAL_NAMES:
                return candidate
            if candidate not in self.names:
                self.names.add(candidate)
                return candidate
        raise RuntimeError("ran out of names")

    def birth(self, first: date, last: date) -> date:
        return date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))

    def identity(self, place: str, birth: date, male: bool) -> str:
        for _ in range(1000):
            number = make_id(region_code(place, self.rng), birth, male, self.rng)
            if number not in self.ids:
                self.ids.add(number)
                return number
        raise RuntimeError("ran out of ID numbers")

    def ethnicity(self, place: str) -> str:
        roll = self.rng.random()
        if place in ("wulong", "chongqing"):
            return "土家族" if roll < 0.16 else "苗族" if roll < 0.24 else "仡佬族" if roll < 0.26 else "汉族"
        return "回族" if roll < 0.03 else "满族" if roll < 0.05 else "蒙古族" if roll < 0.06 else "汉族"

    def party(
        self, birth: date, work_start: date, member_share: float, reference: date = REFERENCE_DATE
    ) -> tuple[str, date | None]:
        """Political status and 入党时间; members joined after their 19th birthday, before `reference`."""
        rng = self.rng
        if rng.random() >= member_share:
            return ("共青团员" if age_on(birth, reference) < 28 and rng.random() < 0.7 else "群众"), None
        earliest = max(add_years(birth, 19), date(1975, 1, 1))
        latest = min(add_years(max(work_start, earliest), 6), date(reference.year, 6, 30))
        if latest <= earliest:
            return "共青团员", None
        joined = month_of(self.birth(earliest, latest))
        if joined > add_years(reference, -1) and rng.random() < 0.6:
            return "中共预备党员", joined
        return "中共党员", joined

    def work_start(self, birth: date, after_age: int, latest: date = REFERENCE_DATE) -> date:
        """A month at least `after_age` (≥ 17) years after birth and not after `latest`."""
        earliest = add_years(birth, max(after_age, 17))
        if earliest >= latest:
            return month_of(latest)
        span = min(latest, add_years(earliest, 4))
        return month_of(self.birth(earliest, span))

    def cadre(
        self,
        *,
        place: str,
        born: tuple[date, date],
        unit: str,
        post: str,
        rank: str | None,
        category: str,
        education: str,
        member_share: float,
        male: bool | None = None,
        work_after_age: int = 22,
        work_start: date | None = None,
        surnames: str = SURNAMES,
        reference: date = REFERENCE_DATE,
        hired_by: date | None = None,
    ) -> Cadre:
        """A cadre born within `born`, hired by `hired_by` (default `reference`), or at a fixed `work_start`."""
        is_male = self.rng.random() < 0.6 if male is None else male
        birth = self.birth(*born)
        started = work_start or self.work_start(birth, work_after_age, hired_by or reference)
        status, joined = self.party(birth, started, member_share, reference)
        return Cadre(
            name=self.name(is_male, WULONG_SURNAMES + surnames if place == "wulong" else surnames),
            gender="男" if is_male else "女",
            ethnicity=self.ethnicity(place),
            birth=birth,
            id_number=self.identity(place, birth, is_male),
            political_status=status,
            party_join=joined,
            education=education,
            work_start=started,
            unit=unit,
            post=post,
            rank=rank,
            category=category,
        )

    def rename(self, cadre: Cadre, name: str) -> Cadre:
        """The same cadre under a fixed name (the one minority name with ·)."""
        self.names.add(name)
        return replace(cadre, name=name)
