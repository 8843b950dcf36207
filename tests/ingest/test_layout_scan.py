"""The header search skips rows and cells that cannot be headers: it must lay out every sheet as the full scan does."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.ingest import layout
from pipelines.ingest.read import Grid
from tests.ingest.helpers import (
    CADRE_HEADER,
    EVALUATION_HEADER,
    PAIRING_HEADER,
    TRAINING_HEADER,
    cadre_row,
    person_id,
)

_PAIR_TOP = ["项目", "导师", "", "培养对象", "", "结对方式", "结对日期", "结束日期", "批次"]
_PAIR_SUB = ["", "姓名", "身份证号", "姓名", "身份证号"]
_PAIR_ROW = ["导师引航", "张建国", person_id(0), "王小明", person_id(2), "双向选择", "2023.03", "", 1]

LAYOUTS: dict[str, tuple[list[list[Any]], tuple[tuple[int, int, int, int], ...]]] = {
    "title rows, a serial-number column and footer rows": (
        [
            ["火炉镇干部花名册"],
            ["填报单位：火炉镇党委（盖章）", "", "", "", "", "", "", "", "", "填报日期：2023年3月1日"],
            ["序号", *CADRE_HEADER],
            *[[i + 1, *cadre_row(i)] for i in range(4)],
            ["合计", "4人"],
            ["填表人：王五", "", "", "审核人：赵六"],
        ],
        ((0, 0, 0, 13),),
    ),
    "a two-level header merged across and down": (
        [["帮带对子登记表"], _PAIR_TOP, _PAIR_SUB, _PAIR_ROW, _PAIR_ROW],
        ((1, 0, 2, 0), (1, 1, 1, 2), (1, 3, 1, 4), *((1, c, 2, c) for c in (5, 6, 7, 8))),
    ),
    "a two-level header whose parents are written once (WPS centre-across)": (
        [_PAIR_TOP, _PAIR_SUB, _PAIR_ROW],
        (),
    ),
    "a header merged down over two rows": (
        [CADRE_HEADER, CADRE_HEADER, cadre_row(0), cadre_row(1)],
        tuple((0, c, 1, c) for c in range(len(CADRE_HEADER))),
    ),
    "a summary block above the table": (
        [
            ["汇总"],
            ["性别", "人数", "姓名"],
            ["男", 3, "张建国"],
            ["女", 2, "李秀英"],
            [],
            ["姓名", "性别", "身份证号"],
            ["张建国", "男", person_id(0)],
            [],
            CADRE_HEADER,
            *[cadre_row(i) for i in range(3)],
        ],
        (),
    ),
    "a narrower table of the same kind above the full one": (
        [
            ["姓名", "身份证号"],
            ["张建国", person_id(0)],
            CADRE_HEADER,
            cadre_row(1),
        ],
        (),
    ),
    "a header repeated in the body": (
        [CADRE_HEADER, cadre_row(0), CADRE_HEADER, cadre_row(1), CADRE_HEADER],
        (),
    ),
    "a header with an unknown column that ends in a digit": (
        [[*CADRE_HEADER, "备用2"], [*cadre_row(0), 5], [*cadre_row(1), 6]],
        (),
    ),
    "date and number cells above the header": (
        [
            [datetime.date(2023, 3, 1), 2023, "1985.03"],
            ["张建国", person_id(0), 12.5],
            EVALUATION_HEADER,
            [2023, 1, person_id(0), person_id(2), "优秀"],
        ],
        (),
    ),
    "a trainings sheet": (
        [TRAINING_HEADER, ["2023.03.01", "干部夜校", "公文写作", "王小明", "刘德华", person_id(4), 2, "出勤"]],
        (),
    ),
    "a pairings sheet written flat": ([PAIRING_HEADER, _PAIR_ROW], ()),
    "no recognizable header": ([["名单"], ["甲", "乙", "丙"], ["张三", "男", "1985.03"]], ()),
}


def _grid(rows: list[list[Any]], merged: tuple[tuple[int, int, int, int], ...] = ()) -> Grid:
    """A sheet as the readers return it: every row as wide as the widest, blanks as ''."""
    width = max(map(len, rows), default=0)
    return Grid(name="Sheet1", cells=[[*row, *[""] * (width - len(row))] for row in rows], merged=merged)


def _every_row(cells: list[list[Any]], width: int, scan: int) -> list[layout._Candidate]:
    """The header readings of every row, every cell taken as a possible header: the scan without skipping."""
    texts = [layout._row_text(cells, r, width) for r in range(min(scan, len(cells)))]
    return [c for r in range(len(texts)) for c in layout._row_candidates(cells, texts, r, width, [True] * width)]


def _full_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "_candidates", _every_row)


def _same_table(first: layout.Table, second: layout.Table) -> None:
    assert (first.kind, first.header_row, first.labels, first.columns) == (
        second.kind,
        second.header_row,
        second.labels,
        second.columns,
    )
    assert (first.rows_read, first.skip_reasons, first.notes, first.missing, first.absent) == (
        second.rows_read,
        second.skip_reasons,
        second.notes,
        second.missing,
        second.absent,
    )
    assert first.data.equals(second.data) and list(first.data.index) == list(second.data.index)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_header_found_skipping_cells_that_cannot_be_headers_is_the_one_found_scanning_every_row(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells, merged = LAYOUTS[name]
    grid = _grid(cells, merged)
    skipping = layout.detect(grid, file_stem="火炉镇")
    _full_scan(monkeypatch)
    _same_table(skipping, layout.detect(grid, file_stem="火炉镇"))


_CELLS = st.sampled_from(
    [
        *CADRE_HEADER,
        *PAIRING_HEADER,
        *TRAINING_HEADER,
        *EVALUATION_HEADER,
        "导师",
        "培养对象",
        "序号",
        "出生年月(岁)",
        "",
        "张建国",
        "男",
        "1985.03",
        "2023年3月",
        person_id(0),
        3,
        2023.5,
        datetime.date(1990, 7, 1),
    ]
)


@given(rows=st.lists(st.lists(_CELLS, min_size=2, max_size=8), min_size=1, max_size=7))
def test_any_grid_is_laid_out_alike_with_and_without_skipping(rows: list[list[Any]]) -> None:
    grid = _grid(rows)
    skipping = layout.detect(grid, file_stem="表")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _full_scan(monkeypatch)
        _same_table(skipping, layout.detect(grid, file_stem="表"))


@pytest.mark.parametrize(
    ("text", "keyable"),
    [("姓名", True), ("", True), ("出生年月(岁)", True), ("1985.03", False), ("2023 ", False), ("备注１", True)],
)
def test_a_cell_ending_in_an_ascii_digit_is_never_a_header(text: str, keyable: bool) -> None:
    assert layout._keyable([text]) == [keyable]
    if not keyable:
        assert layout.header_key(text) not in layout._known_keys()
        assert layout.header_key("姓名" + text) not in layout._known_keys()
