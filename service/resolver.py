"""Keeps each process's matching Engine in step with the store's change log.

Start-up loads a consistent snapshot and remembers its sequence number. Before each
resolve the resolver asks the store for its newest sequence; when it moved, only the
entities named by the new changes are re-read and re-indexed (never a full rebuild).
That is what makes a write in one gunicorn worker visible to the next request on any
other worker.

No stored record can stop it: an entity whose indexing raises, at start-up or in a
change, is left out, logged, counted and listed (service/skipped.py), and the applied
sequence moves on past it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from service import snapshot
from service.matching import Engine, Resolution
from service.matching.context import NO_COUNTRIES, Countries
from service.model import Change, Entity
from service.review_buffer import ReviewBuffer
from service.signal import ChangeSignal
from service.skipped import DEFAULT_UNREADY_SECONDS, SkippedChange, SkippedChanges
from service.store import Store
from service.store.context import bounded_norm
from service.suggest import SuggestIndex

logger = logging.getLogger("polyonym.resolver")
CANONICAL_KEY_PREFIX = "name:"
JUDGEMENT_KINDS = {"judgement", "judgement_withdrawn", "merge", "merged", "import"}


@dataclass(frozen=True)
class Outcome:
    """A resolution plus the entities curators said this name is not."""

    resolution: Resolution
    not_same: frozenset[str]


AliasRow = tuple[int | str, str, str]


def alias_rows(entity: Entity) -> list[AliasRow]:
    """The canonical name under its own key, and every alias under its ID."""
    rows: list[AliasRow] = [
        (CANONICAL_KEY_PREFIX + entity.entity_id, entity.entity_id, entity.name)
    ]
    rows.extend((alias.alias_id, entity.entity_id, alias.name) for alias in entity.aliases)
    return rows


def index_entity(engine: Engine, entity: Entity) -> None:
    engine.upsert_entity(entity.entity_id, entity.name, entity.entity_type, entity.countries)
    engine.add_aliases(alias_rows(entity))


class Resolver:
    """The engine of one process plus the change-log position it reflects."""

    def __init__(
        self,
        store: Store,
        engine: Engine | None = None,
        *,
        record_unresolved: bool = True,
        refresh_per_request: bool = True,
        unready_seconds: float = DEFAULT_UNREADY_SECONDS,
    ) -> None:
        """``unready_seconds``: how long a change that could not be applied holds the
        process's readiness back (see service/skipped.py)."""
        self.store = store
        self.engine = engine or Engine()
        self.applied_seq = 0
        self.loaded_at: float | None = None
        self.not_same: dict[str, set[str]] = {}
        self.review = ReviewBuffer(store.record_unresolved) if record_unresolved else None
        # Autocomplete and external IDs over the same live set; entities come from the store.
        self.suggest = SuggestIndex(store.load_entities)
        self.refresh_per_request = refresh_per_request
        self.signal: ChangeSignal | None = None
        self._seen_token = b""
        self._lock = threading.RLock()
        self.skipped = SkippedChanges(unready_seconds)
        # called with each newly skipped change (the web layer counts them in /metrics)
        self.on_skip: list[Callable[[SkippedChange], None]] = []

    def load(self, snapshot_dir: str | None = None) -> None:
        """Build from a saved snapshot when one matches this store, else from the store."""
        if snapshot_dir and self._load_snapshot(snapshot_dir):
            self.refresh()
            return
        with self._lock, self.store.snapshot_active() as (seq, entities, not_same):
            rows: list[AliasRow] = []  # one bulk add: the engine's fast path at start-up
            failed: dict[str, Exception] = {}
            for entity in entities:
                try:
                    self.engine.upsert_entity(
                        entity.entity_id, entity.name, entity.entity_type, entity.countries
                    )
                    self.suggest.add(entity)
                except Exception as exc:
                    failed[entity.entity_id] = exc
                    continue
                rows.extend(alias_rows(entity))

            def note(row: AliasRow, error: Exception) -> None:
                failed.setdefault(row[1], error)

            self.engine.add_aliases(rows, on_error=note)
            del rows
            self._forget(*failed)  # left out whole, as in _reindex
            for entity_id, error in failed.items():
                self._skip(seq, entity_id, error)
            self.suggest.compact()
            self.not_same = not_same
            self.applied_seq = seq
            self.loaded_at = time.time()

    def _load_snapshot(self, directory: str) -> bool:
        state = snapshot.read(directory)
        if state is None:
            return False
        seq, at = state["fingerprint"]
        if self.store.change_at(seq) != at:
            logger.info("index snapshot is for another database or history; building")
            return False
        with self._lock:
            self.engine, self.suggest = state["engine"], state["suggest"]
            self.suggest.attach(self.store.load_entities)
            # entities the snapshot's process had skipped are missing from it too; they
            # are retried on the first follower wake-up, not counted again here
            self.skipped.by_entity = {s.entity_id: s for s in state.get("skipped", [])}
            self.not_same = self.store.not_same()
            self.applied_seq = seq
            self.loaded_at = time.time()
        logger.info("index loaded from snapshot at change %d", seq)
        return True

    def save_snapshot(self, directory: str) -> Path:
        """Write this process's index, as of its applied change, for others to start from."""
        with self._lock:
            fingerprint = (self.applied_seq, self.store.change_at(self.applied_seq))
            state = {
                "fingerprint": fingerprint,
                "engine": self.engine,
                "suggest": self.suggest,
                "skipped": list(self.skipped.by_entity.values()),
            }
            return snapshot.write(directory, state)

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
                self._apply(batch)
                self.applied_seq = batch[-1].seq
                applied += len(batch)
            return applied

    def _apply(self, batch: list[Change]) -> None:
        """Re-index each entity the batch names, each on its own: one that raises is
        skipped and the rest still apply. (A store error raises: the whole batch is
        retried, since an outage is not a bad record.)"""
        last_change = {c.entity_id: c.seq for c in batch if c.entity_id}
        wanted = sorted(last_change)
        current = self.store.load_entities(wanted)
        for entity_id in wanted:
            self._reindex(entity_id, current.get(entity_id), last_change[entity_id])
        if any(c.kind in JUDGEMENT_KINDS for c in batch):
            self.not_same = self.store.not_same()

    def _reindex(self, entity_id: str, entity: Entity | None, seq: int) -> bool:
        """Make the index hold ``entity`` as stored (none, deleted or merged: not at all).
        If that raises, the entity is left out whole, never half-indexed, and its change
        ``seq`` is recorded as skipped. Returns whether it applied."""
        try:
            self.engine.remove_entity(entity_id)
            self.suggest.remove(entity_id)
            if entity is not None and entity.status == "active":
                index_entity(self.engine, entity)
                self.suggest.add(entity)
        except Exception as exc:
            self._forget(entity_id)
            self._skip(seq, entity_id, exc)
            return False
        self.skipped.clear(entity_id)
        return True

    def _forget(self, *entity_ids: str) -> None:
        """Drop whatever of these entities got into the indexes before indexing raised."""
        for entity_id in entity_ids:
            try:
                self.engine.remove_entity(entity_id)
            except Exception:
                logger.exception("could not drop entity %s from the index", entity_id)
        try:
            self.suggest.remove_many(entity_ids)
        except Exception:
            logger.exception("could not drop %d entities from autocomplete", len(entity_ids))

    def _skip(self, seq: int, entity_id: str, exc: Exception) -> None:
        entry = self.skipped.record(seq, entity_id, exc)
        if entry is None:  # the same change failing again on a retry
            logger.warning("change %d of entity %s still cannot be indexed", seq, entity_id)
            return
        logger.error(
            "change %d of entity %s could not be applied to the index; skipped (the entity "
            "is left out of the index until a later change of it applies)",
            seq,
            entity_id,
            exc_info=exc,
        )
        for hook in self.on_skip:
            hook(entry)

    def retry_skipped(self) -> int:
        """Re-read and re-index the skipped entities, at most every RETRY_SECONDS (the
        follower calls it on each wake-up): heals a failure that was not about the record.
        Returns how many now applied."""
        due = self.skipped.due_for_retry()
        if not due:
            return 0
        with self._lock:
            current = self.store.load_entities(due)
            healed = 0
            for entity_id in due:
                held = self.skipped.by_entity.get(entity_id)
                if held is not None:  # not cleared by a change meanwhile
                    healed += self._reindex(entity_id, current.get(entity_id), held.seq)
            return healed

    def use_signal(self, signal: ChangeSignal) -> None:
        """Check the machine's change signal instead of the store on every request."""
        self.signal = signal

    def refresh_for_request(self) -> None:
        """Read-your-writes: a write that returned is applied before this request is served."""
        if not self.refresh_per_request:
            return
        if self.signal is None:
            self.refresh()
            return
        token = self.signal.token()
        if token != self._seen_token:
            self._seen_token = token
            self.refresh()

    def resolve(
        self,
        name: str,
        entity_type: str | None = None,
        limit: int = 5,
        explain: bool = False,
        record: bool = True,
        countries: Countries = NO_COUNTRIES,
    ) -> Outcome:
        """``record``: count an unresolved name in the review queue (callers' asks do;
        curators' own look-ups and autocomplete keystrokes don't). ``countries``: the
        query's context, ISO codes already validated (service/matching/context.py)."""
        self.refresh_for_request()
        with self._lock:
            return self._resolve(name, entity_type, limit, explain, record, countries)

    def resolve_many(
        self, queries: Iterable[tuple[str, str | None, int, bool, bool, Countries]]
    ) -> list[Outcome]:
        """One answer per query, in order. A name asked again in the same batch (an
        article's batch names the same people over and over) is resolved once, under the
        same lock, so it gets the same answer; each ask still counts for review."""
        self.refresh_for_request()
        outcomes: list[Outcome] = []
        answered: dict[tuple[str, str | None, int, bool, Countries], Outcome] = {}
        with self._lock:
            for name, entity_type, limit, explain, record, countries in queries:
                ask = (name, entity_type, limit, explain, countries)
                outcome = answered.get(ask)
                if outcome is None:
                    outcome = answered[ask] = self._resolve(
                        name, entity_type, limit, explain, record, countries
                    )
                elif record:
                    self._record(name, outcome.resolution)
                outcomes.append(outcome)
        return outcomes

    def peek(self, name: str, entity_type: str | None = None, limit: int = 5) -> Resolution:
        """Resolve without queueing the name for review: autocomplete keystrokes."""
        return self.resolve(name, entity_type, limit, record=False).resolution

    def _resolve(
        self,
        name: str,
        entity_type: str | None,
        limit: int,
        explain: bool,
        record: bool = True,
        countries: Countries = NO_COUNTRIES,
    ) -> Outcome:
        not_same: frozenset[str] = frozenset()
        if self.not_same:  # normalising twice costs; only when judgements exist
            not_same = frozenset(self.not_same.get(bounded_norm(self.engine.normalize(name)), ()))
        resolution = self.engine.resolve(
            name,
            entity_type=entity_type,
            limit=limit,
            explain=explain,
            blocked=not_same,
            countries=countries,
        )
        if record:
            self._record(name, resolution)
        return Outcome(resolution, not_same)

    def _record(self, name: str, resolution: Resolution) -> None:
        """Count an unresolved ask in the review queue."""
        if self.review is not None and resolution.status != "matched":
            best = resolution.candidates[0] if resolution.candidates else None
            self.review.record(
                resolution.normalized,
                name,
                resolution.status,
                best.entity_id if best else None,
                best.score if best else None,
            )
