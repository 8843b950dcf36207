"""干部花名册: one cadre in a township's roster."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class CadreSchema(pa.DataFrameModel):
    """干部花名册 — one row per cadre in a township or street office's roster.

    Only 姓名 and 身份证号 are core: they are what makes a row a person. Every other column is
    optional; 性别 and 出生年月 are read from the ID number when the file has no such column.
    """

    name: Series[str] = pa.Field(
        description="姓名。Full name, spaces removed; the · of minority names kept.",
        metadata={"type": "name", "history": "corrected"},
    )
    gender: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("gender").values,
        description="性别：男 / 女；无此列时按身份证号。Gender; must agree with the ID number, read from it when absent.",
        metadata={"vocabulary": "gender", "from_id": "gender", "history": "corrected"},
    )
    ethnicity: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("ethnicity").values,
        description="民族（GB/T 3304 的 56 个民族）。Ethnic group.",
        metadata={"vocabulary": "ethnicity", "history": "corrected"},
    )
    birth_date: Series[pa.DateTime] = pa.Field(
        nullable=True,
        description="出生年月，精确到月（日记为 1 日）；无此列时按身份证号。Birth month; must agree with the ID number.",
        metadata={"type": "date", "dates": "birth", "from_id": "birth_date", "history": "corrected"},
    )
    id_number: Series[str] = pa.Field(
        str_length={"min_value": 18, "max_value": 18},
        description="居民身份证号码，18 位。National ID number; restricted, never shown to analysts unmasked.",
        metadata={"type": "id"},
    )
    political_status: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("political_status").values,
        description="政治面貌（GB/T 4762）。Political status.",
        metadata={"vocabulary": "political_status", "history": "tracked"},
    )
    party_join_date: Series[pa.DateTime] = pa.Field(
        nullable=True,
        description="入党时间，仅中共党员和预备党员填写。Date of joining the Party, members only.",
        metadata={"type": "date", "dates": "career", "history": "corrected"},
    )
    education: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("education").values,
        description="学历（GB/T 4658 粗分级）。Education level, coarse.",
        metadata={"vocabulary": "education", "history": "tracked"},
    )
    work_start_date: Series[pa.DateTime] = pa.Field(
        nullable=True,
        description="参加工作时间。Month the cadre started work; for 选调生 also the placement date.",
        metadata={"type": "date", "dates": "career", "history": "corrected"},
    )
    unit: Series[str] = pa.Field(
        nullable=True,
        description="工作单位。Work unit: office, village or community.",
        metadata={"history": "tracked"},
    )
    post: Series[str] = pa.Field(
        nullable=True, description="职务。Post held, e.g. 人大主席, 组织干事.", metadata={"history": "tracked"}
    )
    rank: Series[str] = pa.Field(
        nullable=True,
        description="职级，如 正科级 / 副科级 / 科员。Civil-service rank.",
        metadata={"history": "tracked"},
    )
    category: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("category").values,
        description="干部类别：班子成员 / 一般干部 / 村社干部 / 选调生。Cadre category.",
        metadata={"vocabulary": "category", "history": "tracked"},
    )
    party_application_date: Series[pa.DateTime] = pa.Field(
        nullable=True,
        description="递交入党申请书时间（选填）。Date a non-member applied to join the Party, optional.",
        metadata={"type": "date", "dates": "career", "history": "corrected", "quiet_if_absent": True},
    )

    class Config:
        strict = False
        coerce = False
