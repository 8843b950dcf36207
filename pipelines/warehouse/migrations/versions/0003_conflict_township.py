"""etl_conflict also records people on several townships' current rosters (attribute township): comments only.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD_ATTRIBUTE = "不一致的属性：name/gender/birth_date/ethnicity。"
_NEW_ATTRIBUTE = (
    "不一致的属性：name/gender/birth_date/ethnicity，或 township（同一人在多个乡镇的现行花名册中）。"
    "Attribute that differs; township: the person is on several townships' current rosters."
)
_OLD_TABLE = "同一人在不同来源中出生年月、性别、姓名或民族不一致。Disagreements between sources."
_NEW_TABLE = (
    "同一人在不同来源中出生年月、性别、姓名或民族不一致，或同时在多个乡镇的现行花名册中（每多一个乡镇一行，"
    "dim_cadre_current 仍只有一行，乡镇取主记录）。Disagreements between sources, and people on several "
    "townships' current rosters (one row per extra township; dim_cadre_current keeps one row per person)."
)


def upgrade(store: str) -> None:
    {"analyst": _upgrade_analyst, "restricted": _upgrade_restricted}[store]()


def downgrade(store: str) -> None:
    {"analyst": _downgrade_analyst, "restricted": _downgrade_restricted}[store]()


def _comments(attribute: str, was_attribute: str, table: str, was_table: str) -> None:
    if not op.get_bind().dialect.supports_comments:  # SQLite keeps no comments
        return
    op.alter_column(
        "etl_conflict",
        "attribute",
        existing_type=sa.String(length=20),
        existing_nullable=False,
        comment=attribute,
        existing_comment=was_attribute,
    )
    op.create_table_comment("etl_conflict", table, existing_comment=was_table)


def _upgrade_analyst() -> None:
    _comments(_NEW_ATTRIBUTE, _OLD_ATTRIBUTE, _NEW_TABLE, _OLD_TABLE)


def _downgrade_analyst() -> None:
    _comments(_OLD_ATTRIBUTE, _NEW_ATTRIBUTE, _OLD_TABLE, _NEW_TABLE)


def _upgrade_restricted() -> None:
    pass


def _downgrade_restricted() -> None:
    pass
