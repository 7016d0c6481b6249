"""The review queue: unresolved names with counts, upserted in batches off the hot path.

The queue is bounded (``POLYONYM_REVIEW_MAX_OPEN`` open items), because every anonymous
unresolved ask lands here and one client once added 46,000 items in 20 s. The rule that
keeps it bounded and still useful to a curator (see ``upsert_unresolved``):

- a name already in the table (open or decided) only adds to its count, as before;
- a new name takes a free place while there is one;
- when the queue is full, a new name displaces the least-asked open item, and only if it
  was asked at least as often in its batch as that item was in all; among items asked
  equally often the one asked least recently goes first.

So a flood of names asked once churns only among items asked once (each stays until
``max_open`` newer one-off names have come after it), and a name asked twice while in
the queue outranks every one-off name and is never displaced by one. Flushing out names
asked k times takes ``max_open`` x k asks. Counts stay honest: an item shows the asks
it received, never a displaced item's. Decided items (accepted, rejected, dismissed)
are never displaced; only curators make those.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from service.errors import InvalidInput, ReviewItemNotFound
from service.model import ReviewItem, Unresolved
from service.store.context import Core, Write, bounded_norm
from service.store.db import read_transaction, write_transaction
from service.store.judging import add_judgement
from service.store.records import as_utc, utcnow
from service.store.tables import review_items

DEFAULT_MAX_OPEN = 10_000  # Settings.review_max_open's default
# Names of one batch looked up per statement (SQLite allows 32,766 bound variables).
LOOKUP_CHUNK = 500
# Arbitrary constant naming the review queue's lock among PostgreSQL's advisory locks:
# two workers flushing at once must not both fill the last free places.
REVIEW_LOCK_KEY = 0x706F7276

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


def upsert_unresolved(conn: Connection, batch: Sequence[Unresolved], max_open: int) -> None:
    """Count the batch's names, keeping at most ``max_open`` open items (the module's rule).

    Normal forms are bounded as the column holds them (see bounded_norm). Known names
    are upserted in one executemany; new ones are admitted into free places,
    then by displacing the least-asked open items they outrank.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": REVIEW_LOCK_KEY})
    batch = [replace(item, norm=bounded_norm(item.norm)) for item in batch]
    known = _known_norms(conn, [item.norm for item in batch])
    old = [item for item in batch if item.norm in known]
    new = sorted((item for item in batch if item.norm not in known), key=_by_count_desc)
    free = max(0, max_open - open_count(conn))
    admitted = new[:free] + _displace(conn, new[free:])
    rows = old + admitted
    if rows:
        conn.execute(_upsert_statement(conn.dialect.name), [_row(item) for item in rows])


def _by_count_desc(item: Unresolved) -> tuple[int, str]:
    return -item.count, item.norm


def _known_norms(conn: Connection, norms: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(norms), LOOKUP_CHUNK):
        chunk = norms[start : start + LOOKUP_CHUNK]
        query = sa.select(review_items.c.norm).where(review_items.c.norm.in_(chunk))
        found.update(conn.execute(query).scalars())
    return found


def _displace(conn: Connection, waiting: Sequence[Unresolved]) -> list[Unresolved]:
    """Delete the least-asked open items that ``waiting`` (most asked first) outrank;
    return the names that take their places. Pairs the most-asked newcomer with the
    least-asked item and stops at the first newcomer that does not reach its item."""
    if not waiting:
        return []
    victims = conn.execute(
        # labelled: Row.count is also the tuple method, which mypy (rightly) sees
        sa.select(review_items.c.id, review_items.c.count.label("asks"))
        .where(review_items.c.state == "open")
        .order_by(review_items.c.count, review_items.c.last_seen, review_items.c.id)
        .limit(len(waiting))
    ).all()
    admitted: list[Unresolved] = []
    for newcomer, victim in zip(waiting, victims, strict=False):
        if newcomer.count < victim.asks:
            break
        admitted.append(newcomer)
    if admitted:
        doomed = [victim.id for victim in victims[: len(admitted)]]
        conn.execute(sa.delete(review_items).where(review_items.c.id.in_(doomed)))
    return admitted


def _row(item: Unresolved) -> dict[str, Any]:
    return {
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


@functools.cache
def _upsert_statement(dialect: str) -> sa.Executable:
    """Building and caching the statement per call cost more than the write itself at a
    few hundred names a second; the compiled form is reused from here on."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(review_items)
    excluded = statement.excluded
    # Workers flush their batches independently, so an older sighting can arrive after a
    # newer one: the bounds only ever widen, and first_seen never passes last_seen.
    later = sa.case(
        (excluded.last_seen > review_items.c.last_seen, excluded.last_seen),
        else_=review_items.c.last_seen,
    )
    earlier = sa.case(
        (excluded.first_seen < review_items.c.first_seen, excluded.first_seen),
        else_=review_items.c.first_seen,
    )
    return statement.on_conflict_do_update(
        index_elements=[review_items.c.norm],
        set_={
            "count": review_items.c.count + excluded.count,
            "first_seen": earlier,
            "last_seen": later,
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


def open_item(w: Write, item_id: int) -> ReviewItem:
    """The item, if a curator has not decided it yet."""
    item = get_item(w.conn, item_id)
    if item.state != "open":
        raise InvalidInput(f"review item {item_id} is already {item.state}", field="id")
    return item


class ReviewQueries:
    """The Store's review queue."""

    def record_unresolved(self: Core, batch: Sequence[Unresolved]) -> None:
        """Bookkeeping, not a change: no write lock ordering, no change-log row."""
        if batch:
            with write_transaction(self.engine, ordered=False) as conn:
                upsert_unresolved(conn, batch, self.review_max_open)

    def list_review(
        self: Core, state: str, order: str, page: int, per_page: int
    ) -> tuple[list[ReviewItem], int]:
        with read_transaction(self.engine) as conn:
            return list_items(conn, state, order, page, per_page)

    def review_open_count(self: Core) -> int:
        with self.engine.connect() as conn:
            return open_count(conn)

    def accept_review(
        self: Core, item_id: int, entity_id: str, actor: str, allow_shared: bool = False
    ) -> ReviewItem:
        """Add the asked-for name as an alias (recorded as a "same" judgement)."""

        def accept(w: Write) -> ReviewItem:
            item = open_item(w, item_id)
            add_judgement(w, item.name, entity_id, "same", allow_shared)
            return close_item(w.conn, item.item_id, "accepted", w.actor)

        return self._in_write(actor, accept)

    def reject_review(
        self: Core, item_id: int, entity_id: str | None, actor: str, force: bool = False
    ) -> ReviewItem:
        """Record "not this" against the suggested (or given) candidate."""

        def reject(w: Write) -> ReviewItem:
            item = open_item(w, item_id)
            target = entity_id or item.best_entity_id
            if target is None:
                raise InvalidInput("this name had no candidate; give entity_id", field="entity_id")
            add_judgement(w, item.name, target, "not_same", force=force)
            return close_item(w.conn, item.item_id, "rejected", w.actor)

        return self._in_write(actor, reject)

    def dismiss_review(self: Core, item_id: int, actor: str) -> ReviewItem:
        def dismiss(w: Write) -> ReviewItem:
            item = open_item(w, item_id)
            return close_item(w.conn, item.item_id, "dismissed", w.actor)

        return self._in_write(actor, dismiss)
