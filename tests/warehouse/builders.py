"""Test inputs: drop folders with real files and the FileResults ingest would hand on for them.

The warehouse's input type is `list[FileResult]`; these builders make them directly, with
accepted DataFrames shaped like ingest's (schema columns, datetime64 dates, `source_row`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipelines.ingest.files import sha256_of
from pipelines.ingest.model import FileResult, Problem, SheetResult, SourceFile, Township
from schemas import SCHEMAS

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(birth: dt.date, seq: int, region: str = "500156", male: bool = True) -> str:
    """A synthetic 18-character ID number with a valid check character."""
    sequence = seq * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def month(year: int, m: int) -> dt.date:
    return dt.date(year, m, 1)


def cadre(name: str, id_number: str, **values: Any) -> dict[str, Any]:
    """One roster row; birth date and gender follow the ID number unless given."""
    birth = dt.date(int(id_number[6:10]), int(id_number[10:12]), 1)
    row: dict[str, Any] = {
        "name": name,
        "gender": "男" if int(id_number[16]) % 2 else "女",
        "ethnicity": "汉族",
        "birth_date": birth,
        "id_number": id_number,
        "political_status": "中共党员",
        "party_join_date": month(2010, 7),
        "education": "大学本科",
        "work_start_date": month(2012, 8),
        "unit": "镇党政办",
        "post": "干事",
        "rank": "科员",
        "category": "一般干部",
        "party_application_date": None,
    }
    row.update(values)
    return row


def pairing(programme: str, mentor: tuple[str, str], mentee: tuple[str, str], **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "programme": programme,
        "mentor_name": mentor[0],
        "mentor_id_number": mentor[1],
        "mentee_name": mentee[0],
        "mentee_id_number": mentee[1],
        "pairing_method": "组织指定",
        "start_date": month(2023, 3),
        "end_date": None,
        "batch": None,
    }
    row.update(values)
    return row


def evaluation(year: int, quarter: int, mentor_id: str, mentee_id: str, result: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "year": year,
        "quarter": quarter,
        "mentor_id_number": mentor_id,
        "mentee_id_number": mentee_id,
        "result": result,
        "programme": "导师引航",
        "mentor_name": None,
        "mentee_name": None,
    }
    row.update(values)
    return row


def training(date: dt.date, attendee: tuple[str, str], **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "training_date": date,
        "training_type": "干部夜校",
        "topic": "公文写作",
        "trainer": "王小青",
        "attendee_name": attendee[0],
        "attendee_id_number": attendee[1],
        "hours": 2.0,
        "attendance": "出勤",
    }
    row.update(values)
    return row


def accepted_frame(kind: str, rows: list[dict[str, Any]], first_row: int = 3) -> pd.DataFrame:
    """An accepted DataFrame as ingest produces it: schema dtypes plus the Excel row number."""
    columns = SCHEMAS[kind].to_schema().columns
    frame = pd.DataFrame({name: [row.get(name) for row in rows] for name in columns})
    for name, column in columns.items():
        dtype = str(column.dtype)
        if dtype.startswith("datetime64"):
            frame[name] = pd.to_datetime(frame[name])
        elif dtype == "Int64":
            frame[name] = frame[name].astype("Int64")
        elif dtype.startswith("float"):
            frame[name] = frame[name].astype("float64")
        else:
            frame[name] = frame[name].astype(object)
    frame["source_row"] = range(first_row, first_row + len(rows))
    return frame


def sheet(
    kind: str | None,
    rows: list[dict[str, Any]],
    name: str = "Sheet1",
    rejected: int = 0,
    skipped: int = 0,
    problems: list[Problem] | None = None,
) -> SheetResult:
    accepted = accepted_frame(kind, rows) if kind else pd.DataFrame({"source_row": []})
    return SheetResult(
        sheet=name,
        kind=kind,
        rows_read=len(rows) + rejected + skipped,
        accepted=accepted,
        rejected=rejected,
        skipped=skipped,
        problems=list(problems or []),
        header_row=2,
    )


@dataclass
class Folder:
    """A township drop folder on disk whose files stand for the sheets ingest read from them."""

    root: Path
    district: str
    township: str
    files: dict[str, tuple[list[SheetResult], list[Problem]]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.root / self.district / self.township

    def put(self, name: str, *sheets: SheetResult, file_errors: list[Problem] | None = None) -> Path:
        """Write the file (its bytes follow its content) and remember what ingest made of it."""
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_content(name, sheets, file_errors or []))
        self.files[name] = (list(sheets), list(file_errors or []))
        return target

    def remove(self, name: str) -> None:
        (self.path / name).unlink()
        del self.files[name]

    def as_township(self) -> Township:
        sources = []
        for name in sorted(self.files):
            path = self.path / name
            stat = path.stat()
            sources.append(SourceFile(path, sha256_of(path), stat.st_size, stat.st_mtime_ns))
        return Township(self.district, self.township, self.path, tuple(sources))

    def results(self) -> list[FileResult]:
        out = []
        for name in sorted(self.files):
            path = self.path / name
            sheets, errors = self.files[name]
            out.append(FileResult(path, sha256_of(path), path.stat().st_size, list(errors), list(sheets)))
        return out

    def load(self, warehouse: Any) -> dict[str, Any]:
        return warehouse.load_township(self.as_township(), self.results())


def _content(name: str, sheets: tuple[SheetResult, ...], errors: list[Problem]) -> bytes:
    payload = {
        "name": name,
        "sheets": [
            {"sheet": s.sheet, "kind": s.kind, "rows": s.accepted.astype(str).to_dict("records")} for s in sheets
        ],
        "errors": [p.rule for p in errors],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
