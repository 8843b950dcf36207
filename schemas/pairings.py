"""帮带对子: one mentor–mentee pair in a programme."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class PairingSchema(pa.DataFrameModel):
    """帮带对子 — one mentor–mentee pair in 导师引航, 以新促老 or 挂职锻炼.

    The two names are core. 项目 may instead be named by the sheet or file (e.g. a sheet called
    导师引航); an ID number left out is filled from a name that is unique in the township's roster.
    """

    programme: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("programme").values,
        description="项目：导师引航 / 以新促老 / 挂职锻炼；无此列时按工作表名或文件名。Programme.",
        metadata={"vocabulary": "programme", "from_title": True},
    )
    mentor_name: Series[str] = pa.Field(description="导师姓名。Mentor's name.", metadata={"type": "name"})
    mentor_id_number: Series[str] = pa.Field(
        nullable=True,
        description="导师身份证号；可空，按姓名在本乡镇花名册中唯一匹配补全。Mentor's ID number, restricted.",
        metadata={"type": "id"},
    )
    mentee_name: Series[str] = pa.Field(description="培养对象姓名。Mentee's name.", metadata={"type": "name"})
    mentee_id_number: Series[str] = pa.Field(
        nullable=True,
        description="培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.",
        metadata={"type": "id"},
    )
    pairing_method: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("pairing_method").values,
        description="结对方式：双向选择 / 组织指定。How the pair was formed.",
        metadata={"vocabulary": "pairing_method"},
    )
    start_date: Series[pa.DateTime] = pa.Field(
        nullable=True, description="结对日期。Date the pair was formed.", metadata={"type": "date"}
    )
    end_date: Series[pa.DateTime] = pa.Field(
        nullable=True, description="结束日期，可空。Date the pairing ended.", metadata={"type": "date"}
    )
    batch: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1, description="批次，挂职锻炼必填。Secondment batch, for 挂职锻炼.", metadata={"type": "int"}
    )

    class Config:
        strict = False
        coerce = False
