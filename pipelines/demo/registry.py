"""The demo districts' expected-townships registries (`<district>/_townships.yaml`).

武隆区 also expects 长坝镇, which has no folder: the report shows it as never having submitted.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest.registry import REGISTRY_FILE

REGISTRIES: dict[str, str] = {
    "武隆区": """\
# 武隆区应报送单位名单：每个报送周期，下列乡镇（街道）都应报送 kinds 中的报表。
# The offices of 武隆区 that must send these kinds each reporting period.
kinds: [干部花名册, 帮带对子, 帮带测评, 培训记录]
townships:
  - 火炉镇
  - 白马镇
  - 江口镇
  - 仙女山街道
  - 长坝镇
""",
    "城区": """\
# 城区应报送单位名单。区直机关只报送干部花名册。
# The offices of 城区; 区直机关 sends its roster only.
kinds: [干部花名册, 培训记录]
townships:
  - 东城街道
  - 西城街道
  - 南关街道
  - 北关街道
  - name: 区直机关
    kinds: [干部花名册]
""",
}


def write_registries(out: Path) -> None:
    """Write each demo district's registry into `out/<district>/_townships.yaml`."""
    for district, text in REGISTRIES.items():
        folder = out / district
        folder.mkdir(parents=True, exist_ok=True)
        (folder / REGISTRY_FILE).write_text(text, encoding="utf-8")
