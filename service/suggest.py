"""Autocomplete and exact external-ID lookup over the live entities, fed by the Resolver.

Every alias is kept, folded like the engine folds it, once per word start in a sorted
list, so a prefix is one bisect plus a short scan: "Влад" -> "vlad" finds "Vladimir
Putin", and "put" finds it too. Writes touch only the entity's own rows; a bulk load is
sorted once, lazily, on the first read after it.

Only what finding needs stays in memory (rows, each entity's name and type, external
IDs); whole entities for the few hits a caller shows come from ``load`` (the store), so
the index costs a few hundred bytes per alias even at a million aliases.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from service.matching.normalize import fold
from service.model import Entity

# (folded text from a word start, entity ID, alias as written, starts the alias)
Row = tuple[str, str, str, bool]
Loader = Callable[[Sequence[str]], dict[str, Entity]]
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


def external_keys(entity: Entity) -> list[tuple[str, str]]:
    return [
        (scheme.casefold(), normalize_external_id(scheme, str(value)))
        for scheme, value in entity.external_ids.items()
    ]


class SuggestIndex:
    """Sorted folded aliases for prefixes, and (scheme, ID) -> entity IDs for exact hits."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._lock = threading.RLock()
        self._live: dict[str, tuple[str, str]] = {}  # entity ID -> (name, type)
        self._rows: list[Row] = []
        self._pending: list[Row] = []
        self._entity_rows: dict[str, list[Row]] = {}
        self._external: dict[tuple[str, str], set[str]] = {}
        self._entity_external: dict[str, list[tuple[str, str]]] = {}

    def __len__(self) -> int:
        return len(self._live)

    # -- maintenance --------------------------------------------------------------------
    def add(self, entity: Entity) -> None:
        """Index a live entity, replacing what was indexed under its ID."""
        with self._lock:
            self.remove(entity.entity_id)
            self._live[entity.entity_id] = (entity.name, entity.entity_type)
            rows = alias_rows(entity)
            self._entity_rows[entity.entity_id] = rows
            self._pending.extend(rows)
            keys = external_keys(entity)
            if keys:
                self._entity_external[entity.entity_id] = keys
            for key in keys:
                self._external.setdefault(key, set()).add(entity.entity_id)

    def add_many(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            self.add(entity)

    def remove(self, entity_id: str) -> None:
        """Forget an entity (deleted, merged away, or about to be re-added)."""
        with self._lock:
            if self._live.pop(entity_id, None) is None:
                return
            self._flush()
            for row in self._entity_rows.pop(entity_id, []):
                position = bisect_left(self._rows, row)
                if position < len(self._rows) and self._rows[position] == row:
                    del self._rows[position]
            for key in self._entity_external.pop(entity_id, []):
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
    def entities(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        """The live ones among ``entity_ids``, read from the store."""
        wanted = [i for i in entity_ids if i in self._live]
        loaded = self._load(wanted) if wanted else {}
        return {i: e for i, e in loaded.items() if e.status == "active"}

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities([entity_id]).get(entity_id)

    def by_external_id(self, scheme: str, value: str) -> list[Entity]:
        """Live entities holding exactly this ID under this scheme."""
        key = (scheme.casefold(), normalize_external_id(scheme, value))
        with self._lock:
            ids = sorted(self._external.get(key, ()))
        found = self.entities(ids)
        return [found[i] for i in ids if i in found]

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
                chosen = self._first_entities(entity_type, wanted)[offset:]
            else:
                starts, inner = self._scan(folded, entity_type, wanted * SCAN_PER_RESULT)
                chosen = self._first_alias(starts + inner)[offset:wanted]
        found = self.entities([entity_id for entity_id, _ in chosen])
        return [SuggestHit(found[i], alias) for i, alias in chosen if i in found]

    @staticmethod
    def _first_alias(hits: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Each entity once, through the first alias that found it."""
        seen: dict[str, str] = {}
        for entity_id, alias in hits:
            seen.setdefault(entity_id, alias)
        return list(seen.items())

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
            if entity_type and self._live[entity_id][1] != entity_type:
                continue
            (starts if is_start else inner).append((entity_id, alias))
        return starts, inner

    def _first_entities(self, entity_type: str | None, count: int) -> list[tuple[str, str]]:
        """The empty prefix: the first entities by name (the spec lets us list all)."""
        chosen = [
            (name.casefold(), entity_id, name)
            for entity_id, (name, kind) in self._live.items()
            if not entity_type or kind == entity_type
        ]
        chosen.sort()
        return [(entity_id, name) for _, entity_id, name in chosen[:count]]
