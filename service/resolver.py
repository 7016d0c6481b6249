"""Keeps each process's matching Engine in step with the store's change log.

Start-up loads a consistent snapshot and remembers its sequence number. Before each
resolve the resolver asks the store for its newest sequence; when it moved, only the
entities named by the new changes are re-read and re-indexed (never a full rebuild).
That is what makes a write in one gunicorn worker visible to the next request on any
other worker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from service.matching import Engine, Resolution
from service.model import Entity
from service.store import Store

CANONICAL_KEY_PREFIX = "name:"


def index_entity(engine: Engine, entity: Entity) -> None:
    """Index the canonical name under its own key, and every alias under its ID."""
    engine.upsert_entity(entity.entity_id, entity.name, entity.entity_type)
    rows: list[tuple[int | str, str, str]] = [
        (CANONICAL_KEY_PREFIX + entity.entity_id, entity.entity_id, entity.name)
    ]
    rows.extend((alias.alias_id, entity.entity_id, alias.name) for alias in entity.aliases)
    engine.add_aliases(rows)


class Resolver:
    """The engine of one process plus the change-log position it reflects."""

    def __init__(self, store: Store, engine: Engine | None = None) -> None:
        self.store = store
        self.engine = engine or Engine()
        self.applied_seq = 0
        self.loaded_at: float | None = None
        self._lock = threading.RLock()

    def load(self) -> None:
        with self._lock:
            seq, entities = self.store.snapshot_active()
            for entity in entities:
                index_entity(self.engine, entity)
            self.applied_seq = seq
            self.loaded_at = time.time()

    @property
    def is_loaded(self) -> bool:
        return self.loaded_at is not None

    def refresh(self) -> int:
        """Apply the changes committed since the last call; returns how many were applied."""
        head = self.store.last_seq()
        if head <= self.applied_seq:
            return 0
        with self._lock:
            applied = 0
            while self.applied_seq < head:
                batch = self.store.changes_since(self.applied_seq, limit=1000)
                if not batch:
                    break
                self._apply({c.entity_id for c in batch if c.entity_id})
                self.applied_seq = batch[-1].seq
                applied += len(batch)
            return applied

    def _apply(self, entity_ids: Iterable[str]) -> None:
        wanted = sorted(entity_ids)
        current = self.store.load_entities(wanted)
        for entity_id in wanted:
            self.engine.remove_entity(entity_id)
            entity = current.get(entity_id)
            if entity is not None and entity.status == "active":
                index_entity(self.engine, entity)

    def resolve(
        self, name: str, entity_type: str | None = None, limit: int = 5, explain: bool = False
    ) -> Resolution:
        self.refresh()
        with self._lock:
            return self.engine.resolve(name, entity_type=entity_type, limit=limit, explain=explain)

    def resolve_many(
        self, queries: Iterable[tuple[str, str | None, int, bool]]
    ) -> list[Resolution]:
        self.refresh()
        with self._lock:
            return [
                self.engine.resolve(name, entity_type=t, limit=lim, explain=ex)
                for name, t, lim, ex in queries
            ]
