"""培训记录: one attendee at one training session."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocab import vocabulary


class TrainingSchema(pa.DataFrameModel):
    """培训记录 — one attendee at one training session (干部夜校, 交流研讨会, 轮训, 理论宣讲).

    The date and the attendee's name are core; a sign-in sheet without 出勤 leaves attendance unknown
    (NULL), never counted as present or absent.
    """

    training_date: Series[pa.DateTime] = pa.Field(
        description="培训日期。Date of the session.", metadata={"type": "date"}
    )
    training_type: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("training_type").values,
        description="培训类型：干部夜校 / 交流研讨会 / 轮训 / 理论宣讲 / 其他。Kind of session.",
        metadata={"vocabulary": "training_type"},
    )
    topic: Series[str] = pa.Field(nullable=True, description="主题。Topic of the session.")
    trainer: Series[str] = pa.Field(
        nullable=True,
        description="主讲人姓名。Trainer's name; a young cadre may be the trainer.",
        metadata={"type": "name"},
    )
    attendee_name: Series[str] = pa.Field(description="学员姓名。Attendee's name.", metadata={"type": "name"})
    attendee_id_number: Series[str] = pa.Field(
        nullable=True,
        description="学员身份证号；可空，按姓名补全。Attendee's ID number, restricted.",
        metadata={"type": "id"},
    )
    hours: Series[float] = pa.Field(
        nullable=True, gt=0, le=24, description="学时，0 < 学时 ≤ 24。Hours credited.", metadata={"type": "float"}
    )
    attendance: Series[str] = pa.Field(
        nullable=True,
        isin=vocabulary("attendance").values,
        description="出勤：出勤 / 缺勤 / 请假；无此列为未知。Attendance; unknown (NULL) when not given.",
        metadata={"vocabulary": "attendance"},
    )

    class Config:
        strict = False
        coerce = False
