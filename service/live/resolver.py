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

from service.live import snapshot
from service.live.follower import Follower
from service.live.index import LiveIndex
from service.live.review_buffer import ReviewBuffer
from service.live.signal import ChangeSignal
from service.live.suggest import SuggestIndex
from service.matching import Engine, Resolution
from service.matching.context import NO_COUNTRIES, Countries
from service.model import Change, Entity
from service.skipped import DEFAULT_UNREADY_SECONDS, SkippedChange, SkippedChanges
from service.store import Store
from service.store.context import bounded_norm

logger = logging.getLogger("polyonym.resolver")
JUDGEMENT_KINDS = {"judgement", "judgement_withdrawn", "merge", "merged", "import"}


@dataclass(frozen=True)
class Outcome:
    """A resolution plus the entities curators said this name is not."""

    resolution: Resolution
    not_same: frozenset[str]


@dataclass(frozen=True)
class LiveStatus:
    """Where this process's index stands, for /readyz and /metrics."""

    loaded: bool
    aliases: int
    applied_seq: int
    store_seq: int | None  # None: the store did not answer
    follower: str  # listen | poll | reconnecting | stopped | off
    skipped: SkippedChanges

    @property
    def lag(self) -> int:
        """Changes committed but not yet applied here (0 while the store is unreachable)."""
        return 0 if self.store_seq is None else max(0, self.store_seq - self.applied_seq)


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
        signal: ChangeSignal | None = None,
    ) -> None:
        """``unready_seconds``: how long a change that could not be applied holds the
        process's readiness back (see service/skipped.py). ``signal``: the machine's
        change signal, checked instead of the store before each request."""
        self.store = store
        # The engine, and autocomplete and external IDs over the same live set.
        self.index = LiveIndex(store.load_entities, engine)
        self.applied_seq = 0
        self.loaded_at: float | None = None
        self.not_same: dict[str, set[str]] = {}
        self.review = ReviewBuffer(store.record_unresolved) if record_unresolved else None
        self.refresh_per_request = refresh_per_request
        self.signal = signal
        self.follower: Follower | None = None
        self._seen_token = b""
        self._lock = threading.RLock()
        self.skipped = SkippedChanges(unready_seconds)
        # called with each newly skipped change (the web layer counts them in /metrics)
        self.on_skip: list[Callable[[SkippedChange], None]] = []

    @property
    def engine(self) -> Engine:
        return self.index.engine

    @property
    def suggest(self) -> SuggestIndex:
        """Autocomplete and exact external IDs (read it after ``fresh()``)."""
        return self.index.suggest

    def load(self, snapshot_dir: str | None = None) -> None:
        """Build from a saved snapshot when one matches this store, else from the store."""
        if snapshot_dir and self._load_snapshot(snapshot_dir):
            self.refresh()
            return
        with self._lock, self.store.snapshot_active() as (seq, entities, not_same):
            self.index.build(entities, lambda entity_id, error: self._skip(seq, entity_id, error))
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
            self.index = LiveIndex(self.store.load_entities, state["engine"], state["suggest"])
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
            self.index.remove(entity_id)
            if entity is not None and entity.status == "active":
                self.index.add(entity)
        except Exception as exc:
            self.index.forget(entity_id)
            self._skip(seq, entity_id, exc)
            return False
        self.skipped.clear(entity_id)
        return True

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

    def follow(
        self, catchup_seconds: float, after_wake: Callable[[], None] | None = None
    ) -> Follower:
        """Keep this index following the change log from a thread of each process (started
        by ``start()``), so idle workers and /readyz lag stay fresh."""
        self.follower = Follower(self, self.store.url, catchup_seconds, after_wake=after_wake)
        return self.follower

    def start(self) -> None:
        """In this process (a forked worker too): start following, if asked to."""
        if self.follower is not None:
            self.follower.ensure_started()

    def fresh(self) -> Resolver:
        """Read-your-writes: a write that returned is applied before this request is served.
        The one freshness check of every read (resolve, autocomplete, reconciliation)."""
        if not self.refresh_per_request:
            return self
        if self.signal is None:
            self.refresh()
            return self
        token = self.signal.token()
        if token != self._seen_token:
            self._seen_token = token
            self.refresh()
        return self

    def close(self) -> None:
        """At a process's graceful end: stop following, and write the unresolved asks of
        its last second to the review queue."""
        if self.follower is not None:
            self.follower.stop(wait=False)
        if self.review is not None:
            self.review.close()

    def flush_review(self) -> None:
        """Write this process's pending unresolved asks now (before the queue is listed)."""
        if self.review is not None:
            self.review.flush()

    def status(self) -> LiveStatus:
        """The index's position against the store's (which may be unreachable)."""
        try:
            store_seq: int | None = self.store.last_seq()
        except Exception:  # any driver error means "unreachable", never a 500
            store_seq = None
        follower = self.follower.status.mode if self.follower is not None else "off"
        applied = self.applied_seq
        return LiveStatus(
            self.is_loaded, len(self.index), applied, store_seq, follower, self.skipped
        )

    def normalize(self, name: str) -> str:
        """A name as the engine compares it ("" when nothing of it can be matched)."""
        return self.engine.normalize(name)

    def review_bar(self, entity_type: str) -> float:
        return self.engine.review_bar(entity_type)

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
        self.fresh()
        with self._lock:
            return self._resolve(name, entity_type, limit, explain, record, countries)

    def resolve_many(
        self, queries: Iterable[tuple[str, str | None, int, bool, bool, Countries]]
    ) -> list[Outcome]:
        """One answer per query, in order. A name asked again in the same batch (an
        article's batch names the same people over and over) is resolved once, under the
        same lock, so it gets the same answer; each ask still counts for review."""
        self.fresh()
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
