"""Synthetic resident ID numbers (居民身份证号码) that the pipeline accepts.

A number is region code (6) + birth date (8) + sequence (3, odd for men) + check character.
The region code is where the number was assigned, not where its holder was born (GB 11643-1999),
so anyone may carry a code created after their birth: 武隆's cadres carry today's 500156 and
阳泉城区's 140302 whatever their birth year.
"""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
from stdnum.cn import ric

from pipelines.ingest.normalize import check_ids

# region codes per place: a place in ONE_PLACE always gives its first code; for the others
# any code is drawn (people from all over)
ONE_PLACE = frozenset({"wulong", "chengqu"})
PLACES: dict[str, tuple[str, ...]] = {
    "wulong": ("500156",),  # 重庆市武隆区
    "chengqu": ("140302",),  # 阳泉市城区
    # elsewhere in Shanxi, where the provincially placed graduates come from
    "shanxi": ("140121", "140122", "140123", "140302", "140105", "140106", "140303", "140311"),
    # elsewhere in Chongqing, old Sichuan codes included
    "chongqing": ("512322", "500102", "500233", "500235", "512301", "512328"),
}


def is_valid(number: str) -> bool:
    """Whether the pipeline accepts the number (GB 11643-1999, region code of any GB/T 2260 edition)."""
    return bool(check_ids(pd.Series([number], dtype=object)).valid.iloc[0])


def with_check_digit(first17: str) -> str:
    """Append the check character to 17 digits."""
    return first17 + ric.calc_check_digit(first17 + "0")


def region_code(place: str, rng: random.Random) -> str:
    """The region code of someone from `place`."""
    codes = PLACES[place]
    return codes[0] if place in ONE_PLACE else rng.choice(codes)


def make_id(region: str, birth: date, male: bool, rng: random.Random) -> str:
    """A valid ID number for a person born on `birth`; the sequence's parity gives the gender."""
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    if sequence == 0:
        sequence = 2
    return with_check_digit(f"{region}{birth:%Y%m%d}{sequence:03d}")


def gender_of(number: str) -> str:
    """男 for an odd sequence number, 女 for an even one."""
    return "男" if int(number[16]) % 2 == 1 else "女"


def birth_of(number: str) -> date:
    """The birth date written in the number."""
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def broken_checksum(number: str) -> str:
    """The same number with a wrong check character, for deliberately bad rows."""
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % 11]
