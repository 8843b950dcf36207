"""`progress.report` as the CLI and Dagster's run log receive it: every phase's first and last unit, few in between."""

import logging

import pytest

from pipelines import progress


@pytest.fixture
def records() -> list[progress.Step]:
    seen: list[progress.Step] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(getattr(record, progress.ATTRIBUTE))

    handler = Collect()
    progress.log.addHandler(handler)
    previous = progress.log.level
    progress.log.setLevel(logging.INFO)
    yield seen
    progress.log.removeHandler(handler)
    progress.log.setLevel(previous)


def test_a_thousand_townships_in_quick_succession_log_the_first_and_the_last_and_hardly_anything_between(
    records: list[progress.Step],
) -> None:
    for done in range(1001):
        progress.report("ingest", done, 1000, rows=done * 10, unit=f"第{done:04d}镇")
    assert records[0].done == 0 and records[-1] == progress.Step("ingest", 1000, 1000, 10000, "第1000镇")
    assert len(records) <= 4  # one more each half second the loop takes


def test_each_phase_keeps_its_own_first_and_last_record(records: list[progress.Step]) -> None:
    for phase in ("marts", "report"):
        for done in range(3):
            progress.report(phase, done, 2, unit="view")
    assert [(s.phase, s.done) for s in records] == [("marts", 0), ("marts", 2), ("report", 0), ("report", 2)]
