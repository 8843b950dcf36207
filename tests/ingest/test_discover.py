"""Township discovery: every township folder, or only the chosen ones (a run of a few townships)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipelines.ingest.files import discover
from pipelines.partitions import townships_for_keys


def _province(root: Path) -> None:
    for district, township in (("武隆区", "火炉镇"), ("武隆区", "白马镇"), ("城区", "城关街道")):
        folder = root / district / township
        folder.mkdir(parents=True)
        (folder / "花名册.csv").write_text(f"姓名,身份证号\n{township},\n", encoding="utf-8")
    outside = root.parent / "外部.csv"
    outside.write_text("姓名\n", encoding="utf-8")
    (root / "城区" / "城关街道" / "外部.csv").symlink_to(outside)  # walking 城关街道 warns of it


@pytest.mark.parametrize(
    "only",
    [["武隆区/火炉镇"], ["武隆区/火炉镇", "武隆区/白马镇"], ["城区/城关街道"], ["武隆区/没有的镇"], []],
)
def test_discovering_only_some_townships_finds_them_as_a_full_discovery_does(tmp_path: Path, only: list[str]) -> None:
    root = tmp_path / "sources"
    _province(root)
    everything = {township.key: township for township in discover(root)}
    assert [t.key for t in discover(root, only=set(only))] == [key for key in everything if key in only]
    assert all(everything[t.key] == t for t in discover(root, only=set(only)))


def test_a_township_left_out_is_not_walked(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "sources"
    _province(root)
    with caplog.at_level(logging.WARNING, logger="pipelines.ingest.files"):
        discover(root, only={"武隆区/火炉镇"})
    assert "symlink" not in caplog.text
    with caplog.at_level(logging.WARNING, logger="pipelines.ingest.files"):
        discover(root)
    assert "symlink" in caplog.text


def test_the_townships_of_a_run_include_a_removed_folder_as_an_empty_township(tmp_path: Path) -> None:
    root = tmp_path / "sources"
    _province(root)
    townships = townships_for_keys(root, ["武隆区/白马镇", "武隆区/已撤并镇"])
    assert [f.path.name for f in townships["武隆区/白马镇"].files] == ["花名册.csv"]
    assert townships["武隆区/已撤并镇"].files == ()
