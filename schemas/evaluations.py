"""帮带测评: one quarterly result for one pair."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class EvaluationSchema(pa.DataFrameModel):
    """帮带测评 — one quarterly evaluation result of one mentor–mentee pair.

    Year, quarter, result and the pair are core. The pair is named by ID numbers, or by names that
    are unique in the township's roster.
    """

    year: Series[pd.Int64Dtype] = pa.Field(
        ge=2000, le=2100, description="年度。Evaluation year.", metadata={"type": "int"}
    )
    quarter: Series[pd.Int64Dtype] = pa.Field(
        ge=1, le=4, description="季度，1–4。Quarter of the year.", metadata={"type": "quarter"}
    )
    mentor_id_number: Series[str] = pa.Field(
        nullable=True,
        description="导师身份证号；可空，按导师姓名补全。Mentor's ID number, restricted.",
        metadata={"type": "id", "either": "mentor_name"},
    )
    mentee_id_number: Series[str] = pa.Field(
        nullable=True,
        description="培养对象身份证号；可空，按姓名补全。Mentee's ID number, restricted.",
        metadata={"type": "id", "either": "mentee_name"},
    )
    result: Series[str] = pa.Field(
        isin=vocabulary("evaluation_result").values,
        description="测评结果：优秀 / 合格 / 基本合格 / 不合格。Evaluation result.",
        metadata={"vocabulary": "evaluation_result"},
    )
    programme: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("programme").values,
        description="项目（选填），用于区分同一对人的不同项目。Programme, optional.",
        metadata={"vocabulary": "programme", "quiet_if_absent": True},
    )
    mentor_name: Series[str] = pa.Field(
        nullable=True,
        description="导师姓名（选填）。Mentor's name, optional.",
        metadata={"type": "name", "quiet_if_absent": True},
    )
    mentee_name: Series[str] = pa.Field(
        nullable=True,
        description="培养对象姓名（选填）。Mentee's name, optional.",
        metadata={"type": "name", "quiet_if_absent": True},
    )

    class Config:
        strict = False
        coerce = False
