"""The demo drop folder and the benchmark roster, read back from the files themselves."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from pipelines.demo import write_benchmark_roster
from pipelines.demo.ids import birth_of, gender_of, is_valid
from pipelines.demo.records import labels


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
    assert all(birth_of(row[4]).year == int(str(row[3])[:4]) for row in rows[1:])
    assert {type(row[3]).__name__ for row in rows[1:]} == {"date", "str"}
