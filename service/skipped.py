"""Changes the live index could not apply: logged, counted, shown, skipped.

One stored record the engine cannot index (a keying bug, as the lone article of
"El Al" once was) must never stop a process: not its start-up build, not its change
follower, not the requests that refresh before they resolve. The Resolver indexes each
entity on its own; when that raises, the entity is left out of the index whole (never
half-indexed), the failure is logged with its change sequence, counted, listed here,
and the applied sequence moves on, so every later change still applies.

An entry stays until a later change of the same entity applies (the record was fixed or
deleted) or a retry succeeds (``RETRY_SECONDS``; heals a failure that was not about the
record). Readiness is held back only for ``unready_seconds`` after a change first
fails: long enough for an orchestrator or a rollout to notice, never for good, because
the same record fails the same way in every process of every instance, and a readiness
that stayed down would take the whole fleet out of its load balancer. What stays
visible for good is the list in /readyz and the metrics.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

DEFAULT_UNREADY_SECONDS = 60.0
RETRY_SECONDS = 30.0  # skipped entities are re-read and re-indexed at most this often
SHOWN = 20  # entries /readyz lists (the count covers them all)


@dataclass(frozen=True)
class SkippedChange:
    """An entity the index is missing because applying one of its changes raised."""

    seq: int  # the change that failed; at start-up, the sequence the build reflects
    entity_id: str
    error: str  # the exception's type only: /readyz is public, and a message may quote
    # a stored name that reads behind POLYONYM_REQUIRE_READ_KEY do not show (the log has it)
    since: float  # when this change first failed (epoch seconds)

    def as_json(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "entity_id": self.entity_id,
            "error": self.error,
            "since": round(self.since, 3),
        }


class SkippedChanges:
    """The skipped entities of one process, by entity ID, and how many skips it has had."""

    def __init__(self, unready_seconds: float = DEFAULT_UNREADY_SECONDS) -> None:
        self.unready_seconds = unready_seconds
        self.total = 0  # every distinct change that failed, ever (retries not counted)
        self.by_entity: dict[str, SkippedChange] = {}
        self.retried_at = 0.0

    def __len__(self) -> int:
        return len(self.by_entity)

    def record(self, seq: int, entity_id: str, exc: BaseException) -> SkippedChange | None:
        """Note a failure; returns the new entry, or None when it is this same change
        failing again on a retry (already logged and counted, its clock not restarted)."""
        held = self.by_entity.get(entity_id)
        if held is not None and held.seq == seq:
            return None
        entry = SkippedChange(seq, entity_id, type(exc).__name__, time.time())
        self.by_entity[entity_id] = entry
        self.total += 1
        self.retried_at = entry.since  # the first retry comes RETRY_SECONDS later
        return entry

    def clear(self, entity_id: str) -> None:
        """The entity is indexed as the store has it now (or is gone from both)."""
        self.by_entity.pop(entity_id, None)

    def entries(self) -> list[SkippedChange]:
        """A copy taken in one step: /readyz reads while the follower thread writes, and
        a Python-level loop over the live dict could see it change size."""
        return list(self.by_entity.values())

    def holding_readiness(self, now: float | None = None) -> list[SkippedChange]:
        """Entries recent enough to keep the process not ready, oldest change first."""
        now = time.time() if now is None else now
        recent = [s for s in self.entries() if now - s.since < self.unready_seconds]
        return sorted(recent, key=lambda s: s.seq)

    def shown(self) -> list[dict[str, object]]:
        """The first SHOWN entries by change sequence, for /readyz."""
        ordered = sorted(self.entries(), key=lambda s: (s.seq, s.entity_id))
        return [s.as_json() for s in ordered[:SHOWN]]

    def due_for_retry(self, now: float | None = None) -> list[str]:
        """Entity IDs to try again, at most once every RETRY_SECONDS."""
        now = time.time() if now is None else now
        if not self.by_entity or now - self.retried_at < RETRY_SECONDS:
            return []
        self.retried_at = now
        return sorted(self.by_entity.copy())
