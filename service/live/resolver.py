"""The live index as the web layer and the server use it: resolve, stay fresh, close.

A Resolver is its process's LiveIndex (service/live/index.py) plus what serving needs:
one freshness check before every read (``fresh``: read-your-writes through the machine's
change signal, or the store's head), the follower thread that keeps an idle worker
current, the buffer that queues unresolved asks for review, and ``status`` for /readyz
and /metrics. Nothing outside service/live/ reaches past these methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from service.live.follower import Follower
from service.live.index import LiveIndex
from service.live.review_buffer import ReviewBuffer
from service.live.signal import ChangeSignal
from service.matching import Engine, Resolution, Status
from service.matching.context import NO_COUNTRIES, Countries
from service.model import Entity
from service.skipped import DEFAULT_UNREADY_SECONDS, SkippedChanges
from service.store import Store
from service.store.context import bounded_norm


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


class Resolver(LiveIndex):
    """A process's live index, answering queries and keeping itself fresh."""

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
        """``refresh_per_request``: check the change log before each read (off when only
        the follower should apply changes). ``signal``: the machine's change signal,
        checked instead of the store before each request."""
        super().__init__(store, engine, unready_seconds=unready_seconds)
        self.review = ReviewBuffer(store.record_unresolved) if record_unresolved else None
        self.refresh_per_request = refresh_per_request
        self.signal = signal
        self.follower: Follower | None = None
        self._seen_token = b""

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
        return LiveStatus(self.is_loaded, len(self), applied, store_seq, follower, self.skipped)

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

    def autocomplete(self, prefix: str, entity_type: str | None, wanted: int) -> list[Entity]:
        """Up to ``wanted`` live entities for a typed prefix: alias words that start with it
        first, then (from three characters on) the fuzzy matches a misspelt prefix finds."""
        self.fresh()
        hits = [hit.entity for hit in self.suggest.prefix(prefix, entity_type, wanted)]
        if len(hits) < wanted and len(prefix.strip()) >= 3:
            seen = {entity.entity_id for entity in hits}
            for candidate in self.peek(prefix, entity_type, wanted).candidates:
                entity = self.suggest.entity(candidate.entity_id)
                if entity is not None and entity.entity_id not in seen:
                    hits.append(entity)
                    seen.add(entity.entity_id)
        return hits

    def entity(self, entity_id: str) -> Entity | None:
        """The live entity as the store holds it now, or None if deleted or merged away."""
        return self.suggest.entity(entity_id)

    def by_external_id(self, scheme: str, value: str) -> list[Entity]:
        """Live entities holding exactly this external ID under this scheme (call
        ``fresh()`` once first: a query may name several IDs)."""
        return self.suggest.by_external_id(scheme, value)

    def schemes(self) -> list[str]:
        """The external-ID schemes some live entity uses, e.g. ["wikidata"]."""
        return self.suggest.schemes()

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
        if self.review is not None and resolution.status != Status.MATCHED:
            best = resolution.candidates[0] if resolution.candidates else None
            self.review.record(
                resolution.normalized,
                name,
                resolution.status,
                best.entity_id if best else None,
                best.score if best else None,
            )
