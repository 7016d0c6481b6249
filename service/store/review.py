"""The review queue: unresolved names with counts, upserted in batches off the hot path."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from service.errors import ReviewItemNotFound
from service.model import ReviewItem, Unresolved
from service.store.records import as_utc, utcnow
from service.store.tables import review_items

ORDERS = {
    "count": (review_items.c.count.desc(), review_items.c.id),
    "last_seen": (review_items.c.last_seen.desc(), review_items.c.id),
    "first_seen": (review_items.c.first_seen, review_items.c.id),
}


def item_from_row(row: Any) -> ReviewItem:
    return ReviewItem(
        item_id=row.id,
        name=row.name,
        norm=row.norm,
        count=row.count,
        first_seen=as_utc(row.first_seen),
        last_seen=as_utc(row.last_seen),  # type: ignore[arg-type]
        last_status=row.last_status,
        best_entity_id=row.best_entity_id,
        best_score=row.best_score,
        state=row.state,
    )


def upsert_unresolved(conn: Connection, batch: Sequence[Unresolved]) -> None:
    """Insert each name, or add to its count and refresh its best guess: one statement,
    built once per dialect, executed for the whole batch (executemany)."""
    conn.execute(
        _upsert_statement(conn.dialect.name),
        [
            {
                "norm": item.norm,
                "name": item.name,
                "count": item.count,
                "first_seen": item.seen_at,
                "last_seen": item.seen_at,
                "last_status": item.status,
                "best_entity_id": item.best_entity_id,
                "best_score": item.best_score,
                "state": "open",
            }
            for item in batch
        ],
    )


@functools.cache
def _upsert_statement(dialect: str) -> sa.Executable:
    """Building and caching the statement per call cost more than the write itself at a
    few hundred names a second; the compiled form is reused from here on."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(review_items)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[review_items.c.norm],
        set_={
            "count": review_items.c.count + excluded.count,
            "last_seen": excluded.last_seen,
            "last_status": excluded.last_status,
            "best_entity_id": excluded.best_entity_id,
            "best_score": excluded.best_score,
        },
    )


def list_items(
    conn: Connection, state: str, order: str, page: int, per_page: int
) -> tuple[list[ReviewItem], int]:
    condition = review_items.c.state == state
    total = conn.execute(sa.select(sa.func.count()).where(condition)).scalar_one()
    rows = conn.execute(
        sa.select(review_items)
        .where(condition)
        .order_by(*ORDERS[order])
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [item_from_row(r) for r in rows], int(total)


def get_item(conn: Connection, item_id: int) -> ReviewItem:
    row = conn.execute(sa.select(review_items).where(review_items.c.id == item_id)).first()
    if row is None:
        raise ReviewItemNotFound(f"no review item {item_id}")
    return item_from_row(row)


def close_item(conn: Connection, item_id: int, state: str, actor: str) -> ReviewItem:
    conn.execute(
        sa.update(review_items)
        .where(review_items.c.id == item_id)
        .values(state=state, decided_by=actor, decided_at=utcnow())
    )
    return get_item(conn, item_id)


def open_count(conn: Connection) -> int:
    query = sa.select(sa.func.count()).where(review_items.c.state == "open")
    return int(conn.execute(query).scalar_one())
