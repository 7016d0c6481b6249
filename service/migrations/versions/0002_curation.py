"""Curation: normal forms for duplicate checks, shared aliases, judgements, review queue.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from service.matching import Engine

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("norm", sa.String(1024), nullable=True))
        batch.create_index("ix_entities_norm", ["norm"])
        batch.create_index("ix_entities_merged_into", ["merged_into"])
    with op.batch_alter_table("aliases") as batch:
        batch.add_column(sa.Column("norm", sa.String(1024), nullable=True))
        batch.add_column(sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_index("ix_aliases_norm", ["norm"])
    backfill_norms()
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("norm", sa.String(1024), nullable=False),
        sa.Column("entity_id", sa.String(32), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_judgements_norm", "judgements", ["norm"])
    op.create_index("ix_judgements_entity_id", "judgements", ["entity_id"])
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("norm", sa.String(1024), nullable=False, unique=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_status", sa.String(16), nullable=False),
        sa.Column("best_entity_id", sa.String(32), nullable=True),
        sa.Column("best_score", sa.Float, nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(128), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_review_items_state_count", "review_items", ["state", "count"])


def backfill_norms() -> None:
    """Rows written before this revision get the engine's normal form once."""
    normalize = Engine().normalize
    bind = op.get_bind()
    for table in ("entities", "aliases"):
        rows = bind.execute(sa.text(f"SELECT id, name FROM {table}")).all()
        for row_id, name in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET norm = :norm WHERE id = :id"),
                {"norm": normalize(name), "id": row_id},
            )


def downgrade() -> None:
    op.drop_table("review_items")
    op.drop_table("judgements")
    with op.batch_alter_table("aliases") as batch:
        batch.drop_index("ix_aliases_norm")
        batch.drop_column("shared")
        batch.drop_column("norm")
    with op.batch_alter_table("entities") as batch:
        batch.drop_index("ix_entities_merged_into")
        batch.drop_index("ix_entities_norm")
        batch.drop_column("norm")
