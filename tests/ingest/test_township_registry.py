"""The expected-townships registry is read from each district's _townships.yaml, and never as a source file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines.ingest.files import discover, source_files
from pipelines.ingest.registry import REGISTRY_FILE, RegistryError, read_registries
from pipelines.warehouse.reporting import ReportingPeriod, parse_as_of

DEMO = Path(__file__).resolve().parents[2] / "sources"


def _write(root: Path, district: str, text: str) -> Path:
    folder = root / district
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / REGISTRY_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_a_registry_names_kinds_by_key_or_chinese_title_and_a_township_may_list_its_own(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "城区",
        "kinds: [干部花名册, trainings]\ntownships:\n  - 东城街道\n  - name: 区直机关\n    kinds: [cadres]\n",
    )
    got = {(e.township_key, e.kind, e.registry_file) for e in read_registries(tmp_path)}
    assert got == {
        ("城区/东城街道", "cadres", "城区/_townships.yaml"),
        ("城区/东城街道", "trainings", "城区/_townships.yaml"),
        ("城区/区直机关", "cadres", "城区/_townships.yaml"),
    }


def test_without_kinds_every_township_owes_every_kind(tmp_path: Path) -> None:
    _write(tmp_path, "武隆区", "townships: [火炉镇]\n")
    assert {e.kind for e in read_registries(tmp_path)} == {"cadres", "pairings", "evaluations", "trainings"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("kinds: [花名册表]\ntownships: [火炉镇]\n", "不认识的报表 花名册表"),
        ("townships: 火炉镇\n", "townships: 列表"),
        ("townships: [[a, b]]\n", "无法识别的条目"),
        ("townships: [火炉镇\n", "YAML"),
    ],
)
def test_a_malformed_registry_says_what_to_fix_in_chinese(tmp_path: Path, text: str, says: str) -> None:
    _write(tmp_path, "武隆区", text)
    with pytest.raises(RegistryError, match=says):
        read_registries(tmp_path)


def test_the_registry_is_not_a_source_file_and_not_reported_as_stray(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path, "武隆区", "townships: [火炉镇]\n")
    (tmp_path / "武隆区" / "火炉镇").mkdir()
    (tmp_path / "武隆区" / "火炉镇" / "花名册.csv").write_text("姓名\n张三\n", encoding="utf-8")
    townships = discover(tmp_path)
    assert [t.key for t in townships] == ["武隆区/火炉镇"]
    assert [p.name for p in source_files(tmp_path)] == ["花名册.csv"]
    assert "not read" not in caplog.text


def test_the_demo_registries_expect_a_township_that_never_sent_a_folder() -> None:
    expected = read_registries(DEMO)
    folders = {t.key for t in discover(DEMO)}
    assert {e.township_key for e in expected} - folders == {"武隆区/长坝镇"}
    assert {e.kind for e in expected if e.township_key == "城区/区直机关"} == {"cadres"}


@pytest.mark.parametrize(
    ("as_of", "period", "label", "start", "end"),
    [
        ("2023-12-31", "quarter", "2023Q4", "2023-10-01", "2023-12-31"),
        ("2024-02-10", "quarter", "2024Q1", "2024-01-01", "2024-03-31"),
        ("2024-02-10", "month", "2024-02", "2024-02-01", "2024-02-29"),
    ],
)
def test_a_reporting_period_is_the_month_or_quarter_around_the_reporting_date(
    as_of: str, period: str, label: str, start: str, end: str
) -> None:
    p = ReportingPeriod(parse_as_of(as_of), "test", period)
    assert (p.label, p.start, p.end) == (label, dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_a_bad_reporting_date_or_period_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_as_of("2023年12月")
    with pytest.raises(ValueError, match="month 或 quarter"):
        ReportingPeriod(dt.date(2023, 1, 1), "test", "week")
