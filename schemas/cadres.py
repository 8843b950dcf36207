"""干部花名册: one cadre in a township's roster."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class CadreSchema(pa.DataFrameModel):
    """干部花名册 — one row per cadre in a township or street office's roster."""

    name: Series[str] = pa.Field(description="姓名。Full name, spaces removed; the · of minority names kept.")
    gender: Series[str] = pa.Field(
        isin=vocabulary("gender").values, description="性别：男 / 女。Gender; must agree with the ID number."
    )
    ethnicity: Series[str] = pa.Field(
        isin=vocabulary("ethnicity").values, description="民族（GB/T 3304 的 56 个民族）。Ethnic group."
    )
    birth_date: Series[pa.DateTime] = pa.Field(
        description="出生年月，精确到月（日记为 1 日）。Birth month; must agree with the ID number."
    )
    id_number: Series[str] = pa.Field(
        str_length={"min_value": 18, "max_value": 18},
        description="居民身份证号码，18 位。National ID number; restricted, never shown to analysts unmasked.",
    )
    political_status: Series[str] = pa.Field(
        isin=vocabulary("political_status").values, description="政治面貌（GB/T 4762）。Political status."
    )
    party_join_date: Series[pa.DateTime] = pa.Field(
        nullable=True, description="入党时间，仅中共党员和预备党员填写。Date of joining the Party, members only."
    )
    education: Series[str] = pa.Field(
        isin=vocabulary("education").values, description="学历（GB/T 4658 粗分级）。Education level, coarse."
    )
    work_start_date: Series[pa.DateTime] = pa.Field(
        description="参加工作时间。Month the cadre started work; for 选调生 also the placement date."
    )
    unit: Series[str] = pa.Field(description="工作单位。Work unit: office, village or community.")
    post: Series[str] = pa.Field(description="职务。Post held, e.g. 人大主席, 组织干事.")
    rank: Series[str] = pa.Field(nullable=True, description="职级，如 正科级 / 副科级 / 科员。Civil-service rank.")
    category: Series[str] = pa.Field(
        isin=vocabulary("category").values,
        description="干部类别：班子成员 / 一般干部 / 村社干部 / 选调生。Cadre category.",
    )
    party_application_date: Series[pa.DateTime] = pa.Field(
        nullable=True,
        description="递交入党申请书时间（选填）。Date a non-member applied to join the Party, optional.",
    )

    class Config:
        strict = False
        coerce = False
