"""Each process's live index: the matching engine and the suggest index over the same
entities, kept in step with the store's change log.

Start-up loads a consistent snapshot and remembers its sequence number. When the log has
moved (a request's freshness check or the follower asks), only the entities named by the
new changes are re-read and re-indexed (never a full rebuild). That is what makes a write
in one gunicorn worker visible to the next request on any other worker.

The engine answers /resolve and the suggest index autocomplete and external IDs; both
must hold the same entities, so nothing adds to or removes from one without the other:
every change goes through ``add``, ``remove``, ``build`` or ``forget`` here.

No stored record can stop it: an entity whose indexing raises, at start-up or in a
change, is left out whole, logged, counted and listed (service/skipped.py), and the
applied sequence moves on past it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from service.live import snapshot
from service.live.suggest import SuggestIndex
from service.matching import Engine
from service.matching.engine import AliasRow
from service.model import Change, Entity
from service.skipped import DEFAULT_UNREADY_SECONDS, SkippedChange, SkippedChanges
from service.store import Store

logger = logging.getLogger("polyonym.resolver")
CANONICAL_KEY_PREFIX = "name:"
JUDGEMENT_KINDS = {"judgement", "judgement_withdrawn", "merge", "merged", "import"}


def alias_rows(entity: Entity) -> list[AliasRow]:
    """The canonical name under its own key, and every alias under its ID."""
    rows: list[AliasRow] = [
        (CANONICAL_KEY_PREFIX + entity.entity_id, entity.entity_id, entity.name)
    ]
    rows.extend((alias.alias_id, entity.entity_id, alias.name) for alias in entity.aliases)
    return rows


class LiveIndex:
    """The engine and the suggest index of one process, and the change-log position they
    reflect."""

    def __init__(
        self,
        store: Store,
        engine: Engine | None = None,
        *,
        unready_seconds: float = DEFAULT_UNREADY_SECONDS,
    ) -> None:
        """``unready_seconds``: how long a change that could not be applied holds the
        process's readiness back (see service/skipped.py)."""
        self.store = store
        self.engine = engine or Engine()
        # Autocomplete and external IDs over the same live set; entities come from the store.
        self.suggest = SuggestIndex(store.load_entities)
        self.applied_seq = 0
        self.loaded_at: float | None = None
        self.not_same: dict[str, set[str]] = {}
        self._lock = threading.RLock()
        self.skipped = SkippedChanges(unready_seconds)
        # called with each newly skipped change (the web layer counts them in /metrics)
        self.on_skip: list[Callable[[SkippedChange], None]] = []

    def __len__(self) -> int:
        """Aliases indexed for matching (what /readyz and /metrics report)."""
        return len(self.engine)

    def add(self, entity: Entity) -> None:
        """Index a live entity in both (the caller removed what was indexed under its ID)."""
        self.engine.upsert_entity(
            entity.entity_id, entity.name, entity.entity_type, entity.countries
        )
        self.engine.add_aliases(alias_rows(entity))
        self.suggest.add(entity)

    def remove(self, entity_id: str) -> None:
        """Take an entity out of both (deleted, merged away, or about to be re-added)."""
        self.engine.remove_entity(entity_id)
        self.suggest.remove(entity_id)

    def build(self, entities: Iterable[Entity], on_error: Callable[[str, Exception], None]) -> None:
        """Index a whole table at start-up: the engine's aliases in one bulk add (its fast
        path). An entity whose indexing raises is reported to ``on_error`` (once, with its
        first error) and left out whole, never half-indexed."""
        rows: list[AliasRow] = []
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
        self.forget(*failed)
        for entity_id, error in failed.items():
            on_error(entity_id, error)
        self.suggest.compact()

    def forget(self, *entity_ids: str) -> None:
        """Drop whatever of these entities got into either index before indexing raised."""
        for entity_id in entity_ids:
            try:
                self.engine.remove_entity(entity_id)
            except Exception:
                logger.exception("could not drop entity %s from the index", entity_id)
        try:
            self.suggest.remove_many(entity_ids)
        except Exception:
            logger.exception("could not drop %d entities from autocomplete", len(entity_ids))

    def load(self, snapshot_dir: str | None = None) -> None:
        """Build from a saved snapshot when one matches this store, else from the store."""
        if snapshot_dir and self._load_snapshot(snapshot_dir):
            self.refresh()
            return
        with self._lock, self.store.active_entities() as (seq, entities, not_same):
            self.build(entities, lambda entity_id, error: self._skip(seq, entity_id, error))
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
            self.remove(entity_id)
            if entity is not None and entity.status == "active":
                self.add(entity)
        except Exception as exc:
            self.forget(entity_id)
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
