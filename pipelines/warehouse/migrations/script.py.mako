"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade(store: str) -> None:
    {"analyst": _upgrade_analyst, "restricted": _upgrade_restricted}[store]()


def downgrade(store: str) -> None:
    {"analyst": _downgrade_analyst, "restricted": _downgrade_restricted}[store]()


def _upgrade_analyst() -> None:
    ${upgrades if upgrades else "pass"}


def _downgrade_analyst() -> None:
    ${downgrades if downgrades else "pass"}


def _upgrade_restricted() -> None:
    pass


def _downgrade_restricted() -> None:
    pass
