"""Entity countries: the ISO 3166-1 alpha-2 codes that tell namesakes apart (issue #18).

One text column, the codes sorted and space-separated ("LB SY"), empty for none: every
existing entity starts with no countries, which the matching treats as neutral, so no
answer changes until a curator or an import adds them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("countries", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("countries")
