"""Builders for ingest tests: synthetic ID numbers, a small synthetic roster and a workbook writer."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from stdnum.cn import ric

TODAY = datetime.date(2023, 12, 31)
CADRE_HEADER = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "身份证号",
    "政治面貌",
    "入党时间",
    "学历",
    "参加工作时间",
    "工作单位",
    "职务",
    "职级",
    "干部类别",
]
PAIRING_HEADER = [
    "项目",
    "导师姓名",
    "导师身份证号",
    "培养对象姓名",
    "培养对象身份证号",
    "结对方式",
    "结对日期",
    "结束日期",
    "批次",
]
EVALUATION_HEADER = ["年度", "季度", "导师身份证号", "培养对象身份证号", "测评结果"]
TRAINING_HEADER = ["培训日期", "培训类型", "主题", "主讲人", "学员姓名", "学员身份证号", "学时", "出勤"]


def make_id(region: str, birth: str, sequence: int) -> str:
    """A synthetic 18-character ID number with a valid check character (never a real person's)."""
    body = f"{region}{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


# A small synthetic roster: (name, gender, birth yyyymmdd, sequence, category, work start, status, party date).
PEOPLE: list[tuple[str, str, str, int, str, str, str, str]] = [
    ("张建国", "男", "19700312", 11, "班子成员", "1990.07", "中共党员", "1995.06"),
    ("李秀英", "女", "19750508", 22, "班子成员", "1996.08", "中共党员", "2000.07"),
    ("王小明", "男", "19950101", 33, "一般干部", "2018.08", "共青团员", ""),
    ("赵丽", "女", "19980920", 44, "一般干部", "2021.09", "中共预备党员", "2023.01"),
    ("刘德华", "男", "19680215", 55, "一般干部", "1988.03", "群众", ""),
    ("陈静", "女", "19970711", 66, "村社干部", "2019.03", "中共党员", "2019.12"),
]


def person_id(index: int) -> str:
    name, _, birth, sequence, *_ = PEOPLE[index]
    region = "512326" if birth < "1996" else "500232"
    return make_id(region, birth, sequence)


def cadre_row(index: int) -> list[Any]:
    """A correct roster row for PEOPLE[index]."""
    name, gender, birth, _, category, work, status, joined = PEOPLE[index]
    return [
        name,
        gender,
        "汉族",
        f"{birth[:4]}.{birth[4:6]}",
        person_id(index),
        status,
        joined,
        "大学本科",
        work,
        "火炉镇人民政府",
        "干事",
        "科员",
        category,
    ]


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    merges: dict[str, Sequence[tuple[int, int, int, int, Any]]] | None = None,
    hidden: Sequence[str] = (),
) -> Path:
    """Write rows to sheets with xlsxwriter; strings as text, numbers as numbers, dates as date cells."""
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(r, c, value, date_format)
                else:
                    sheet.write_number(r, c, value)
        for r0, c0, r1, c1, value in (merges or {}).get(name, ()):
            sheet.merge_range(r0, c0, r1, c1, value)
        if name in hidden:
            sheet.hide()
    workbook.close()
    return path


def roster_file(folder: Path, indexes: Sequence[int] = range(len(PEOPLE))) -> Path:
    return write_xlsx(folder / "花名册.xlsx", {"花名册": [CADRE_HEADER, *[cadre_row(i) for i in indexes]]})


def outcome(sheet: Any) -> tuple[list[int], dict[int, list[str]], dict[str, int]]:
    """(accepted Excel rows, rejected Excel row → its error rules, skip reasons) of one SheetResult."""
    assert sheet.rows_read == len(sheet.accepted) + sheet.rejected + sheet.skipped
    errors: dict[int, list[str]] = {}
    for problem in sheet.problems:
        if problem.severity == "error" and problem.row is not None:
            errors.setdefault(problem.row, []).append(problem.rule)
    assert len(errors) == sheet.rejected
    return [int(r) for r in sheet.accepted["source_row"]], errors, dict(sheet.skip_reasons)


def warnings_of(sheet: Any) -> list[tuple[int | None, str]]:
    return [(p.row, p.rule) for p in sheet.problems if p.severity == "warning"]


def write_cfb(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding the given streams of >= 4096 bytes each.

    Excel saves a password-protected .xlsx as such a container with the streams EncryptionInfo and
    EncryptedPackage; tests use this to build one (its payload is filler, not real ciphertext).
    """
    import struct

    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    data_sectors: list[bytes] = []
    starts: list[int] = []
    for payload in streams.values():
        assert len(payload) >= 4096 and len(payload) % 512 == 0
        starts.append(2 + len(data_sectors))
        data_sectors += [payload[i : i + 512] for i in range(0, len(payload), 512)]
    fat = [fat_sector, end]
    for start, payload in zip(starts, streams.values(), strict=True):
        count = len(payload) // 512
        fat += [start + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 64, len(encoded), kind, 1, free, right, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, free, right, starts[i], len(streams[name]))
    directory += b"\0" * (512 - len(directory))
    path.write_bytes(bytes(header) + struct.pack("<128I", *fat) + directory + b"".join(data_sectors))
    return path
