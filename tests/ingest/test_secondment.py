"""挂职锻炼 as the seed describes it: village cadres under 35, seconded for a month, in batches numbered from 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.ingest.check import check_files
from pipelines.ingest.settings import IngestSettings
from tests.ingest.helpers import (
    CADRE_HEADER,
    PAIRING_HEADER,
    TODAY,
    cadre_row,
    make_id,
    outcome,
    person_id,
    warnings_of,
    write_xlsx,
)

VILLAGE_NAMES = [
    "冉春燕",
    "向明亮",
    "田晓东",
    "彭小琴",
    "覃海波",
    "龙思远",
    "秦雨晨",
    "滕家兴",
    "谭诗雨",
    "黄永昌",
    "陈天一",
    "刘清正",
]


def village_cadre(index: int) -> list[Any]:
    """A 村社干部 born in 1996, so 26 or 27 in 2023."""
    row = cadre_row(5)
    birth = f"1996{index % 12 + 1:02d}15"
    row[0], row[3], row[4] = (
        VILLAGE_NAMES[index],
        f"1996.{index % 12 + 1:02d}",
        make_id("500156", birth, 100 + 2 * index),
    )
    row[6], row[8] = "2018.06", "2017.03"
    return row


def secondment(mentee: list[Any], batch: object, mentor: int = 0) -> list[Any]:
    return [
        "挂职锻炼",
        cadre_row(mentor)[0],
        person_id(mentor),
        mentee[0],
        mentee[4],
        "组织指定",
        "2023.03.01",
        "2023.03.31",
        batch,
    ]


def _check(tmp_path: Path, settings: IngestSettings, villagers: int, pairings: list[list[Any]]) -> Any:
    rows = [CADRE_HEADER, cadre_row(0), cadre_row(4), *[village_cadre(i) for i in range(villagers)]]
    roster = write_xlsx(tmp_path / "花名册.xlsx", {"花名册": rows})
    sheet_path = write_xlsx(tmp_path / "帮带对子.xlsx", {"帮带对子": [PAIRING_HEADER, *pairings]})
    return check_files([roster, sheet_path], settings=settings)[1].sheets[0]


def test_a_village_cadre_under_35_seconded_for_a_month_draws_no_remark(
    tmp_path: Path, settings: IngestSettings
) -> None:
    villagers = [village_cadre(i) for i in range(4)]
    sheet = _check(tmp_path, settings, 4, [secondment(v, 1 + i // 2) for i, v in enumerate(villagers)])
    assert outcome(sheet) == ([2, 3, 4, 5], {}, {})
    assert warnings_of(sheet) == []


def test_a_mentee_aged_55_who_is_not_a_village_cadre_is_loaded_with_two_warnings(
    tmp_path: Path, settings: IngestSettings
) -> None:
    older = cadre_row(4)  # 刘德华, 一般干部, born 1968
    sheet = _check(tmp_path, settings, 1, [secondment(village_cadre(0), 1), secondment(older, 1)])
    assert outcome(sheet) == ([2, 3], {}, {})
    assert warnings_of(sheet) == [
        (3, "pairings.secondment_mentee_not_young"),
        (3, "pairings.secondment_not_village_cadre"),
    ]
    messages = [p.message_zh for p in sheet.problems]
    assert "35 周岁以下" in messages[0] and "55 岁" in messages[0]
    assert "一般干部" in messages[1]


def test_batch_99_after_batch_3_and_batch_9_after_batch_3_are_questioned_batch_0_rejected(
    tmp_path: Path, settings: IngestSettings
) -> None:
    villagers = [village_cadre(i) for i in range(7)]
    batches: list[object] = [1, 2, "第3批", 3, 99, 9, 0]
    sheet = _check(tmp_path, settings, 7, [secondment(v, b) for v, b in zip(villagers, batches, strict=True)])
    accepted, errors, _ = outcome(sheet)
    assert accepted == [2, 3, 4, 5, 6, 7]
    assert errors == {8: ["value.out_of_range"]}
    assert warnings_of(sheet) == [(6, "pairings.secondment_batch_unlikely"), (7, "pairings.secondment_batch_unlikely")]
    by_row = {p.row: p.message_zh for p in sheet.problems if p.severity == "warning"}
    assert "一年不超过 12 批" in by_row[6]
    assert "上一批是第 3 批" in by_row[7]


def test_a_batch_of_eleven_village_cadres_is_questioned_once(tmp_path: Path, settings: IngestSettings) -> None:
    villagers = [village_cadre(i) for i in range(12)]
    pairings = [secondment(v, 1 if i < 11 else 2) for i, v in enumerate(villagers)]
    sheet = _check(tmp_path, settings, 12, pairings)
    assert outcome(sheet)[0] == list(range(2, 14))
    assert warnings_of(sheet) == [(2, "pairings.secondment_batch_size")]
    assert "第 1 批有 11 人" in sheet.problems[0].message_zh


def test_the_batch_limits_are_settings(tmp_path: Path) -> None:
    villagers = [village_cadre(i) for i in range(3)]
    lenient = IngestSettings(today=TODAY, secondment_max_batch_size=1, secondment_batch_gap=10)
    sheet = _check(tmp_path, lenient, 3, [secondment(v, b) for v, b in zip(villagers, [1, 1, 9], strict=True)])
    assert warnings_of(sheet) == [(2, "pairings.secondment_batch_size")]
