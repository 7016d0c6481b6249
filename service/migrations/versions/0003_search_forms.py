"""Search forms: a casefolded copy of each entity's and alias's name for ``?q=``.

SQLite's lower() and LIKE fold ASCII only, so ``q=путин`` missed "Путин"; PostgreSQL's
lower() depends on the server's locale. The store now compares Python's NFKC casefold of
the query with this column on both databases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None
BATCH = 5_000  # rows per read and per executemany: a million aliases in bounded memory


def search_form(text: str) -> str:
    """A copy of service.store.tables.search_form, frozen with this revision: a migration
    must give the same result whatever the code around it becomes."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def upgrade() -> None:
    for table in ("entities", "aliases"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("search", sa.Text, nullable=True))
        backfill(table)


def backfill(table: str) -> None:
    """Fill the new column for every row written so far, in key order, a batch at a time."""
    bind = op.get_bind()
    rows = sa.table(table, sa.column("id"), sa.column("name"), sa.column("search"))
    update = (
        sa.update(rows)
        .where(rows.c.id == sa.bindparam("row_id"))
        .values(search=sa.bindparam("form"))
    )
    last = None
    while True:
        query = sa.select(rows.c.id, rows.c.name).order_by(rows.c.id).limit(BATCH)
        if last is not None:
            query = query.where(rows.c.id > last)
        found = bind.execute(query).all()
        if not found:
            return
        bind.execute(update, [{"row_id": i, "form": search_form(name)} for i, name in found])
        last = found[-1][0]


def downgrade() -> None:
    for table in ("aliases", "entities"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("search")
