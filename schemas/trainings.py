"""培训记录: one attendee at one training session."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class TrainingSchema(pa.DataFrameModel):
    """培训记录 — one attendee at one training session (干部夜校, 交流研讨会, 轮训, 理论宣讲)."""

    training_date: Series[pa.DateTime] = pa.Field(description="培训日期。Date of the session.")
    training_type: Series[str] = pa.Field(
        isin=vocabulary("training_type").values,
        description="培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.",
    )
    topic: Series[str] = pa.Field(description="主题。Topic of the session.")
    trainer: Series[str] = pa.Field(description="主讲人姓名。Trainer's name; a young cadre may be the trainer.")
    attendee_name: Series[str] = pa.Field(description="学员姓名。Attendee's name.")
    attendee_id_number: Series[str] = pa.Field(
        nullable=True, description="学员身份证号；可空，按姓名补全。Attendee's ID number, restricted."
    )
    hours: Series[float] = pa.Field(gt=0, le=24, description="学时，0 < 学时 ≤ 24。Hours credited.")
    attendance: Series[str] = pa.Field(
        isin=vocabulary("attendance").values, description="出勤：出勤 / 缺勤 / 请假。Attendance."
    )

    class Config:
        strict = False
        coerce = False
