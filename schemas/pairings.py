"""帮带对子: one mentor–mentee pair in a programme."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class PairingSchema(pa.DataFrameModel):
    """帮带对子 — one mentor–mentee pair in 导师引航, 以新促老 or 挂职锻炼."""

    programme: Series[str] = pa.Field(
        isin=vocabulary("programme").values, description="项目：导师引航 / 以新促老 / 挂职锻炼。Programme."
    )
    mentor_name: Series[str] = pa.Field(description="导师姓名。Mentor's name.")
    mentor_id_number: Series[str] = pa.Field(
        nullable=True,
        description="导师身份证号；可空，按姓名在本乡镇花名册中唯一匹配补全。Mentor's ID number, restricted.",
    )
    mentee_name: Series[str] = pa.Field(description="培养对象姓名。Mentee's name.")
    mentee_id_number: Series[str] = pa.Field(
        nullable=True,
        description="培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.",
    )
    pairing_method: Series[str] = pa.Field(
        isin=vocabulary("pairing_method").values, description="结对方式：双向选择 / 组织指定。How the pair was formed."
    )
    start_date: Series[pa.DateTime] = pa.Field(description="结对日期。Date the pair was formed.")
    end_date: Series[pa.DateTime] = pa.Field(nullable=True, description="结束日期，可空。Date the pairing ended.")
    batch: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=1, description="批次，挂职锻炼必填。Secondment batch, for 挂职锻炼."
    )

    class Config:
        strict = False
        coerce = False
