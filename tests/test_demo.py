"""The demo drop folder and the benchmark roster, read back from the files themselves.

Files are read with python-calamine (the GBK CSV with the csv module), headers found by
their canonical labels, so these tests check what an office would see, not the generator's
own objects.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipelines.demo import generate, write_benchmark_roster
from pipelines.demo.ids import birth_of, gender_of, is_valid
from pipelines.demo.records import labels

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "sources"
KIND_WORDS = {"花名册": "cadres", "帮带对子": "pairings", "测评": "evaluations", "培训记录": "trainings"}
KNOWN_LABELS = {label for kind in KIND_WORDS.values() for label in labels(kind)}
# 白马镇's deliberately bad roster rows, by Excel row number
BAIMA_BAD_ROWS = {6: "checksum", 14: "gender", 23: "name"}
REAL_NAMES = ("杨孝敬", "李芙蓉", "甘元胜")

Row = dict[str, object]


@dataclass
class Table:
    district: str
    township: str
    kind: str
    path: Path
    rows: list[tuple[int, Row]]  # (Excel row number, cells by header)


def _header(rows: list[list[object]]) -> tuple[int, list[str]]:
    """The header row (most known labels), with a two-level header joined as 导师 + 姓名."""
    index = max(range(min(len(rows), 5)), key=lambda i: sum(str(c) in KNOWN_LABELS for c in rows[i]))
    top = [str(c) for c in rows[index]]
    below = [str(c) for c in rows[index + 1]] if index + 1 < len(rows) else []
    if below and {c for c in below if c} <= {"姓名", "身份证号"} and any(below):
        joined, parent = [], ""
        for col, label in enumerate(top):
            parent = label or parent
            joined.append(parent + below[col] if below[col] else label)
        return index + 1, joined
    return index, top


def _read_xlsx(path: Path) -> list[tuple[int, Row]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    last_header, names = _header(rows)
    out = []
    for index in range(last_header + 1, len(rows)):
        cells = rows[index]
        if all(c == "" for c in cells):
            break
        out.append((index + 1, dict(zip(names, cells, strict=False))))
    return out


def _read_csv(path: Path) -> list[tuple[int, Row]]:
    with path.open(encoding="gbk", newline="") as handle:
        return [(number, dict(row)) for number, row in enumerate(csv.DictReader(handle), start=2)]


def _tables(root: Path) -> Iterator[Table]:
    for path in sorted(root.glob("*/*/*")):
        if path.suffix not in (".xlsx", ".csv"):
            continue
        kind = next(k for word, k in KIND_WORDS.items() if word in path.name)
        rows = _read_csv(path) if path.suffix == ".csv" else _read_xlsx(path)
        yield Table(path.parent.parent.name, path.parent.name, kind, path, rows)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out)
    return out


@pytest.fixture(scope="module")
def tables(demo: Path) -> list[Table]:
    return list(_tables(demo))


def _rows(tables: list[Table], kind: str, district: str | None = None, township: str | None = None) -> list[Row]:
    return [
        row
        for t in tables
        if t.kind == kind and district in (None, t.district) and township in (None, t.township)
        for _, row in t.rows
    ]


def _month(value: object) -> tuple[int, int] | None:
    """(year, month) of a date cell or of 1985.03 / 1985年3月 / 2023/3/1 text."""
    if value in ("", None):
        return None
    if isinstance(value, date):
        return value.year, value.month
    match = re.fullmatch(r"(\d{4})[.年/-](\d{1,2})(?:月|[/-]\d{1,2})?", str(value).strip())
    assert match, f"not a date: {value!r}"
    return int(match[1]), int(match[2])


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    year, month, day = (int(p) for p in str(value).split("/"))
    return date(year, month, day)


def _roster(tables: list[Table], township: str) -> dict[str, Row]:
    return {str(r["身份证号"]): r for r in _rows(tables, "cadres", township=township)}


def _age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _is_bad_baima_row(table: Table, excel_row: int) -> bool:
    return table.township == "白马镇" and table.kind == "cadres" and excel_row in BAIMA_BAD_ROWS


# --- layout ---------------------------------------------------------------------------------


def test_demo_has_two_districts_and_at_least_seven_offices_each_with_a_roster(tables: list[Table]) -> None:
    offices = {(t.district, t.township) for t in tables}
    assert {d for d, _ in offices} == {"武隆区", "城区"}
    assert len(offices) == 9
    assert all(any(t.kind == "cadres" and (t.district, t.township) == o for t in tables) for o in offices)


def test_generation_is_deterministic_byte_for_byte(demo: Path, tmp_path: Path) -> None:
    generate(tmp_path)
    first = {p.relative_to(demo): p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


def test_committed_sources_equal_a_fresh_generation(demo: Path) -> None:
    fresh = {p.relative_to(demo): p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    committed = {
        p.relative_to(SOURCES): p.read_bytes()
        for p in SOURCES.rglob("*")
        if p.is_file() and p.name != "README.md" and "_反馈" not in p.parts
    }
    assert committed == fresh, "sources/ is stale: run `cadre-etl demo --out sources` and commit"


# --- seed 003: 火炉镇 -----------------------------------------------------------------------


def test_huolu_has_12_leaders_mentoring_24_young_cadres_and_the_people_congress_chair_takes_5(
    tables: list[Table],
) -> None:
    roster = _roster(tables, "火炉镇")
    pairs = [p for p in _rows(tables, "pairings", township="火炉镇") if p["项目"] == "导师引航"]
    mentors = Counter(str(p["导师身份证号"]) for p in pairs)
    mentees = {str(p["培养对象身份证号"]) for p in pairs}
    assert (len(mentors), len(pairs), len(mentees)) == (12, 24, 24)
    assert all(roster[m]["干部类别"] == "班子成员" for m in mentors)
    assert [roster[m]["职务"] for m, n in mentors.items() if n == 5] == ["人大主席"]
    assert {p["结对方式"] for p in pairs} == {"双向选择", "组织指定"}
    for pair in pairs:
        started = _day(pair["结对日期"])
        mentee = roster[str(pair["培养对象身份证号"])]
        work_year, work_month = _month(mentee["参加工作时间"])
        recent = date(work_year, work_month, 1) > started - timedelta(days=3 * 365)
        assert _age(birth_of(str(pair["培养对象身份证号"])), started) < 35 or recent


def test_huolu_has_25_new_helps_old_pairs_over_24_cadres_born_in_the_60s_and_70s(tables: list[Table]) -> None:
    pairs = [p for p in _rows(tables, "pairings", township="火炉镇") if p["项目"] == "以新促老"]
    mentees = Counter(str(p["培养对象身份证号"]) for p in pairs)
    assert len(pairs) == 25
    assert len(mentees) == 24
    assert sorted(mentees.values())[-2:] == [1, 2]
    assert all(1960 <= birth_of(m).year <= 1979 for m in mentees)
    assert all(birth_of(str(p["导师身份证号"])) > birth_of(str(p["培养对象身份证号"])) for p in pairs)


def test_huolu_night_school_meets_weekly_from_1_march_taught_by_one_young_organisation_officer_to_24(
    tables: list[Table],
) -> None:
    roster = _roster(tables, "火炉镇")
    rows = [r for r in _rows(tables, "trainings", township="火炉镇") if r["培训类型"] == "干部夜校"]
    days = sorted({_day(r["培训日期"]) for r in rows})
    assert days[0] == date(2023, 3, 1) and days[0].weekday() == 2
    assert all(b - a == timedelta(weeks=1) for a, b in itertools.pairwise(days))
    assert len(days) >= 30
    trainers = {r["主讲人"] for r in rows}
    assert len(trainers) == 1
    trainer = next(r for r in roster.values() if r["姓名"] in trainers)
    assert trainer["职务"] == "组织干事" and _age(birth_of(str(trainer["身份证号"])), date(2023, 3, 1)) < 35
    attendees = {str(r["学员身份证号"]) for r in rows}
    older = {
        str(p["培养对象身份证号"]) for p in _rows(tables, "pairings", township="火炉镇") if p["项目"] == "以新促老"
    }
    assert attendees == older and len(attendees) == 24
    assert {r["出勤"] for r in rows} == {"出勤", "请假", "缺勤"}


def test_huolu_seconds_17_village_cadres_under_35_in_5_one_month_batches(tables: list[Table]) -> None:
    roster = _roster(tables, "火炉镇")
    pairs = [p for p in _rows(tables, "pairings", township="火炉镇") if p["项目"] == "挂职锻炼"]
    seconded = {str(p["培养对象身份证号"]) for p in pairs}
    assert len(pairs) == len(seconded) == 17
    assert all(roster[s]["干部类别"] == "村社干部" for s in seconded)
    assert Counter(int(p["批次"]) for p in pairs) == {1: 4, 2: 4, 3: 3, 4: 3, 5: 3}
    for pair in pairs:
        start, end = _day(pair["结对日期"]), _day(pair["结束日期"])
        assert 27 <= (end - start).days <= 31
        assert _age(birth_of(str(pair["培养对象身份证号"])), start) < 35
        assert birth_of(str(pair["导师身份证号"])).year < 1980
    assert {p["结对方式"] for p in pairs} == {"双向选择", "组织指定"}


def test_huolu_evaluations_are_quarterly_with_two_excellent_and_two_failing_in_a_row(tables: list[Table]) -> None:
    rows = _rows(tables, "evaluations", township="火炉镇")
    by_pair: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for row in rows:
        quarters = by_pair[(str(row["导师身份证号"]), str(row["培养对象身份证号"]))]
        assert int(row["季度"]) not in quarters
        quarters[int(row["季度"])] = str(row["测评结果"])
    assert len(by_pair) == 49
    assert all(sorted(q) == [1, 2, 3, 4] for q in by_pair.values())

    def twice(result: str) -> int:
        return sum(any(q[i] == q[i + 1] == result for i in (1, 2, 3)) for q in by_pair.values())

    assert twice("优秀") >= 1
    assert twice("不合格") == 1


# --- seed 000: 城区 -------------------------------------------------------------------------


def test_chengqu_has_24_graduates_13_in_street_offices_and_7_at_section_level(tables: list[Table]) -> None:
    graduates = [t for t in tables if t.district == "城区" and t.kind == "cadres"]
    found = [(t.township, row) for t in graduates for _, row in t.rows if row["干部类别"] == "选调生"]
    assert len(found) == 24
    assert sum(township.endswith("街道") for township, _ in found) == 13
    assert sum(township == "区直机关" for township, _ in found) == 11
    assert sum(row["职级"] in ("正科级", "副科级") for _, row in found) == 7
    assert all(_month(row["参加工作时间"]) >= (1998, 1) for _, row in found)


def test_chengqu_graduates_joined_the_party_7_at_university_10_later_6_applied_1_neither(
    tables: list[Table],
) -> None:
    graduates = [r for r in _rows(tables, "cadres", district="城区") if r["干部类别"] == "选调生"]
    split: Counter[str] = Counter()
    for row in graduates:
        joined, started = _month(row["入党时间"]), _month(row["参加工作时间"])
        if row["政治面貌"] == "中共党员":
            split["university" if joined < started else "later"] += 1
        elif _month(row["入党申请时间"]):
            assert row["政治面貌"] in ("群众", "共青团员")
            split["applied"] += 1
        else:
            split["neither"] += 1
    assert split == {"university": 7, "later": 10, "applied": 6, "neither": 1}


def test_chengqu_has_43_communities(tables: list[Table]) -> None:
    units = {str(r["工作单位"]) for r in _rows(tables, "cadres", district="城区")}
    assert len({u for u in units if u.endswith("社区居委会")}) == 43


def test_wulong_district_mentoring_totals_are_22_mentors_42_pairs_41_young_cadres(tables: list[Table]) -> None:
    pairs = [p for p in _rows(tables, "pairings", district="武隆区") if p["项目"] == "导师引航"]
    mentors = {str(p["导师身份证号"]) for p in pairs}
    mentees = {str(p["培养对象身份证号"]) for p in pairs}
    assert (len(mentors), len(pairs), len(mentees)) == (22, 42, 41)


# --- people ---------------------------------------------------------------------------------


def test_every_id_number_is_valid_unique_and_agrees_with_birth_month_and_gender(tables: list[Table]) -> None:
    people: dict[str, str] = {}
    for table in (t for t in tables if t.kind == "cadres"):
        for excel_row, row in table.rows:
            if _is_bad_baima_row(table, excel_row):
                continue
            number = row["身份证号"]
            assert isinstance(number, str) and is_valid(number), (table.path.name, excel_row, number)
            assert number not in people, f"{number} twice: {people.get(number)} and {table.township}"
            people[number] = table.township
            birth = birth_of(number)
            assert _month(row["出生年月"]) == (birth.year, birth.month)
            assert gender_of(number) == row["性别"]
    for table in (t for t in tables if t.kind != "cadres"):
        for _, row in table.rows:
            for column in ("导师身份证号", "培养对象身份证号", "学员身份证号"):
                if column in row:
                    assert str(row[column]) in people, (table.path.name, column, row[column])


def test_party_and_work_dates_follow_the_roster_rules(tables: list[Table]) -> None:
    for table in (t for t in tables if t.kind == "cadres"):
        for excel_row, row in table.rows:
            if _is_bad_baima_row(table, excel_row):
                continue
            birth = birth_of(str(row["身份证号"]))
            joined, started = _month(row["入党时间"]), _month(row["参加工作时间"])
            member = row["政治面貌"] in ("中共党员", "中共预备党员")
            assert (joined is not None) == member, (table.path.name, excel_row)
            if joined:
                assert date(*joined, 1) > date(birth.year + 18, birth.month, 1), (table.path.name, excel_row)
            assert date(*started, 1) > date(birth.year + 16, birth.month, 1), (table.path.name, excel_row)
            assert date(*started, 1) <= date(2023, 12, 1)


def test_names_are_synthetic_with_two_and_three_characters_and_one_minority_name(tables: list[Table]) -> None:
    names = [str(r["姓名"]).replace(" ", "") for r in _rows(tables, "cadres") if r["姓名"]]
    lengths = Counter(len(n) for n in names if "·" not in n)
    assert lengths[2] > 10 and lengths[3] > 100
    assert sum("·" in n for n in names) == 1
    ethnicities = Counter(r["民族"] for r in _rows(tables, "cadres", district="武隆区"))
    assert ethnicities.most_common(1)[0][0] == "汉族" and ethnicities["土家族"] and ethnicities["苗族"]
    assert not any(real in str(cell) for t in tables for _, r in t.rows for cell in r.values() for real in REAL_NAMES)


# --- messiness ------------------------------------------------------------------------------


def test_baima_roster_has_exactly_three_deliberately_bad_rows(tables: list[Table]) -> None:
    table = next(t for t in tables if t.township == "白马镇" and t.kind == "cadres")
    rows = dict(table.rows)
    bad = rows[6]["身份证号"]
    assert isinstance(bad, str) and not is_valid(bad) and len(bad) == 18
    assert is_valid(str(rows[14]["身份证号"])) and gender_of(str(rows[14]["身份证号"])) != rows[14]["性别"]
    assert rows[23]["姓名"] == "" and is_valid(str(rows[23]["身份证号"]))
    referenced = {str(v) for t in tables if t.kind != "cadres" for _, r in t.rows for v in r.values()}
    assert not {str(rows[n]["身份证号"]) for n in BAIMA_BAD_ROWS} & referenced


def test_messy_files_carry_title_footer_merged_header_text_dates_and_gbk(demo: Path) -> None:
    def sheet(path: str) -> list[list[object]]:
        return CalamineWorkbook.from_path(str(demo / path)).get_sheet_by_index(0).to_python(skip_empty_area=False)

    xiannvshan = sheet("武隆区/仙女山街道/仙女山街道干部花名册.xlsx")
    assert "花名册" in str(xiannvshan[0][0]) and xiannvshan[1][0] == "姓名"
    assert [str(r[0]).split("：")[0] for r in xiannvshan[-3:]] == ["填表人", "审核人", "制表日期"]
    pairs = sheet("武隆区/江口镇/江口镇帮带对子.xlsx")
    assert pairs[0][1:5] == ["导师", "", "培养对象", ""] and pairs[1][1:5] == ["姓名", "身份证号"] * 2
    roster = sheet("武隆区/江口镇/江口镇干部花名册.xlsx")
    births = [r[3] for r in roster[1:]]
    assert all(isinstance(b, str) for b in births)
    assert any(re.fullmatch(r"\d{4}\.\d{2}", b) for b in births)
    assert any(re.fullmatch(r"\d{4}年\d{1,2}月", b) for b in births)
    assert any(" " in str(r[0]) for r in roster[1:])
    raw = (demo / "武隆区/江口镇/江口镇2023年培训记录.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.decode("gbk").startswith(",".join(labels("trainings")))
    huolu = sheet("武隆区/火炉镇/火炉镇干部花名册.xlsx")
    assert isinstance(huolu[1][3], date) and huolu[0][0] == "姓名"


# --- benchmark roster -----------------------------------------------------------------------


def test_benchmark_roster_has_canonical_headers_and_valid_rows_and_is_reproducible(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_benchmark_roster(first, 500, seed=3)
    write_benchmark_roster(second, 500, seed=3)
    assert first.read_bytes() == second.read_bytes()
    rows = CalamineWorkbook.from_path(str(first)).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == labels("cadres")
    assert len(rows) == 501
    ids = [row[4] for row in rows[1:]]
    assert len(set(ids)) == 500
    assert all(isinstance(i, str) and is_valid(i) for i in ids)
    assert all(gender_of(row[4]) == row[1] for row in rows[1:])
    assert all(_month(row[3]) == (birth_of(row[4]).year, birth_of(row[4]).month) for row in rows[1:])
    assert {type(row[3]).__name__ for row in rows[1:]} == {"date", "str"}
