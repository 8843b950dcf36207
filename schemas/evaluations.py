"""帮带测评: one quarterly result for one pair."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class EvaluationSchema(pa.DataFrameModel):
    """帮带测评 — one quarterly evaluation result of one mentor–mentee pair."""

    year: Series[pd.Int64Dtype] = pa.Field(ge=2000, le=2100, description="年度。Evaluation year.")
    quarter: Series[pd.Int64Dtype] = pa.Field(ge=1, le=4, description="季度，1–4。Quarter of the year.")
    mentor_id_number: Series[str] = pa.Field(description="导师身份证号。Mentor's ID number, restricted.")
    mentee_id_number: Series[str] = pa.Field(description="培养对象身份证号。Mentee's ID number, restricted.")
    result: Series[str] = pa.Field(
        isin=vocabulary("evaluation_result").values,
        description="测评结果：优秀 / 合格 / 基本合格 / 不合格。Evaluation result.",
    )
    programme: Series[str] = pa.Field(
        nullable=True, description="项目（选填），用于区分同一对人的不同项目。Programme, optional."
    )
    mentor_name: Series[str] = pa.Field(nullable=True, description="导师姓名（选填）。Mentor's name, optional.")
    mentee_name: Series[str] = pa.Field(nullable=True, description="培养对象姓名（选填）。Mentee's name, optional.")

    class Config:
        strict = False
        coerce = False
