"""Vectorized cell normalization: width, names, Traditional characters, dates, ID numbers, vocabularies, numbers."""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import numpy as np
import pandas as pd

from pipelines.ingest.text import WHITESPACE, cell_text, fold, simplify, vocab_key, vocabulary_in, vocabulary_lookup
from schemas.registry import FieldSpec, fields
from schemas.vocab import header_rules, headers, vocabulary

# Dtypes as objects, looked up once: a dtype named by its string is looked up in pandas' registry on every Series.
DATETIME_DTYPE = np.dtype("datetime64[us]")
STR_DTYPE = pd.api.types.pandas_dtype("str")
INT64_DTYPE = pd.Int64Dtype()
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_SEPARATED_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?P<sep>[-./年])\s*(?P<m>\d{1,2})\s*(?:[-./月]\s*(?:(?P<d>\d{1,2})\s*日?)?)?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
# 干部任免审批表 writes 出生年月(岁) as "1975.03 (48岁)": the age in brackets is dropped before parsing
_AGE_NOTE = re.compile(r"\s*\(\s*\d{1,3}\s*周?岁\s*\)\s*$")
_COMPACT_DATE = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?")
_SCIENTIFIC = r"\d(?:\.\d+)?E\+?\d+"
_ID_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int32)
_CHECK_CHARS = np.array(list("10X98765432"))
_GENDERS = np.array(["女", "男"], dtype=object)  # by the parity of an ID's sequence digit
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_QUARTER = re.compile(r"(?:第|Q|q)?\s*(?P<n>\d+|[一二三四五六七八九十])\s*(?:季度|季)?")
_NUMBER = re.compile(r"(?:第)?\s*(?P<n>[-+]?\d+(?:\.\d+)?)\s*(?:批|批次|学时|小时|课时|h|H|年|年度)?")


@dataclass(frozen=True)
class Finding:
    """Rows (Excel row numbers) that broke one rule in one field, with per-row message parameters."""

    rule: str
    field: str | None
    rows: pd.Index
    params: pd.DataFrame | None = None  # one row per entry of `rows`, columns are template parameters
    scalars: dict[str, Any] = field(default_factory=dict)


@dataclass
class Normalized:
    """A sheet's data with every schema column typed, and what normalizing found wrong."""

    frame: pd.DataFrame  # schema columns, index = Excel row numbers
    findings: list[Finding]
    ids: dict[str, CheckedIds] = field(default_factory=dict)  # the ID columns as checked, by field


def map_unique(values: pd.Series, func: Callable[[Any], Any], *, na: Any = None) -> np.ndarray:
    """Apply a per-value Python function once per distinct value and spread the results back; NA → `na`."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[: len(uniques)] = [func(value) for value in uniques]
    results[len(uniques)] = na
    return results[codes]


def _folded_or_none(value: Any) -> str | None:
    return fold(cell_text(value)) or None


def text_column(raw: pd.Series) -> pd.Series:
    """Free text: folded to half-width and stripped; blanks become NA."""
    return pd.Series(map_unique(raw, _folded_or_none), index=raw.index, dtype=STR_DTYPE)


NAME_OK, NAME_BLANK, NAME_ID_NUMBER, NAME_DIGITS, NAME_SYMBOLS, NAME_SHORT = (
    "ok",
    "blank",
    "id_number",
    "digits",
    "symbols",
    "short",
)
NAME_STATUSES = (NAME_OK, NAME_BLANK, NAME_ID_NUMBER, NAME_DIGITS, NAME_SYMBOLS, NAME_SHORT)
_NAME_STATUS_DTYPE = pd.CategoricalDtype(list(NAME_STATUSES))


def _categorical(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """Statuses from codes that index `dtype`'s categories by construction (so not validated again)."""
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{_HAN}]")
# Everything offices type between the parts of a minority name (after NFKC: ． → ., － → -, ･ → ・).
_NAME_SEPARATORS = ".\u00b7\u0387\u1427\u2022\u2027\u2219\u22c5\u30fb\u3002\u2010-\u2015\u2212\ufe58\ufe63-"
_INNER_SEPARATOR = re.compile(
    f"(?<=[{_HAN}])[\\s{_NAME_SEPARATORS}]*[{_NAME_SEPARATORS}][\\s{_NAME_SEPARATORS}]*(?=[{_HAN}])"
)
_OUTER_SEPARATORS = re.compile(f"^[\\s{_NAME_SEPARATORS}]+|[\\s{_NAME_SEPARATORS}]+$")
_MIDDLE_DOT_VARIANTS = re.compile("[\u0387\u1427\u2022\u2027\u2219\u22c5\u30fb]")
# Invisible characters: zero-width spaces and joiners, BOMs, direction marks, soft hyphens, control characters.
_INVISIBLE = re.compile(
    "[%s]"
    % "".join(
        re.escape(chr(c))
        for c in range(0x10000)
        if unicodedata.category(chr(c)) == "Cf" or (unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace())
    )
)
_ID_IN_TEXT = re.compile(r"\d{17}[\dXx]|\d{15}")
_NOT_NAME_SYMBOLS = re.compile("[@<>]")
# A column of stored-form Chinese names: only Han characters, · and the \x00 that joins them.
_PLAIN_CHARACTERS = re.compile(f"[{_HAN}\u00b7\x00]*")


def normalize_name(value: Any) -> str | None:
    """One name as stored and matched.

    Width folded (NFKC); zero-width characters, BOMs and control characters removed; in a Chinese name every
    separator between two parts (`.` `．` `-` `・` `•` `‧` and the other middle dots) becomes `·`, separators at
    either end and spaces are removed; elsewhere runs of spaces become one, middle-dot variants become `·` and
    separators at either end are removed.
    """
    text = _INVISIBLE.sub("", fold(cell_text(value)))
    if _HAN_CHAR.search(text):
        text = _OUTER_SEPARATORS.sub("", _INNER_SEPARATOR.sub("·", text))
        text = WHITESPACE.sub("", _MIDDLE_DOT_VARIANTS.sub("·", text))
    else:
        text = _OUTER_SEPARATORS.sub("", WHITESPACE.sub(" ", _MIDDLE_DOT_VARIANTS.sub("·", text)))
    return text or None


def name_status(name: str | None) -> str:
    """What is wrong with a normalized name: an ID number or other digits, @ < >, or a single character."""
    if name is None:
        return NAME_BLANK
    if _ID_IN_TEXT.search(name.upper()):
        return NAME_ID_NUMBER
    if any(ch.isdigit() for ch in name):
        return NAME_DIGITS
    if _NOT_NAME_SYMBOLS.search(name):
        return NAME_SYMBOLS
    if len(name) < 2:
        return NAME_SHORT
    return NAME_OK


def _plain_names(array: np.ndarray) -> bool:
    """Whether every cell is already a stored-form Chinese name of two or more characters (C-speed scans)."""
    if pd.api.types.infer_dtype(array, skipna=False) != "string":
        return False
    joined = "\x00".join(array)
    if _PLAIN_CHARACTERS.fullmatch(joined) is None or not unicodedata.is_normalized("NFKC", joined):
        return False
    stray_dot = "\u00b7\u00b7" in joined or "\x00\u00b7" in joined or "\u00b7\x00" in joined
    if stray_dot or joined.startswith("\u00b7") or joined.endswith("\u00b7"):
        return False
    return bool(np.fromiter(map(len, array), dtype=np.int64, count=len(array)).min(initial=2) >= 2)


@dataclass(frozen=True)
class CheckedNames:
    """A name column normalized, with one status per row (categorical): ok, blank or what is wrong."""

    values: pd.Series
    status: pd.Series


def check_names(raw: pd.Series) -> CheckedNames:
    """Normalize and check names once per distinct value (a column that is already clean is taken as it is)."""
    array = raw.to_numpy(dtype=object)
    if _plain_names(array):
        status = np.zeros(len(array), dtype=np.int8)
        return CheckedNames(
            values=pd.Series(array, index=raw.index, dtype=STR_DTYPE),
            status=pd.Series(_categorical(status, _NAME_STATUS_DTYPE), index=raw.index),
        )
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    names = np.empty(len(uniques) + 1, dtype=object)
    names[: len(uniques)] = [normalize_name(value) for value in uniques]
    names[len(uniques)] = None
    statuses = np.array([NAME_STATUSES.index(name_status(name)) for name in names], dtype=np.int8)
    return CheckedNames(
        values=pd.Series(names[codes], index=raw.index, dtype=STR_DTYPE),
        status=pd.Series(_categorical(statuses[codes], _NAME_STATUS_DTYPE), index=raw.index),
    )


def name_column(raw: pd.Series) -> pd.Series:
    """Names, normalized once per distinct value."""
    return check_names(raw).values


def name_keys(names: pd.Series) -> pd.Series:
    """Names in Simplified characters, for matching; the stored name keeps what the office wrote."""
    return pd.Series(map_unique(names, simplify), index=names.index, dtype=STR_DTYPE)


# --- dates -------------------------------------------------------------------------------------

DATE_OK, DATE_BLANK, DATE_INVALID, DATE_YEAR_ONLY, DATE_AMBIGUOUS = "ok", "blank", "invalid", "year_only", "ambiguous"
DATE_EARLY, DATE_TWO_DIGIT, DATE_CENTURY = "early", "two_digit_year", "century_assumed"
DATE_STATUSES = (
    DATE_OK,
    DATE_BLANK,
    DATE_INVALID,
    DATE_YEAR_ONLY,
    DATE_AMBIGUOUS,
    DATE_EARLY,
    DATE_TWO_DIGIT,
    DATE_CENTURY,
)
_DATE_STATUS_DTYPE = pd.CategoricalDtype(list(DATE_STATUSES))
_LATEST_YEAR = 2100  # later dates are typing errors, whatever the column


@dataclass(frozen=True)
class DateRange:
    """Which dates a column can plausibly hold, and so how its number cells are read.

    A number cell is an Excel date serial only where that gives a date from `earliest_year` on (a serial below
    that is a mistyped year.month like 85.03, which Excel shows as 1900-03-25). `two_digit_years`: whether
    85.03 may be read as 1985-03, when exactly one of 19xx and 20xx lies between `earliest_year` and today.
    """

    earliest_year: int
    two_digit_years: bool


# Birth months of serving cadres: nobody on a roster was born before 1920.
BIRTH_DATES = DateRange(earliest_year=1920, two_digit_years=True)
# Party, application and work-start dates: careers of the People's Republic, from 1949.
CAREER_DATES = DateRange(earliest_year=1949, two_digit_years=True)
# Pairings, evaluations and trainings: events of a programme, from 1949; a two-digit year there is no
# career milestone the office knows by heart, so 23.05 could be a year.month or a day.month: rejected.
EVENT_DATES = DateRange(earliest_year=1949, two_digit_years=False)
# A date field's `dates` metadata in its schema names its range (default: event).
DATE_RANGES: dict[str, DateRange] = {"birth": BIRTH_DATES, "career": CAREER_DATES, "event": EVENT_DATES}
_TWO_DIGIT_DATE = re.compile(r"(?P<y>\d{2})\s*[-./年]\s*(?P<m>\d{1,2})\s*月?")


def _make_date(year: int, month: int, day: int | None) -> datetime.date | None:
    if not 1900 <= year <= _LATEST_YEAR:
        return None
    try:
        return datetime.date(year, month, day or 1)
    except ValueError:
        return None


def _parse_date_text(text: str) -> tuple[datetime.date | None, str]:
    match = _SEPARATED_DATE.fullmatch(text)
    if match:
        day = int(match["d"]) if match["d"] else None
        parsed = _make_date(int(match["y"]), int(match["m"]), day)
        if parsed is None:
            return None, DATE_INVALID
        ambiguous = match["sep"] == "." and match["m"] == "1" and day is None
        return parsed, DATE_AMBIGUOUS if ambiguous else DATE_OK
    match = _COMPACT_DATE.fullmatch(text)
    if match:
        parsed = _make_date(int(match["y"]), int(match["m"]), int(match["d"]) if match["d"] else None)
        return (parsed, DATE_OK) if parsed else (None, DATE_INVALID)
    if re.fullmatch(r"\d{4}\s*年?", text):
        return None, DATE_YEAR_ONLY
    return None, DATE_INVALID


def _two_digit_year(text: str, dates: DateRange, today: datetime.date) -> tuple[datetime.date | None, str] | None:
    """85.03 / 85年3月 → 1985-03 where the column allows it and one century fits; None if not this form."""
    match = _TWO_DIGIT_DATE.fullmatch(text)
    if match is None or not 1 <= int(match["m"]) <= 12:
        return None
    if not dates.two_digit_years:
        return None, DATE_TWO_DIGIT
    years = [c + int(match["y"]) for c in (1900, 2000) if dates.earliest_year <= c + int(match["y"]) <= today.year]
    if len(years) != 1:
        return None, DATE_TWO_DIGIT
    ambiguous = text[match.end("y") :].lstrip().startswith(".") and match["m"] == "1"
    return datetime.date(years[0], int(match["m"]), 1), DATE_AMBIGUOUS if ambiguous else DATE_CENTURY


def _parse_date_number(number: float, dates: DateRange, today: datetime.date) -> tuple[datetime.date | None, str]:
    if not number.is_integer():
        if 1900 <= number < _LATEST_YEAR + 1:  # a General-format 1985.03 (or 1985.1, which may have been 1985.10)
            return _parse_date_text(repr(number))
        if 10 <= number < 100:  # a General-format 85.03, or 85.1
            read = _two_digit_year(repr(round(number, 6)), dates, today)
            if read is not None:
                return read
        number = math.floor(number)  # an Excel date-time serial
    whole = int(number)
    if 1900 <= whole <= _LATEST_YEAR:
        return None, DATE_YEAR_ONLY
    if 190001 <= whole <= 210012 or 19000101 <= whole <= 21001231:
        return _parse_date_text(str(whole))
    if 1 <= whole <= 80_000:
        serial = _EXCEL_EPOCH + datetime.timedelta(days=whole)
        if serial.year < dates.earliest_year:  # 3.15 or 85 in a date column: not a date at all
            return None, DATE_EARLY
        return (serial, DATE_OK) if serial.year <= _LATEST_YEAR else (None, DATE_INVALID)
    return None, DATE_INVALID


def _serial(moment: datetime.datetime) -> float:
    """The Excel serial number behind a date cell (what the office typed when Excel made it a date)."""
    return round((moment - datetime.datetime.combine(_EXCEL_EPOCH, datetime.time())).total_seconds() / 86_400, 6)


def parse_date_value(
    value: Any, dates: DateRange = EVENT_DATES, today: datetime.date | None = None
) -> tuple[datetime.date | None, str]:
    """One cell → (date, status) for a column holding `dates`.

    Status: ok, blank, invalid, year_only, ambiguous (a .1 month), early (a date before the column's earliest
    year, e.g. a number Excel shows as a 1900 date), two_digit_year (85.03 where the century cannot be told or
    the column does not allow it) or century_assumed (85.03 read as 1985-03). A date cell before the earliest
    year is read back as the number that was typed, and that number is judged instead.
    """
    today = today or datetime.date.today()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    if isinstance(value, datetime.datetime):
        if value.year >= dates.earliest_year:
            return value.date(), DATE_OK
        if value.year < 1900:
            return None, DATE_EARLY
        return _parse_date_number(_serial(value), dates, today)
    if isinstance(value, bool):
        return None, DATE_INVALID
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None, DATE_BLANK
        return _parse_date_number(float(value), dates, today)
    text = _AGE_NOTE.sub("", fold(cell_text(value)))
    if not text:
        return None, DATE_BLANK
    read = _two_digit_year(text, dates, today)
    if read is not None:
        return read
    parsed, status = _parse_date_text(text)
    if parsed is not None and parsed.year < dates.earliest_year:
        return None, DATE_EARLY
    return parsed, status


@dataclass(frozen=True)
class ParsedDates:
    """A date column parsed: values (NaT where blank or invalid) and one status per row (categorical)."""

    values: pd.Series
    status: pd.Series


def date_column(raw: pd.Series, dates: DateRange = EVENT_DATES, today: datetime.date | None = None) -> ParsedDates:
    """Parse a date column holding `dates` once per distinct cell value (date cells in range all at once)."""
    codes, uniques = pd.factorize(raw.to_numpy(dtype=object), use_na_sentinel=True)
    days = np.full(len(uniques) + 1, _NO_DAY, dtype=np.int64)
    statuses = np.full(len(uniques) + 1, _DATE_CODE[DATE_BLANK], dtype=np.int8)
    earliest = dates.earliest_year
    rest = _date_cells(uniques, earliest, days, statuses)
    read_days, read_statuses = [], []
    for value in uniques[rest]:
        kind = type(value)
        if kind is datetime.datetime and value.year >= earliest:
            read_days.append(value.toordinal() - _EPOCH_ORDINAL)
            read_statuses.append(_DATE_CODE[DATE_OK])
            continue
        read = _plain_month(value, earliest) if kind is str else None
        parsed, status = read if read is not None else parse_date_value(value, dates, today)
        read_days.append(_NO_DAY if parsed is None else parsed.toordinal() - _EPOCH_ORDINAL)
        read_statuses.append(_DATE_CODE[status])
    days[rest] = read_days
    statuses[rest] = read_statuses
    values = days.view("datetime64[D]").astype(DATETIME_DTYPE)
    return ParsedDates(
        values=pd.Series(values[codes], index=raw.index),  # datetime64[us] already
        status=pd.Series(_categorical(statuses[codes], _DATE_STATUS_DTYPE), index=raw.index),
    )


def _date_cells(uniques: np.ndarray, earliest: int, days: np.ndarray, statuses: np.ndarray) -> np.ndarray:
    """Read the date cells (datetime.date) from `earliest` on as they are, stored all at once.

    Returns the positions of the other values, which are parsed one by one.
    """
    dated = np.fromiter((type(value) is datetime.date for value in uniques), bool, len(uniques))
    if not dated.any():
        return np.arange(len(uniques))
    at = np.flatnonzero(dated)
    read = np.fromiter((value.toordinal() for value in uniques[at]), np.int64, len(at)) - _EPOCH_ORDINAL
    recent = read >= datetime.date(earliest, 1, 1).toordinal() - _EPOCH_ORDINAL
    days[at[recent]] = read[recent]
    statuses[at[recent]] = _DATE_CODE[DATE_OK]
    dated[at[~recent]] = False
    return np.flatnonzero(~dated)


_PLAIN_MONTH = re.compile(r"([0-9]{4})(?:\.([0-9]{2})|年([0-9]{1,2})月)")


def _plain_month(text: str, earliest: int) -> tuple[datetime.date | None, str] | None:
    """1985.03 or 1985年3月 exactly, read as `parse_date_value` reads it without its general steps; None otherwise.

    Such a text is no two-digit year, folds to itself and its month is never ambiguous (two digits after the dot).
    """
    match = _PLAIN_MONTH.fullmatch(text)
    if match is None:
        return None
    parsed = _make_date(int(match[1]), int(match[2] or match[3]), None)
    if parsed is None:
        return None, DATE_INVALID
    return (None, DATE_EARLY) if parsed.year < earliest else (parsed, DATE_OK)


_NO_DAY = np.iinfo(np.int64).min  # NaT as a day count
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_DATE_CODE = {status: np.int8(code) for code, status in enumerate(DATE_STATUSES)}


def date_findings(field_name: str, dates: ParsedDates, earliest_year: int) -> list[Finding]:
    """What reading a date column found wrong, except ambiguous months (reported once resolved)."""
    findings: list[Finding] = []
    for status, rule, rows in _status_rows(dates.status, _DATE_RULES):
        params = None
        if status == DATE_CENTURY:
            read = dates.values[rows]
            params = pd.DataFrame({"read": [f"{d.year} 年 {d.month} 月" for d in read]})
        scalars = {"earliest": earliest_year}
        findings.append(Finding(rule=rule, field=field_name, rows=rows, params=params, scalars=scalars))
    return findings


_DATE_RULES = {
    DATE_INVALID: "date.invalid",
    DATE_YEAR_ONLY: "date.year_only",
    DATE_EARLY: "date.too_early",
    DATE_TWO_DIGIT: "date.two_digit_year",
    DATE_CENTURY: "date.century_assumed",
}


def resolve_ambiguous_months(parsed: ParsedDates, reference: pd.Series) -> ParsedDates:
    """A General-format 1985.1 is January or October: take the month the reference date (the ID's birth date) says."""
    if not _status_rows(parsed.status, {DATE_AMBIGUOUS: ""}):
        return parsed
    ambiguous = parsed.status.eq(DATE_AMBIGUOUS) & reference.notna()
    same_year = ambiguous & parsed.values.dt.year.eq(reference.dt.year)
    october = same_year & reference.dt.month.eq(10)
    resolved = same_year & reference.dt.month.isin([1, 10])
    values = parsed.values.where(~october, parsed.values + pd.DateOffset(months=9))
    status = parsed.status.where(~resolved, DATE_OK)
    return ParsedDates(values=values.astype(DATETIME_DTYPE), status=status)


# --- ID numbers --------------------------------------------------------------------------------

ID_OK, ID_BLANK, ID_UPGRADED = "ok", "blank", "upgraded"
ID_NUMERIC, ID_LENGTH, ID_FORMAT, ID_CHECKSUM, ID_BIRTH, ID_BIRTH_EARLY, ID_BIRTH_FUTURE, ID_REGION = (
    "numeric_cell",
    "length",
    "format",
    "checksum",
    "birth_date",
    "birth_early",
    "birth_future",
    "region",
)
ID_STATUSES = (
    ID_OK,
    ID_BLANK,
    ID_UPGRADED,
    ID_NUMERIC,
    ID_LENGTH,
    ID_FORMAT,
    ID_CHECKSUM,
    ID_BIRTH,
    ID_BIRTH_EARLY,
    ID_BIRTH_FUTURE,
    ID_REGION,
)
_ID_CODE = {status: np.int8(code) for code, status in enumerate(ID_STATUSES)}
_ID_STATUS_DTYPE = pd.CategoricalDtype(list(ID_STATUSES))
ID_EARLIEST_BIRTH_YEAR = 1900  # GB 11643-1999's 出生日期码 is a 19xx or 20xx date


@dataclass(frozen=True)
class CheckedIds:
    """An ID column cleaned (18 characters where possible) with one status per row (categorical).

    `birth_dates` and `genders` (男 / 女) are read from the valid numbers, NaT / NA elsewhere, when first asked for.
    """

    values: pd.Series
    status: pd.Series
    valid_rows: np.ndarray = field(repr=False)  # positions of the valid numbers
    valid_digits: np.ndarray = field(repr=False)  # their digits, one row each

    @cached_property
    def _born(self) -> tuple[pd.Series, pd.Series]:
        return _births_and_genders(self.valid_rows, self.valid_digits, self.values.index)

    @property
    def birth_dates(self) -> pd.Series:
        return self._born[0]

    @property
    def genders(self) -> pd.Series:
        return self._born[1]

    @property
    def valid(self) -> pd.Series:
        codes = self.status.array.codes
        return pd.Series((codes == _ID_CODE[ID_OK]) | (codes == _ID_CODE[ID_UPGRADED]), index=self.status.index)


def check_characters(first17: pd.Series) -> pd.Series:
    """The GB 11643 check character of each 17-digit string (all entries must be 17 ASCII digits)."""
    if first17.empty:
        return pd.Series([], index=first17.index, dtype=STR_DTYPE)
    digits = np.frombuffer("".join(first17.tolist()).encode("ascii"), dtype=np.uint8).reshape(-1, 17) - 48
    remainder = (digits.astype(np.int64) @ _ID_WEIGHTS) % 11
    return pd.Series(_CHECK_CHARS[remainder], index=first17.index, dtype=STR_DTYPE)


def upgrade_15(old: pd.Series) -> pd.Series:
    """15-digit numbers (born 19xx) → 18: insert the century and append the check character."""
    first17 = old.str.slice(0, 6) + "19" + old.str.slice(6, 15)
    return first17 + check_characters(first17)


def _numeric_id_text(value: Any) -> str | None:
    """The digits of a numeric cell (None for text cells)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
        return repr(value)
    return str(int(value))


def _clean_id_text(value: str) -> str:
    return re.sub(r"[\s\-'‘’]", "", unicodedata.normalize("NFKC", value)).upper()


# 港澳台居民居住证 (2018): numbers by GB 11643 with the 地址码 810000 (香港), 820000 (澳门) or 830000 (台湾);
# 830000 is in no edition of GB/T 2260, which lists Taiwan as 710000.
_RESIDENCE_PERMIT_CODES = frozenset({810000, 820000, 830000})


@cache
def region_codes() -> np.ndarray:
    """Every 地址码 that any edition of GB/T 2260 has held, as sorted integers.

    python-stdnum's `cn/loc` table lists each code once with the years it was in use (`[1983-1997]九龙坡区`);
    a code that has since been abolished or reused still appears, so the set is every code ever valid. The codes
    of the residence permits of Hong Kong, Macao and Taiwan residents are added.
    """
    from stdnum import numdb

    codes: set[int] = set()
    for _, low, high, _, counties in numdb.get("cn/loc").prefixes:
        for province in range(int(low), int(high) + 1):
            for _, county_low, county_high, _, _ in counties:
                codes.update(province * 10_000 + county for county in range(int(county_low), int(county_high) + 1))
    codes |= _RESIDENCE_PERMIT_CODES
    return np.array(sorted(codes), dtype=np.int64)


def known_region(codes: np.ndarray) -> np.ndarray:
    """Whether each integer region code appears in some edition of GB/T 2260 (a binary search per code)."""
    table = region_codes()
    found = np.searchsorted(table, codes).clip(max=len(table) - 1)
    return table[found] == codes


def _code_points(values: np.ndarray, width: int) -> np.ndarray:
    """Strings that all have `width` characters → an (n, width) matrix of their code points."""
    if not len(values):
        return np.empty((0, width), dtype=np.int32)
    return np.frombuffer("".join(values).encode("utf-32-le"), dtype=np.int32).reshape(-1, width)


def _id_shape(points: np.ndarray) -> np.ndarray:
    """Rows of an (n, 18) code-point matrix that are 17 ASCII digits and a digit or X."""
    body = ((points[:, :17] >= 48) & (points[:, :17] <= 57)).all(axis=1)
    last = points[:, 17]
    return body & (((last >= 48) & (last <= 57)) | (last == 88))


def _birth_parts(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    year = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
    month = digits[:, 10:12] @ np.array([10, 1])
    day = digits[:, 12:14] @ np.array([10, 1])
    return year, month, day


def _real_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 1, 12) - 1] + (
        (month == 2) & leap
    )
    return (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)


def _births_and_genders(rows: np.ndarray, digits: np.ndarray, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """Birth dates and 男 / 女 (odd sequence digit = 男) of the IDs at `rows`, whose digit matrix is `digits`.

    Every one of these IDs must hold a real birth date; other rows get NaT / NA.
    """
    births = np.full(len(index), np.datetime64("NaT"), dtype=DATETIME_DTYPE)
    genders = np.full(len(index), None, dtype=object)
    births[rows] = _birth_days(digits)
    genders[rows] = _GENDERS[digits[:, 16] % 2]
    return pd.Series(births, index=index), pd.Series(genders, index=index, dtype=STR_DTYPE)


def _birth_days(digits: np.ndarray) -> np.ndarray:
    """The birth dates (datetime64[D]) of a digit matrix whose rows all hold a real date."""
    year, month, day = _birth_parts(digits)
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    return months.astype("datetime64[D]") + (day - 1)


def _id_texts(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each cell as text ('' when blank) and whether it was a numeric cell."""
    array = raw.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(array, skipna=True) in ("string", "empty"):
        numeric = np.zeros(len(array), dtype=bool)
        texts = array
    else:
        numeric_text = map_unique(raw, _numeric_id_text)
        numeric = pd.notna(numeric_text)
        texts = np.where(numeric, numeric_text, map_unique(raw, cell_text))
    blank = pd.isna(texts)
    return (np.where(blank, "", texts).astype(object) if blank.any() else texts.copy()), numeric


def check_ids(raw: pd.Series, today: datetime.date | None = None) -> CheckedIds:
    """Clean, upgrade and validate ID numbers by GB 11643-1999.

    Errors: wrong length or characters, a wrong ISO 7064 MOD 11-2 check character, a birth date that does not
    exist, lies in the future (after `today`, default the real date) or before 1900, and a region code that no
    edition of GB/T 2260 has held. A code created after the birth year is normal, not an error: the 地址码 is
    where the number was assigned (from 1984 on), not where the holder was born.
    Everything is checked on a matrix of code points; cells that are not already 18 clean characters are cleaned
    (NFKC, spaces and dashes out, upper case) first, once per distinct value.
    """
    values, numeric = _id_texts(raw)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    clean = np.zeros(len(values), dtype=bool)
    first18 = np.flatnonzero(lengths == 18)
    first_points = _code_points(values[first18], 18)
    clean[first18] = _id_shape(first_points)
    dirty = ~clean & (lengths > 0)
    if dirty.any():
        values[dirty] = map_unique(pd.Series(values[dirty], dtype=object), _clean_id_text)
        lengths[dirty] = np.fromiter(map(len, values[dirty]), dtype=np.int64, count=int(dirty.sum()))
    status = np.full(len(values), _ID_CODE[ID_OK], dtype=np.int8)
    status[lengths == 0] = _ID_CODE[ID_BLANK]
    # Excel keeps 15 significant digits: a numeric 15-digit number survives, anything else has lost digits.
    lost = numeric & (lengths != 15)
    if dirty.any():
        lost[dirty] |= pd.Series(values[dirty], dtype=STR_DTYPE).str.fullmatch(_SCIENTIFIC).to_numpy(dtype=bool)
    status[lost] = _ID_CODE[ID_NUMERIC]
    old = (lengths == 15) & ~lost
    old[old] = [v.isascii() and v.isdigit() for v in values[old]]
    if old.any():
        values[old] = upgrade_15(pd.Series(values[old], dtype=STR_DTYPE)).to_numpy(dtype=object)
        lengths[old] = 18
        status[old] = _ID_CODE[ID_UPGRADED]
    pending = (lengths > 0) & ~lost
    status[pending & (lengths != 18)] = _ID_CODE[ID_LENGTH]
    rows18 = np.flatnonzero(pending & (lengths == 18))
    # every 18-character cell was one before cleaning and is clean: its code points are known
    points = first_points if clean[rows18].all() and len(rows18) == len(first18) else _code_points(values[rows18], 18)
    shaped = _id_shape(points)
    status[rows18[~shaped]] = _ID_CODE[ID_FORMAT]
    rows, points = rows18[shaped], points[shaped]
    digits = points - 48
    expected = np.array([ord(c) for c in "10X98765432"])[(digits[:, :17] @ _ID_WEIGHTS) % 11]
    summed = expected == points[:, 17]
    status[rows[~summed]] = _ID_CODE[ID_CHECKSUM]
    rows, digits = rows[summed], digits[summed]
    dated = _real_dates(*_birth_parts(digits))
    status[rows[~dated]] = _ID_CODE[ID_BIRTH]
    rows, digits = rows[dated], digits[dated]
    births = _birth_days(digits)
    early = births < np.datetime64(f"{ID_EARLIEST_BIRTH_YEAR}-01-01", "D")
    future = births > np.datetime64(today or datetime.date.today(), "D")
    status[rows[early]] = _ID_CODE[ID_BIRTH_EARLY]
    status[rows[future]] = _ID_CODE[ID_BIRTH_FUTURE]
    rows, digits = rows[~early & ~future], digits[~early & ~future]
    placed = known_region(digits[:, :6] @ np.array([10**k for k in range(5, -1, -1)]))
    status[rows[~placed]] = _ID_CODE[ID_REGION]
    texts = pd.Series(values, index=raw.index, dtype=STR_DTYPE)
    return CheckedIds(
        values=texts if lengths.all() else texts.where(lengths > 0),
        status=pd.Series(_categorical(status, _ID_STATUS_DTYPE), index=raw.index),
        valid_rows=rows[placed],
        valid_digits=digits[placed],
    )


def _well_formed(ids: pd.Series, valid: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Positions of IDs that are valid and 18 clean characters, and their code-point matrix."""
    array = ids.to_numpy(dtype=object, na_value="")
    lengths = np.fromiter(map(len, array), dtype=np.int64, count=len(array))
    rows = np.flatnonzero(valid.to_numpy(dtype=bool) & (lengths == 18))
    points = _code_points(array[rows], 18)
    shaped = _id_shape(points)
    return rows[shaped], points[shaped]


def id_birth_dates(ids: pd.Series, valid: pd.Series) -> pd.Series:
    """The birth date inside each valid ID number (NaT elsewhere)."""
    rows, points = _well_formed(ids, valid)
    digits = points - 48
    real = _real_dates(*_birth_parts(digits))
    births, _ = _births_and_genders(rows[real], digits[real], ids.index)
    return births


# --- vocabularies and numbers ------------------------------------------------------------------


_UNKNOWN = "\x00unknown"  # a filled cell that matches nothing: never a standard value
_OTHER = "\x00other"  # a filled cell read as the vocabulary's fallback value


def vocab_column(raw: pd.Series, name: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Map a controlled field onto its standard values.

    Returns (values, mask of filled cells not recognized, mask of cells read as the fallback value).
    A vocabulary with `match: contains` also recognises a spelling inside a longer text (学历学位 columns
    write 大学本科学士); one with a `fallback` reads any other text as that value, with a warning.
    """
    mapped, unknown, other = _vocab_arrays(raw, name)
    index = raw.index
    return (
        pd.Series(mapped, index=index, dtype=STR_DTYPE),
        pd.Series(unknown, index=index),
        pd.Series(other, index=index),
    )


def _vocab_arrays(raw: pd.Series, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`vocab_column` as arrays: values, not recognized, read as the fallback."""
    vocab = vocabulary(name)
    lookup = vocabulary_lookup(name)

    def standard(value: Any) -> str | None:
        text = cell_text(value)
        if not text.strip():
            return None
        key = vocab_key(text)
        found = lookup.get(key)
        if found is None and vocab.match_contains:
            found = vocabulary_in(key, name)
        if found is None:
            return _OTHER if vocab.fallback else _UNKNOWN
        return found

    mapped = map_unique(raw, standard)
    unknown = mapped == _UNKNOWN
    other = mapped == _OTHER
    mapped[unknown] = None
    mapped[other] = vocab.fallback
    return mapped, unknown, other


def vocabulary_outputs(spec: FieldSpec) -> frozenset[str]:
    """Every value `normalize_table` can leave in a vocabulary field, blanks aside.

    The standard values its accepted spellings map to, its fallback, and for a field read from the ID number
    when blank (性别) what an ID number says.
    """
    assert spec.vocabulary is not None
    values = set(vocabulary_lookup(spec.vocabulary).values())
    fallback = vocabulary(spec.vocabulary).fallback
    if fallback is not None:
        values.add(fallback)
    if spec.from_id == "gender":
        values.update(_GENDERS)
    return frozenset(values)


def _parse_number(value: Any, pattern: re.Pattern[str]) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if math.isnan(value) else float(value)
    match = pattern.fullmatch(fold(cell_text(value)))
    if match is None:
        return None
    token = match["n"]
    return float(_CHINESE_DIGITS[token]) if token in _CHINESE_DIGITS else float(token)


def _number_arrays(raw: pd.Series, pattern: re.Pattern[str]) -> tuple[np.ndarray, np.ndarray]:
    """Numbers written as numbers or text (第2批, 1.5学时, 第一季度, Q1): (values, mask of unreadable cells)."""

    def number(value: Any) -> float | None:
        return _parse_number(value, pattern) if cell_text(value).strip() else math.nan

    mapped = map_unique(raw, number, na=math.nan)  # NaN: blank; None: filled but unreadable
    unreadable = np.asarray(mapped == None, dtype=bool)  # noqa: E711 (elementwise on an object array)
    return np.where(unreadable, np.nan, mapped).astype(float), unreadable


# The warehouse stores 年度, 季度 and 批次 as 32-bit integers; a larger whole number is no year, quarter or batch.
INTEGER_LIMIT = 2**31 - 1


def integer_column(raw: pd.Series, pattern: re.Pattern[str] = _NUMBER) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (年度, 批次, 季度) as nullable Int64; a fractional or out-of-range value counts as unreadable."""
    values, bad = _integer_arrays(raw, pattern)
    return pd.Series(values, index=raw.index), pd.Series(bad, index=raw.index)


def _integer_arrays(raw: pd.Series, pattern: re.Pattern[str]) -> tuple[pd.arrays.IntegerArray, np.ndarray]:
    """`integer_column` as arrays."""
    values, unreadable = _number_arrays(raw, pattern)
    missing = np.isnan(values)
    with np.errstate(invalid="ignore"):  # inf % 1 is NaN: not whole, so unusable
        unusable = ~missing & ((values % 1 != 0) | (np.abs(values) > INTEGER_LIMIT))
    blank = missing | unusable
    whole = np.where(blank, 0, values).astype(np.int64)
    return pd.arrays.IntegerArray(whole, blank), unreadable | unusable


def quarter_column(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """第一季度 / 一季度 / Q1 / 1 → 1."""
    return integer_column(raw, _QUARTER)


# --- one table -----------------------------------------------------------------------------------


def _status_rows(status: pd.Series, rules: dict[str, str]) -> list[tuple[str, str, pd.Index]]:
    """(status, rule, rows) for each status of `rules` that some row of a categorical status column has."""
    categorical = status.array
    codes = categorical.codes
    present = np.bincount(codes[codes >= 0], minlength=len(categorical.categories))
    found = []
    for value, rule in rules.items():
        code = categorical.categories.get_loc(value)
        if present[code]:
            found.append((value, rule, status.index[codes == code]))
    return found


def _status_findings(field_name: str, status: pd.Series, rules: dict[str, str]) -> list[Finding]:
    return [Finding(rule=rule, field=field_name, rows=rows) for _, rule, rows in _status_rows(status, rules)]


def _finding(rule: str, field_name: str, mask: pd.Series, **scalars: Any) -> Finding | None:
    return _finding_where(rule, field_name, mask.index, mask.to_numpy(dtype=bool), **scalars)


def _finding_where(rule: str, field_name: str, index: pd.Index, mask: np.ndarray, **scalars: Any) -> Finding | None:
    if not mask.any():
        return None
    return Finding(rule=rule, field=field_name, rows=index[mask], scalars=scalars)


def _empty_column(spec: FieldSpec, index: pd.Index) -> pd.Series:
    if spec.type == "date":
        return pd.Series(pd.NaT, index=index, dtype=DATETIME_DTYPE)
    if spec.type in ("int", "quarter"):
        return pd.Series(pd.NA, index=index, dtype=INT64_DTYPE)
    if spec.type == "float":
        return pd.Series(np.nan, index=index, dtype=float)
    return pd.Series(None, index=index, dtype=STR_DTYPE)


_ID_RULES = {
    ID_NUMERIC: "id_number.numeric_cell",
    ID_LENGTH: "id_number.length",
    ID_FORMAT: "id_number.format",
    ID_CHECKSUM: "id_number.checksum",
    ID_BIRTH: "id_number.birth_date",
    ID_BIRTH_EARLY: "id_number.birth_before_1900",
    ID_BIRTH_FUTURE: "id_number.birth_in_future",
    ID_REGION: "id_number.region",
    ID_UPGRADED: "id_number.upgraded",
}


_NAME_RULES = {
    NAME_ID_NUMBER: "name.id_number",
    NAME_DIGITS: "name.digits",
    NAME_SYMBOLS: "name.symbols",
    NAME_SHORT: "name.too_short",
}


@dataclass
class _Parsed:
    """What normalizing one table keeps besides the values: parsed dates and checked IDs per field."""

    dates: dict[str, ParsedDates] = field(default_factory=dict)
    ids: dict[str, CheckedIds] = field(default_factory=dict)
    today: datetime.date | None = None  # for the not-in-the-future checks; None = the real date


def _normalize_field(spec: FieldSpec, raw: pd.Series, findings: list[Finding | None], parsed: _Parsed) -> pd.Series:
    field_name = spec.name
    if spec.vocabulary is not None:
        mapped, unknown, other = _vocab_arrays(raw, spec.vocabulary)
        index = raw.index
        findings.append(
            _finding_where("value.not_in_vocabulary", field_name, index, unknown, vocabulary=spec.vocabulary)
        )
        findings.append(_finding_where("value.read_as_other", field_name, index, other, vocabulary=spec.vocabulary))
        return pd.Series(mapped, index=index, dtype=STR_DTYPE)
    if spec.type == "name":
        names = check_names(raw)
        findings.extend(_status_findings(field_name, names.status, _NAME_RULES))
        return names.values
    if spec.type == "id":
        checked = parsed.ids[field_name] = check_ids(raw, parsed.today)
        findings.extend(_status_findings(field_name, checked.status, _ID_RULES))
        return checked.values
    if spec.type == "date":
        date_range = DATE_RANGES[spec.dates]
        dates = parsed.dates[field_name] = date_column(raw, date_range, parsed.today)
        findings.extend(date_findings(field_name, dates, date_range.earliest_year))
        return dates.values
    if spec.type in ("int", "quarter"):
        whole, bad = _integer_arrays(raw, _QUARTER if spec.type == "quarter" else _NUMBER)
        findings.append(_finding_where("number.invalid", field_name, raw.index, bad))
        return pd.Series(whole, index=raw.index)
    if spec.type == "float":
        numbers, bad = _number_arrays(raw, _NUMBER)
        findings.append(_finding_where("number.invalid", field_name, raw.index, bad))
        return pd.Series(numbers, index=raw.index)
    return text_column(raw)


def _filled_from_id(spec: FieldSpec, column: pd.Series, ids: CheckedIds) -> pd.Series:
    """A blank 性别 / 出生年月 (or a missing column) takes what the row's valid ID number says."""
    if not column.hasnans:
        return column
    derived = ids.genders if spec.from_id == "gender" else ids.birth_dates
    return column.fillna(derived.where(ids.valid))


@cache
def _unit_post_pattern() -> re.Pattern[str]:
    """The longest text ending in a unit ending that is not the start of a post (副镇长), then the post."""
    rules = header_rules()
    endings = "|".join(re.escape(e) for e in sorted(rules.unit_endings, key=len, reverse=True))
    not_post = "|".join(re.escape(p) for p in rules.post_starts)
    return re.compile(f"(?P<unit>.*(?:{endings}))(?!{not_post})(?P<post>.+)")


def split_unit_post(value: Any) -> tuple[str | None, str | None, bool]:
    """One 单位及职务 cell → (unit, post, split?). Unsplittable text is kept whole as the unit."""
    text = fold(cell_text(value))
    if not text:
        return None, None, True
    separators = [text.rfind(sep) for sep in header_rules().separators]
    at = max(separators)
    if 0 < at < len(text) - 1:
        return text[:at].strip(), text[at + 1 :].strip(), True
    match = _unit_post_pattern().fullmatch(text)
    if match:
        return match["unit"], match["post"], True
    return text, None, False


def _split_combined(kind: str, data: pd.DataFrame, findings: list[Finding | None]) -> pd.DataFrame:
    """Combined columns (单位及职务) become the fields they hold, where the sheet has no column of their own."""
    for combined in headers()[kind].combined:
        if combined.name not in data.columns:
            continue
        first, second = combined.into
        parts = map_unique(data[combined.name], split_unit_post, na=(None, None, True))
        data = data.drop(columns=combined.name)
        unsplit = pd.Series([not p[2] for p in parts], index=data.index, dtype=bool)
        if first not in data.columns:
            data[first] = [p[0] for p in parts]
        if second not in data.columns:
            data[second] = [p[1] for p in parts]
        findings.append(_finding("value.combined_unsplit", first, unsplit))
    return data


def normalize_table(kind: str, data: pd.DataFrame, *, today: datetime.date | None = None) -> Normalized:
    """Normalize a sheet's raw cells (columns = field names, index = Excel rows) into the kind's schema columns.

    A column the sheet does not have is all NULL. 性别 and 出生年月 left blank are read from the ID number.
    出生年月 is kept to the month (day 1); a General-format `1985.1` there is resolved with the ID's birth date.
    """
    findings: list[Finding | None] = []
    parsed = _Parsed(today=today)
    columns: dict[str, pd.Series] = {}
    specs = fields(kind)
    data = _split_combined(kind, data, findings)
    for spec in specs:
        if spec.name in data.columns:
            columns[spec.name] = _normalize_field(spec, data[spec.name], findings, parsed)
        else:
            columns[spec.name] = _empty_column(spec, data.index)
    if "birth_date" in parsed.dates and "id_number" in parsed.ids:
        reference = parsed.ids["id_number"].birth_dates
        births = parsed.dates["birth_date"] = resolve_ambiguous_months(parsed.dates["birth_date"], reference)
        columns["birth_date"] = births.values
    id_spec = next((spec for spec in specs if spec.type == "id" and spec.core), None)
    for spec in specs:
        if spec.from_id and id_spec is not None and id_spec.name in parsed.ids:
            columns[spec.name] = _filled_from_id(spec, columns[spec.name], parsed.ids[id_spec.name])
    if kind == "cadres":  # 出生年月 is a month
        months = columns["birth_date"].to_numpy(dtype=DATETIME_DTYPE).astype("datetime64[M]")
        columns["birth_date"] = pd.Series(months.astype(DATETIME_DTYPE), index=data.index)
    # every column is a new Series on the data's index: the frame takes them as they are
    frame = pd.DataFrame(columns, index=data.index, copy=False)
    for field_name, dates in parsed.dates.items():
        findings.extend(_status_findings(field_name, dates.status, {DATE_AMBIGUOUS: "date.ambiguous_month"}))
    return Normalized(frame=frame, findings=[f for f in findings if f is not None], ids=parsed.ids)
