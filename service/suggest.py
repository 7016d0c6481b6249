"""Autocomplete and exact external-ID lookup over the live entities, fed by the Resolver.

Every alias is kept, folded like the engine folds it, once per word start in a sorted
list, so a prefix is one bisect plus a short scan: "Влад" -> "vlad" finds "Vladimir
Putin", and "put" finds it too. Writes touch only the entity's own rows; a bulk load is
sorted once, lazily, on the first read after it.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass

from service.matching.normalize import fold
from service.model import Entity

# (folded text from a word start, entity ID, alias as written, starts the alias)
Row = tuple[str, str, str, bool]
INSORT_LIMIT = 64  # below this many pending rows, insert one by one; above, merge-sort
SCAN_PER_RESULT = 20  # rows read per wanted result before ranking gives up looking
WIKIDATA_QID = re.compile(r"Q[1-9][0-9]*", re.IGNORECASE)


@dataclass(frozen=True)
class SuggestHit:
    """One entity proposed for a prefix, through the alias that matched it."""

    entity: Entity
    alias: str


def normalize_external_id(scheme: str, value: str) -> str:
    """Compare IDs loosely: "http://www.wikidata.org/entity/Q7747" -> "q7747" for wikidata."""
    value = value.strip()
    if scheme.casefold() == "wikidata":
        found = WIKIDATA_QID.findall(value)
        value = found[-1] if found else value
    return value.casefold()


def alias_rows(entity: Entity) -> list[Row]:
    """One row per distinct folded alias and word start: "al-Assad" -> "al assad", "assad"."""
    rows: dict[tuple[str, str], Row] = {}
    for name in [entity.name, *(alias.name for alias in entity.aliases)]:
        folded = fold(name)
        starts = [0] + [i + 1 for i, char in enumerate(folded) if char == " "]
        for start in starts:
            key = (folded[start:], entity.entity_id)
            if key[0] and key not in rows:
                rows[key] = (key[0], entity.entity_id, name, start == 0)
    return list(rows.values())


class SuggestIndex:
    """Sorted folded aliases for prefixes, and (scheme, ID) -> entity IDs for exact hits."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._entities: dict[str, Entity] = {}
        self._rows: list[Row] = []
        self._pending: list[Row] = []
        self._external: dict[tuple[str, str], set[str]] = {}

    def __len__(self) -> int:
        return len(self._entities)

    # -- maintenance --------------------------------------------------------------------
    def add(self, entity: Entity) -> None:
        """Index a live entity, replacing what was indexed under its ID."""
        with self._lock:
            self.remove(entity.entity_id)
            self._entities[entity.entity_id] = entity
            self._pending.extend(alias_rows(entity))
            for scheme, value in entity.external_ids.items():
                key = (scheme.casefold(), normalize_external_id(scheme, str(value)))
                self._external.setdefault(key, set()).add(entity.entity_id)

    def add_many(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            self.add(entity)

    def remove(self, entity_id: str) -> None:
        """Forget an entity (deleted, merged away, or about to be re-added)."""
        with self._lock:
            entity = self._entities.pop(entity_id, None)
            if entity is None:
                return
            self._flush()
            for row in alias_rows(entity):
                position = bisect_left(self._rows, row)
                if position < len(self._rows) and self._rows[position] == row:
                    del self._rows[position]
            for scheme, value in entity.external_ids.items():
                key = (scheme.casefold(), normalize_external_id(scheme, str(value)))
                holders = self._external.get(key, set())
                holders.discard(entity_id)
                if not holders:
                    self._external.pop(key, None)

    def _flush(self) -> None:
        if len(self._pending) <= INSORT_LIMIT:
            for row in self._pending:
                insort(self._rows, row)
        else:
            self._pending.sort()
            self._rows.extend(self._pending)
            self._rows.sort()  # two sorted runs: timsort merges them in linear time
        self._pending = []

    # -- reads --------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def by_external_id(self, scheme: str, value: str) -> list[Entity]:
        """Live entities holding exactly this ID under this scheme."""
        key = (scheme.casefold(), normalize_external_id(scheme, value))
        with self._lock:
            return [self._entities[i] for i in sorted(self._external.get(key, ()))]

    def schemes(self) -> list[str]:
        """The external-ID schemes some live entity uses, e.g. ["wikidata"]."""
        with self._lock:
            return sorted({scheme for scheme, _ in self._external})

    def prefix(
        self, text: str, entity_type: str | None = None, limit: int = 10, offset: int = 0
    ) -> list[SuggestHit]:
        """Entities with an alias word starting with ``text``: whole-name starts first."""
        wanted = offset + limit
        folded = fold(text)
        with self._lock:
            if self._pending:
                self._flush()
            if not folded:
                return self._first_entities(entity_type, wanted)[offset:]
            starts, inner = self._scan(folded, entity_type, wanted * SCAN_PER_RESULT)
        hits: dict[str, SuggestHit] = {}
        for entity_id, alias in starts + inner:
            if entity_id not in hits:
                hits[entity_id] = SuggestHit(self._entities[entity_id], alias)
        return list(hits.values())[offset:wanted]

    def _scan(
        self, folded: str, entity_type: str | None, budget: int
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        starts: list[tuple[str, str]] = []
        inner: list[tuple[str, str]] = []
        position = bisect_left(self._rows, (folded,))
        end = min(len(self._rows), position + budget)
        while position < end and self._rows[position][0].startswith(folded):
            _, entity_id, alias, is_start = self._rows[position]
            position += 1
            if entity_type and self._entities[entity_id].entity_type != entity_type:
                continue
            (starts if is_start else inner).append((entity_id, alias))
        return starts, inner

    def _first_entities(self, entity_type: str | None, count: int) -> list[SuggestHit]:
        """The empty prefix: the first entities by name (the spec lets us list all)."""
        chosen = [
            e for e in self._entities.values() if not entity_type or e.entity_type == entity_type
        ]
        chosen.sort(key=lambda e: (e.name.casefold(), e.entity_id))
        return [SuggestHit(e, e.name) for e in chosen[:count]]
