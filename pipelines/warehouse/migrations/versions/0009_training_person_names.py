"""agg_training_person keeps each attendee's current name and masked ID number, so mart_training_person reads one table.

Its SQL changes with this revision, so the first upgrade after it recomputes agg_training_person in
full (the fingerprint in etl_aggregate_definition no longer matches).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLE = "agg_training_person"


def upgrade(store: str) -> None:
    if store != "analyst":
        return
    op.add_column(
        TABLE,
        sa.Column("id_masked", sa.String(24), nullable=True, comment="学员当前的脱敏身份证号。Attendee's masked ID number."),
    )
    op.add_column(
        TABLE,
        sa.Column(
            "cadre_name",
            sa.Text(),
            nullable=True,
            comment="学员的当前姓名（dim_cadre_latest）；合并改动其花名册时更新。Attendee's current name.",
        ),
    )
    op.create_index(op.f(f"ix_{TABLE}_attendee_key"), TABLE, ["attendee_key"], unique=False)


def downgrade(store: str) -> None:
    if store != "analyst":
        return
    # the view reads the two columns; migrate recreates the views after any migration
    op.execute("DROP VIEW IF EXISTS mart_training_person")
    op.drop_index(op.f(f"ix_{TABLE}_attendee_key"), table_name=TABLE)
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("cadre_name")
        batch.drop_column("id_masked")
