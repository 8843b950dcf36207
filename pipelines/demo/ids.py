"""Synthetic resident ID numbers (居民身份证号码) that python-stdnum accepts.

A number is region code (6) + birth date (8) + sequence (3, odd for men) + check character.
python-stdnum 2.x also checks that the region code existed in the birth year, so every place
has a list of candidate codes and the first one valid for the birth year is used.
"""

from __future__ import annotations

import random
from datetime import date
from functools import cache

from stdnum.cn import ric

# candidate region codes per place of birth: for a place in ONE_PLACE the first code valid in
# the birth year is the code; for the others any valid code is drawn (people from all over)
ONE_PLACE = frozenset({"wulong", "chengqu"})
PLACES: dict[str, tuple[str, ...]] = {
    # 四川武隆县 (until 1995), 重庆武隆县 (1997–2016), 武隆区 (2016–); 1996 falls back to 彭水
    "wulong": ("512326", "500232", "500156", "512327"),
    # 阳泉市城区 exists from 1983; earlier births carry a neighbouring county's code
    "chengqu": ("140302", "140121", "140122"),
    # elsewhere in Shanxi, where the provincially placed graduates come from
    "shanxi": ("140121", "140122", "140123", "140302", "140105", "140106", "140303", "140311"),
    # elsewhere in Chongqing
    "chongqing": ("512322", "500102", "500233", "500235", "512301", "512328"),
}


def is_valid(number: str) -> bool:
    """stdnum's check; stdnum 2.2 raises KeyError for a few region codes instead of returning False."""
    try:
        return ric.is_valid(number)
    except KeyError:
        return False


def with_check_digit(first17: str) -> str:
    """Append the check character to 17 digits."""
    return first17 + ric.calc_check_digit(first17 + "0")


@cache
def region_codes(place: str, birth_year: int) -> tuple[str, ...]:
    """The codes of `place` that stdnum accepts for someone born in `birth_year`."""
    valid = []
    for code in PLACES[place]:
        if is_valid(with_check_digit(f"{code}{birth_year}0101001")):
            valid.append(code)
    if not valid:
        raise ValueError(f"no region code of {place} is valid for {birth_year}")
    return tuple(valid)


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
