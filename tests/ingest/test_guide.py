"""docs/offices.md is generated from the header synonyms, vocabularies and rule table."""

from __future__ import annotations

from pathlib import Path

from pipelines.ingest import guide
from pipelines.ingest.rules import RULES
from schemas import KINDS
from schemas.registry import fields

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_office_guide_matches_the_code() -> None:
    committed = (ROOT / "docs" / "offices.md").read_text(encoding="utf-8")
    assert committed == guide.render(), "docs/offices.md is stale: run `python -m pipelines.ingest.guide`"


def test_the_guide_lists_every_rule_and_every_accepted_header() -> None:
    rendered = guide.render()
    for rule_id in RULES:
        assert f"| `{rule_id}` |" in rendered
    for kind in KINDS:
        for spec in fields(kind):
            assert all(label in rendered for label in spec.labels), spec.name


def test_the_guide_shows_no_unfilled_message_placeholders() -> None:
    rules_part = guide.render().split("## 检查规则")[1]
    assert "{" not in rules_part and "}" not in rules_part
