"""The reporting date and period the report's views read, and the expected-townships registry.

Both live in reference tables (`ref_reporting_period`, one row; `ref_expected_township`), so
the views never read the clock: whoever sets the date says where it came from.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, delete, func, insert, select

from pipelines.ingest.registry import ExpectedSubmission
from pipelines.warehouse.tables import etl_manifest, ref_expected_township, ref_reporting_period

PERIODS: tuple[str, ...] = ("month", "quarter")


@dataclass(frozen=True)
class ReportingPeriod:
    """The reporting date, where it came from, and the kind of period it falls in."""

    as_of: date
    source: str  # "--as-of", "CADRE_ETL_AS_OF", "运行日期 run date", …
    period: str = "quarter"  # one of PERIODS

    def __post_init__(self) -> None:
        if self.period not in PERIODS:
            raise ValueError(
                f"报送周期只能是 month 或 quarter，而不是 {self.period!r} / the period must be month or quarter"
            )

    @property
    def start(self) -> date:
        if self.period == "month":
            return self.as_of.replace(day=1)
        return date(self.as_of.year, 3 * ((self.as_of.month - 1) // 3) + 1, 1)

    @property
    def end(self) -> date:
        last_month = self.as_of.month if self.period == "month" else self.start.month + 2
        return date(self.as_of.year, last_month, calendar.monthrange(self.as_of.year, last_month)[1])

    @property
    def label(self) -> str:
        if self.period == "month":
            return f"{self.as_of.year}-{self.as_of.month:02d}"
        return f"{self.as_of.year}Q{(self.as_of.month - 1) // 3 + 1}"

    def row(self) -> dict[str, object]:
        return {
            "setting_id": 1,
            "as_of_date": self.as_of,
            "as_of_source": self.source,
            "period": self.period,
            "period_label": self.label,
            "period_start": self.start,
            "period_end": self.end,
        }


def parse_as_of(text: str) -> date:
    """A reporting date written YYYY-MM-DD, with a message an office can act on when it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"报告日期应写成 YYYY-MM-DD（如 2023-12-31），而不是 {text!r} / as-of must be YYYY-MM-DD"
        ) from None


def read_reporting_period(connection: Connection) -> ReportingPeriod | None:
    """The stored reporting date and period; None before one has been set."""
    t = ref_reporting_period
    row = connection.execute(select(t.c.as_of_date, t.c.as_of_source, t.c.period)).first()
    if row is None:
        return None
    as_of = row.as_of_date if isinstance(row.as_of_date, date) else date.fromisoformat(str(row.as_of_date)[:10])
    return ReportingPeriod(as_of, row.as_of_source, row.period)


def set_reporting_period(connection: Connection, period: ReportingPeriod) -> bool:
    """Store the reporting date and period (the views follow at once); writes only when it changed."""
    if read_reporting_period(connection) == period:
        return False
    connection.execute(delete(ref_reporting_period))
    connection.execute(insert(ref_reporting_period), [period.row()])
    return True


def _stored_expected(connection: Connection) -> dict[tuple[str, str], ExpectedSubmission]:
    return {
        (row.township_key, row.kind): ExpectedSubmission(row.district, row.township, row.kind, row.registry_file)
        for row in connection.execute(select(ref_expected_township))
    }


def expected_unchanged(connection: Connection, expected: Sequence[ExpectedSubmission]) -> bool:
    """Whether ref_expected_township already equals `expected`."""
    return _stored_expected(connection) == {(e.township_key, e.kind): e for e in expected}


def replace_expected(connection: Connection, expected: Sequence[ExpectedSubmission]) -> bool:
    """Make ref_expected_township equal `expected`; writes only when it differs."""
    t = ref_expected_township
    wanted = {(e.township_key, e.kind): e for e in expected}
    if _stored_expected(connection) == wanted:
        return False
    connection.execute(delete(t))
    if wanted:
        connection.execute(
            insert(t),
            [
                {
                    "township_key": e.township_key,
                    "kind": e.kind,
                    "district": e.district,
                    "township": e.township,
                    "registry_file": e.registry_file,
                }
                for e in sorted(wanted.values())
            ],
        )
    return True


def source_totals(connection: Connection, district: str | None = None) -> tuple[int, int]:
    """(current source files, rows rejected in them), for one district or all: what a report stands on."""
    m = etl_manifest
    where = [m.c.is_current] + ([m.c.district == district] if district is not None else [])
    current = select(m.c.township_key, m.c.relative_path).where(*where).distinct().subquery()
    files = connection.execute(select(func.count()).select_from(current)).scalar_one()
    rejected = connection.execute(select(func.coalesce(func.sum(m.c.rows_rejected), 0)).where(*where)).scalar_one()
    return int(files), int(rejected)
