"""The change log and the reads that follow it: an entity's history, the feed, its head,
and the active entities, read consistently, that a process builds its index from.

"Snapshot" names one thing in polyonym: a built index saved to disk (service/live/
snapshot.py). The change log's before/after of an entity is its ``entity_state``
(records.py); the consistent read here is ``active_entities``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from service.model import Change, Entity
from service.store import entities as entity_ops
from service.store.context import Core
from service.store.db import read_transaction
from service.store.judging import not_same_map
from service.store.records import as_utc, entity_from_row, load_entities
from service.store.tables import aliases, changes, entities


def merge_aliases(entity_rows: Iterable[Any], alias_rows: Iterable[Any]) -> Iterator[Entity]:
    """Zip two streams ordered by entity ID into entities with their aliases."""
    pending = iter(alias_rows)
    alias_row = next(pending, None)
    for row in entity_rows:
        own: list[Any] = []
        while alias_row is not None and alias_row.entity_id <= row.id:
            if alias_row.entity_id == row.id:
                own.append(alias_row)
            alias_row = next(pending, None)
        yield entity_from_row(row, own)


def change_from_row(row: Any) -> Change:
    return Change(
        row.seq, row.entity_id, row.kind, row.actor, as_utc(row.at), row.before, row.after
    )  # type: ignore[arg-type]


class ChangeQueries:
    """The Store's change-log reads (see service/store/__init__.py for the Store)."""

    def history(self: Core, entity_id: str) -> list[Change]:
        """An entity's events, with those of the entities it absorbed."""
        with read_transaction(self.engine) as conn:
            entity_ops.fetch_any(conn, entity_id)
            absorbed = sa.select(entities.c.id).where(entities.c.merged_into == entity_id)
            rows = conn.execute(
                sa.select(changes)
                .where((changes.c.entity_id == entity_id) | changes.c.entity_id.in_(absorbed))
                .order_by(changes.c.seq)
            ).all()
        return [change_from_row(r) for r in rows]

    def change_at(self: Core, seq: int) -> datetime | None:
        """When change ``seq`` was committed (None for 0 or unknown): a history fingerprint."""
        with self.engine.connect() as conn:
            at = conn.execute(sa.select(changes.c.at).where(changes.c.seq == seq)).scalar()
        return as_utc(at)

    def last_seq(self: Core) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0)

    def changes_since(self: Core, seq: int, limit: int = 1000) -> list[Change]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(changes).where(changes.c.seq > seq).order_by(changes.c.seq).limit(limit)
            ).all()
        return [change_from_row(r) for r in rows]

    def load_entities(self: Core, entity_ids: Sequence[str]) -> dict[str, Entity]:
        with read_transaction(self.engine) as conn:
            return load_entities(conn, entity_ids)

    @contextmanager
    def active_entities(
        self: Core, batch: int = 10_000
    ) -> Iterator[tuple[int, Iterator[Entity], dict[str, set[str]]]]:
        """Every active entity, the not-same judgements, and the sequence they reflect.

        Entities stream from server-side cursors inside one snapshot transaction, so a
        million aliases never sit in memory as rows and records at once (the freed heap
        would stay in every preloaded worker).
        """
        with read_transaction(self.engine) as conn:
            seq = int(conn.execute(sa.select(sa.func.max(changes.c.seq))).scalar() or 0)
            blocked = not_same_map(conn)
            streaming = conn.execution_options(yield_per=batch)
            live = entities.c.status == "active"
            # Both streams in code-point order, the order Python compares IDs in.
            by_code_point = "C" if conn.dialect.name == "postgresql" else "BINARY"
            entity_rows = streaming.execute(
                sa.select(entities).where(live).order_by(entities.c.id.collate(by_code_point))
            )
            alias_rows = streaming.execute(
                sa.select(aliases)
                .join(entities, entities.c.id == aliases.c.entity_id)
                .where(live)
                .order_by(aliases.c.entity_id.collate(by_code_point), aliases.c.id)
            )
            yield seq, merge_aliases(entity_rows, alias_rows), blocked
