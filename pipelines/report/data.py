"""The report's figures, read from the warehouse views as of the stored reporting date.

Every number the xlsx and the HTML show comes from here, and everything here comes from a
view (or the manifest, for the source file and reject counts), so the report and an
analyst's query agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Float, Select, String, TableClause, cast, column, func, literal, select, table

from pipelines.warehouse import Warehouse
from schemas import KINDS
from schemas.vocab import headers

MENTORING = "导师引航"
NIGHT_SCHOOL = "干部夜校"
LOW_ATTENDANCE = 0.8
STATUSES: tuple[str, ...] = ("已报送", "逾期", "从未报送", "未登记")
PROVINCE = "全省"


class NoReportingDate(RuntimeError):
    """The warehouse has no reporting date yet, so the views have nothing to count to."""


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


@dataclass(frozen=True)
class MentoringRow:
    district: str | None
    township: str | None  # None on total rows
    mentors: int
    pairs: int
    young_mentees: int

    @property
    def place(self) -> str:
        return self.township or self.district or PROVINCE

    def sentence(self) -> str:
        where = (
            f"{self.district}{self.township}"
            if self.township
            else (f"{self.district}全区" if self.district else PROVINCE)
        )
        return (
            f"{where}共配备优秀导师 {self.mentors} 名，建立“帮带对子” {self.pairs} 对，"
            f"覆盖 {self.young_mentees} 名优秀年轻干部"
        )


@dataclass(frozen=True)
class YoungRow:
    district: str | None
    township: str | None
    cadres: int
    young_cadres: int
    young_share: float | None

    @property
    def place(self) -> str:
        return self.township or self.district or PROVINCE


@dataclass(frozen=True)
class MonthAttendance:
    month: str
    sessions: int
    enrolled: int
    attended: int
    unknown: int  # records whose attendance is not given: left out of the rate

    @property
    def rate(self) -> float | None:
        return _rate(self.attended, self.enrolled - self.unknown)


@dataclass(frozen=True)
class PersonAttendance:
    district: str
    township: str
    name: str
    id_masked: str
    expected: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.expected


@dataclass(frozen=True)
class Alert:
    quarter: str
    district: str
    township: str
    programme: str
    mentor: str
    mentee: str
    streak_length: int
    alert: str
    in_current_files: bool


@dataclass(frozen=True)
class Submission:
    district: str
    township: str
    kind: str  # the Chinese title
    status: str
    last_received_at: str


@dataclass(frozen=True)
class Graduates:
    district: str
    total: int
    in_street_offices: int
    at_section_level: int
    party_members: int
    applied: int


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, for one district or for every district."""

    scope: str  # the district, or 全省
    district: str | None
    as_of: date
    as_of_source: str
    period: str  # e.g. 2023Q4
    source_files: int
    rejected_rows: int
    mentoring: list[MentoringRow]  # province (when every district), district totals, then townships
    young: list[YoungRow]  # the same levels
    night_school: list[MonthAttendance]
    low_attendance: list[PersonAttendance]
    quarters: list[str]
    results: list[str]  # evaluation results in vocabulary order
    evaluations: dict[str, dict[str, int]]  # quarter → result → pairs
    alerts: list[Alert]
    submissions: list[Submission]
    graduates: list[Graduates]

    @property
    def township_mentoring(self) -> list[MentoringRow]:
        return [r for r in self.mentoring if r.township is not None]

    @property
    def total_mentoring(self) -> list[MentoringRow]:
        return [r for r in self.mentoring if r.township is None]

    @property
    def township_young(self) -> list[YoungRow]:
        return [r for r in self.young if r.township is not None]

    def submission_counts(self) -> dict[str, dict[str, int]]:
        """Kind title → status → number of townships."""
        counts: dict[str, dict[str, int]] = {headers()[k].title: dict.fromkeys(STATUSES, 0) for k in KINDS}
        for s in self.submissions:
            counts[s.kind][s.status] += 1
        return counts


def _in_scope(row: Mapping[str, Any], district: str | None) -> bool:
    return district is None or row["district"] == district


def _levels(rows: Sequence[Mapping[str, Any]], district: str | None) -> list[Mapping[str, Any]]:
    """Province first (only for every district), then district totals, then townships, each sorted."""
    order = {"province": 0, "district": 1, "township": 2}
    chosen = [
        r
        for r in rows
        if (r["level"] == "province" and district is None) or (r["level"] != "province" and _in_scope(r, district))
    ]
    return sorted(chosen, key=lambda r: (order[r["level"]], r["district"] or "", r["township"] or ""))


def _scoped(query: Select[Any], view: TableClause, district: str | None) -> Select[Any]:
    return query if district is None else query.where(view.c.district == district)


def _night_school_months(district: str | None, as_of_month: str) -> Select[Any]:
    """The night school's sessions, enrolments and attendance per month up to the reporting month, summed in SQL."""
    view = table(
        "mart_training_attendance",
        *(column(name) for name in ("district", "training_type", "month", "sessions", "enrolled", "attended")),
        column("attendance_unknown"),
    )
    query = (
        select(
            view.c.month,
            func.sum(view.c.sessions).label("sessions"),
            func.sum(view.c.enrolled).label("enrolled"),
            func.sum(view.c.attended).label("attended"),
            func.sum(view.c.attendance_unknown).label("unknown"),
        )
        .where(view.c.training_type == NIGHT_SCHOOL, view.c.month <= as_of_month)
        .group_by(view.c.month)
        .order_by(view.c.month)
    )
    return _scoped(query, view, district)


def _low_attendance(district: str | None) -> Select[Any]:
    """People whose night-school attendance over every period is below LOW_ATTENDANCE, summed in SQL: the
    province's per-person rows stay in the database. A person without a cadre key is told apart by name."""
    names = ("district", "township", "training_type", "attendee_key", "name", "id_masked", "attended")
    view = table(
        "mart_training_person",
        *(column(name) for name in names),
        column("sessions_expected"),
        column("attendance_unknown"),
    )
    person = func.coalesce(view.c.attendee_key, literal("姓名:", String).concat(view.c.name))
    expected = func.sum(view.c.sessions_expected - view.c.attendance_unknown)
    attended = func.sum(view.c.attended)
    query = (
        select(
            view.c.district,
            view.c.township,
            func.max(view.c.name).label("name"),
            func.max(view.c.id_masked).label("id_masked"),
            expected.label("expected"),
            attended.label("attended"),
        )
        .where(view.c.training_type == NIGHT_SCHOOL)
        .group_by(view.c.district, view.c.township, person)
        .having(expected > 0, cast(attended, Float) / cast(expected, Float) < LOW_ATTENDANCE)
    )
    return _scoped(query, view, district)


def read_report_data(store: Warehouse, district: str | None = None) -> ReportData:
    """The report's figures from the views, for `district` or (None) every district."""
    period = store.reporting_period()
    if period is None:
        raise NoReportingDate("仓库中还没有报告日期：请先运行 cadre-etl run，或用 --as-of 指定 / no reporting date yet")
    young_cadres = store.read_view("mart_young_cadres")
    known = {r["district"] for r in young_cadres if r["level"] == "district"}
    if district is not None and district not in known:
        raise ValueError(f"仓库中没有区县“{district}”；已有：{'、'.join(sorted(known)) or '无'} / unknown district")
    files, rejected = store.source_totals(district)

    mentoring = [
        MentoringRow(r["district"], r["township"], _int(r["mentors"]), _int(r["pairs"]), _int(r["young_mentees"]))
        for r in _levels(store.read_view("mart_mentoring_summary"), district)
        if r["programme"] == MENTORING
    ]
    young = [
        YoungRow(
            r["district"],
            r["township"],
            _int(r["cadres"]),
            _int(r["young_cadres"]),
            float(r["young_share"]) if r["young_share"] is not None else None,
        )
        for r in _levels(young_cadres, district)
    ]

    night_school = [
        MonthAttendance(r["month"], _int(r["sessions"]), _int(r["enrolled"]), _int(r["attended"]), _int(r["unknown"]))
        for r in store.read_rows(_night_school_months(district, period.as_of.isoformat()[:7]))
    ]
    low = sorted(
        (
            PersonAttendance(
                r["district"], r["township"], r["name"], r["id_masked"] or "", _int(r["expected"]), _int(r["attended"])
            )
            for r in store.read_rows(_low_attendance(district))
        ),
        key=lambda p: (p.rate, p.township, p.name),
    )

    evaluations: dict[str, dict[str, int]] = defaultdict(dict)
    positions: dict[str, int] = {}
    for r in store.read_view("mart_evaluation_results"):
        if _in_scope(r, district):
            by_result = evaluations[r["quarter"]]
            by_result[r["result"]] = by_result.get(r["result"], 0) + _int(r["pairs"])
            positions[r["result"]] = _int(r["result_position"])
    results = sorted(positions, key=lambda name: positions[name])

    alerts = sorted(
        (
            Alert(
                r["quarter"],
                r["district"],
                r["township"],
                r["programme"] or "",
                r["mentor_name"] or "",
                r["mentee_name"] or "",
                _int(r["streak_length"]),
                r["alert"],
                bool(r["in_current_files"]),
            )
            for r in store.read_view("mart_evaluation_alert_history")
            if _in_scope(r, district)
        ),
        key=lambda a: (a.quarter, a.alert, a.township, a.mentor, a.mentee),
        reverse=True,
    )
    titles = {kind: headers()[kind].title for kind in KINDS}
    submissions = sorted(
        (
            Submission(
                r["district"], r["township"], titles[r["kind"]], r["status"], str(r["last_received_at"] or "")[:16]
            )
            for r in store.read_view("mart_submission_register")
            if _in_scope(r, district) and r["kind"] in titles
        ),
        key=lambda s: (STATUSES.index(s.status), s.district, s.township, list(titles.values()).index(s.kind)),
    )
    graduates = [
        Graduates(
            r["district"],
            _int(r["total"]),
            _int(r["in_street_offices"]),
            _int(r["at_section_level"]),
            _int(r["party_members"]),
            _int(r["applied"]),
        )
        for r in sorted(store.read_view("mart_graduate_placement"), key=lambda r: r["district"])
        if _in_scope(r, district)
    ]
    return ReportData(
        scope=district or PROVINCE,
        district=district,
        as_of=period.as_of,
        as_of_source=period.source,
        period=period.label,
        source_files=files,
        rejected_rows=rejected,
        mentoring=mentoring,
        young=young,
        night_school=night_school,
        low_attendance=low,
        quarters=sorted(evaluations),
        results=results,
        evaluations=dict(evaluations),
        alerts=alerts,
        submissions=submissions,
        graduates=graduates,
    )
