"""Autocomplete and exact external-ID lookup over the live entities, fed by the Resolver.

Every alias is folded like the engine folds it; every word start of it is a suffix in a
sorted suffix array, so a prefix is one binary search plus a short scan: "Влад" -> "vlad"
finds "Vladimir Putin", and "put" finds it too.

Built for a million aliases: the folded aliases live in one byte string, and the sorted
word starts in int32 arrays sorted by numpy, about 60 bytes per alias. Writes go to a
small sorted delta (and removed entities to a tombstone set) that is merged into the
arrays once it grows; whole entities for the few hits a caller shows come from the
store.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from service.matching.normalize import fold
from service.model import Entity

Loader = Callable[[Sequence[str]], dict[str, Entity]]
# (folded bytes from a word start, entity ID, starts the alias): a row of the delta.
Row = tuple[bytes, str, bool]
SORT_BYTES = 16  # suffixes are ordered by their first bytes; longer prefixes are re-checked
SORT_CHUNK = 1 << 18  # suffixes whose sort keys are gathered at once
COMPACT_AT = 20_000  # pending aliases (or tombstoned entities) that trigger a merge
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


def folded_names(entity: Entity) -> list[bytes]:
    """Distinct folded names of an entity, canonical first, as UTF-8."""
    names = [fold(n) for n in [entity.name, *(a.name for a in entity.aliases)]]
    return [n.encode() for n in dict.fromkeys(n for n in names if n)]


def word_starts(folded: bytes) -> list[int]:
    return [0] + [i + 1 for i, byte in enumerate(folded) if byte == 0x20]


def external_keys(entity: Entity) -> list[tuple[str, str]]:
    return [
        (scheme.casefold(), normalize_external_id(scheme, str(value)))
        for scheme, value in entity.external_ids.items()
    ]


class SuffixArray:
    """Immutable: folded aliases of many entities, word starts sorted by their suffix."""

    def __init__(self, aliases: list[tuple[bytes, str]]) -> None:
        self.text = b"".join(folded + b"\n" for folded, _ in aliases)
        self.entity_of = [entity_id for _, entity_id in aliases]
        starts, owner, whole, offset = array("i"), array("i"), bytearray(), 0
        for number, (folded, _) in enumerate(aliases):
            for start in word_starts(folded):
                starts.append(offset + start)
                owner.append(number)
                whole.append(start == 0)
            offset += len(folded) + 1
        order = self._order(np.frombuffer(starts, dtype=np.int32))
        self.starts = array("i", np.frombuffer(starts, dtype=np.int32)[order].tobytes())
        self.owner = array("i", np.frombuffer(owner, dtype=np.int32)[order].tobytes())
        self.whole = bytes(np.frombuffer(bytes(whole), dtype=np.uint8)[order])

    def _order(self, starts: np.ndarray) -> np.ndarray:
        """Sort word starts by their first SORT_BYTES bytes, without a Python object each."""
        padded = np.frombuffer(self.text + b"\0" * SORT_BYTES, dtype=np.uint8)
        keys = np.empty((len(starts), 2), dtype=">u8")  # two big-endian words per suffix
        span = np.arange(SORT_BYTES, dtype=np.int32)
        for first in range(0, len(starts), SORT_CHUNK):  # bounded temporary memory
            chunk = starts[first : first + SORT_CHUNK]
            keys[first : first + len(chunk)] = padded[chunk[:, None] + span].view(">u8")
        return np.lexsort((keys[:, 1], keys[:, 0]))

    def __len__(self) -> int:
        return len(self.entity_of)

    def scan(self, prefix: bytes) -> Iterable[tuple[int, bool]]:
        """(alias number, starts the alias) of every word start beginning with ``prefix``."""
        probe = prefix[:SORT_BYTES]
        text, size = self.text, len(probe)
        position = bisect_left(self.starts, probe, key=lambda o: text[o : o + size])
        while position < len(self.starts):
            offset = self.starts[position]
            if text[offset : offset + size] != probe:
                break
            if text.startswith(prefix, offset):
                yield self.owner[position], bool(self.whole[position])
            position += 1

    def aliases(self) -> Iterable[tuple[bytes, str]]:
        for number, folded in enumerate(self.text.split(b"\n")[:-1]):
            yield folded, self.entity_of[number]


class SuggestIndex:
    """Prefixes over folded aliases, and (scheme, ID) -> entity IDs for exact hits."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._lock = threading.RLock()
        self._live: dict[str, tuple[str, str]] = {}  # entity ID -> (name, type)
        self._base = SuffixArray([])
        self._dead: set[str] = set()  # entities whose rows in the base no longer count
        self._pending: list[tuple[bytes, str]] = []  # aliases added since the last merge
        self._delta: list[Row] | None = []  # the pending aliases' word starts, sorted
        self._external: dict[tuple[str, str], set[str]] = {}
        self._entity_external: dict[str, list[tuple[str, str]]] = {}

    def __len__(self) -> int:
        return len(self._live)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled into index snapshots without its lock and store loader."""
        with self._lock:
            self._settle()
            return {k: v for k, v in vars(self).items() if k not in ("_lock", "_load")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self._lock = threading.RLock()
        self._load = lambda ids: {}

    def attach(self, load: Loader) -> None:
        """Where whole entities come from, after loading from a snapshot."""
        self._load = load

    # -- maintenance --------------------------------------------------------------------
    def add(self, entity: Entity) -> None:
        """Index a live entity, replacing what was indexed under its ID."""
        with self._lock:
            self.remove(entity.entity_id)
            self._dead.add(entity.entity_id)  # its old base rows, if any, are stale
            self._live[entity.entity_id] = (entity.name, entity.entity_type)
            self._pending.extend((folded, entity.entity_id) for folded in folded_names(entity))
            self._delta = None
            keys = external_keys(entity)
            if keys:
                self._entity_external[entity.entity_id] = keys
            for key in keys:
                self._external.setdefault(key, set()).add(entity.entity_id)

    def add_many(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            self.add(entity)
        self.compact()

    def remove(self, entity_id: str) -> None:
        """Forget an entity (deleted, merged away, or about to be re-added)."""
        self.remove_many((entity_id,))

    def remove_many(self, entity_ids: Iterable[str]) -> None:
        """Forget several entities with one pass over the pending aliases: a start-up build
        (all of whose aliases are pending) that skipped many entities must not pass once
        per entity over a million aliases."""
        with self._lock:
            gone = {entity_id for entity_id in entity_ids if entity_id in self._live}
            if not gone:
                return
            self._pending = [alias for alias in self._pending if alias[1] not in gone]
            self._delta = None
            for entity_id in gone:
                del self._live[entity_id]
                self._dead.add(entity_id)
                for key in self._entity_external.pop(entity_id, []):
                    holders = self._external.get(key, set())
                    holders.discard(entity_id)
                    if not holders:
                        self._external.pop(key, None)

    def compact(self) -> None:
        """Merge the pending aliases into the arrays and drop tombstoned rows."""
        with self._lock:
            kept = [(f, e) for f, e in self._base.aliases() if e not in self._dead]
            self._base = SuffixArray(kept + self._pending)
            self._dead, self._pending, self._delta = set(), [], []

    def _settle(self) -> None:
        if len(self._pending) > COMPACT_AT or len(self._dead) > COMPACT_AT:
            self.compact()
        elif self._delta is None:
            self._delta = sorted(
                (folded[start:], entity_id, start == 0)
                for folded, entity_id in self._pending
                for start in word_starts(folded)
            )

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
            self._settle()
            if not folded:
                chosen = self._first_entities(entity_type, wanted)[offset:]
            else:
                starts, inner = self._scan(folded.encode(), entity_type, wanted * SCAN_PER_RESULT)
                chosen = list(dict.fromkeys(starts + inner))[offset:wanted]
        found = self.entities(chosen)
        return [
            SuggestHit(found[i], self._alias_for(found[i], folded)) for i in chosen if i in found
        ]

    @staticmethod
    def _alias_for(entity: Entity, folded: str) -> str:
        """The alias, as written, through which ``folded`` found the entity."""
        names = [entity.name, *(a.name for a in entity.aliases)]
        for name in names:
            if fold(name).startswith(folded):
                return name
        for name in names:
            if f" {folded}" in f" {fold(name)}":
                return name
        return entity.name

    def _scan(
        self, prefix: bytes, entity_type: str | None, budget: int
    ) -> tuple[list[str], list[str]]:
        starts: list[str] = []
        inner: list[str] = []

        def keep(entity_id: str, whole: bool) -> None:
            if entity_type and self._live[entity_id][1] != entity_type:
                return
            (starts if whole else inner).append(entity_id)

        for number, whole in self._base.scan(prefix):
            entity_id = self._base.entity_of[number]
            if entity_id not in self._dead:
                keep(entity_id, whole)
            if len(starts) + len(inner) >= budget:
                break
        delta = self._delta or []
        position = bisect_left(delta, (prefix,))
        while position < len(delta) and delta[position][0].startswith(prefix):
            _, entity_id, whole = delta[position]
            keep(entity_id, whole)
            position += 1
        return starts, inner

    def _first_entities(self, entity_type: str | None, count: int) -> list[str]:
        """The empty prefix: the first entities by name (the spec lets us list all)."""
        chosen = [
            (name.casefold(), entity_id)
            for entity_id, (name, kind) in self._live.items()
            if not entity_type or kind == entity_type
        ]
        chosen.sort()
        return [entity_id for _, entity_id in chosen[:count]]
