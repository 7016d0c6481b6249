"""Engine.resolve(query) -> Resolution: retrieve candidates, score them, decide.

Plain Python, no I/O and no framework: the web layer keeps one Engine per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from service.matching.decision import (
    DEFAULT_THRESHOLDS,
    MATCHED,
    NO_MATCH,
    Thresholds,
    decide,
    thresholds_for,
)
from service.matching.index import AliasIndex
from service.matching.keys import NameKeys, TokenKeys, build_keys, skeleton
from service.matching.normalize import fold
from service.matching.scoring import QueryScorer

RERANK = 48  # aliases scored in full per query; retrieval ranks the rest away
RETRIEVAL_KEEP = 0.35  # ...and only those with a third of the best retrieval evidence:
# an alias sharing just "muhammad" with "Muhammad al-Shaibani" is no runner-up
COMMON_SHARE = 0.02  # keys in more than 2 % of aliases ("al", "muhammad") do not retrieve


Best = tuple[float, int]  # an entity's best score and the alias slot that earned it


@dataclass(frozen=True)
class Candidate:
    """One entity proposed for a name, via its best-scoring alias."""

    entity_id: str
    name: str
    entity_type: str
    score: float
    matched_alias: str
    alias_key: int | str
    explanation: dict[str, object] | None = None


@dataclass(frozen=True)
class Resolution:
    """The answer for one name: status, its normalised form and ranked candidates."""

    status: str
    normalized: str
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def match(self) -> Candidate | None:
        return self.candidates[0] if self.status == MATCHED and self.candidates else None


class Engine:
    """Entity resolution over an in-memory alias table."""

    def __init__(
        self,
        thresholds: Thresholds | Mapping[str, Thresholds] | None = None,
        rerank: int = RERANK,
    ) -> None:
        if isinstance(thresholds, Thresholds):
            thresholds = {"": thresholds}
        self.thresholds: Mapping[str, Thresholds] = thresholds or DEFAULT_THRESHOLDS
        self.rerank = rerank
        self.index = AliasIndex()

    def __len__(self) -> int:
        return len(self.index)

    # -- table maintenance ---------------------------------------------------------------
    def upsert_entity(self, entity_id: str, name: str, entity_type: str) -> None:
        """Entity metadata only: its name becomes searchable only as an alias."""
        self.index.set_entity(entity_id, name, entity_type)

    def add_alias(self, alias_key: int | str, entity_id: str, name: str) -> None:
        self.index.add(alias_key, entity_id, name, build_keys(name))

    def add_aliases(self, rows: Iterable[tuple[int | str, str, str]]) -> None:
        """Bulk load at start-up: same as add_alias per row, without per-call overhead."""
        add, keys = self.index.add, build_keys
        for alias_key, entity_id, name in rows:
            add(alias_key, entity_id, name, keys(name))

    def remove_alias(self, alias_key: int | str) -> None:
        self.index.remove(alias_key)

    def remove_entity(self, entity_id: str) -> None:
        self.index.drop_entity(entity_id)

    def normalize(self, name: str) -> str:
        """Form shown in responses: "Ahmed Ash-Sharara" -> "ahmed ash sharara".

        Only the folding step of build_keys: callers (duplicate checks, judgements, bulk
        import) normalise far more names than they resolve.
        """
        return fold(name or "")

    # -- resolution --------------------------------------------------------------------------
    def resolve(
        self,
        name: str,
        entity_type: str | None = None,
        limit: int = 5,
        explain: bool = False,
        blocked: Collection[str] = (),
    ) -> Resolution:
        """Rank entities for `name`; see decision.py for what each status promises."""
        keys = build_keys(name or "")
        if not keys.tokens or len(self.index) == 0:
            return Resolution(NO_MATCH, keys.folded, [])
        slots = self.retrieve(keys, entity_type)
        index = self.index
        scorer = QueryScorer(keys.tokens, index.tokens, _memo(index.idf), index.word_sims)
        best = self._score(scorer, slots, max(2, limit))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        scores = [score for _, (score, _) in ranked]
        top_blocked = bool(ranked) and self.index.entity_ids[ranked[0][0]] in blocked
        top_type = self.index.entity_types[ranked[0][0]] if ranked else ""
        single = is_single_word(keys)
        status = decide(scores, thresholds_for(self.thresholds, top_type), top_blocked, single)
        candidates = [
            self._candidate(entity, score, slot, scorer, keys, explain)
            for entity, (score, slot) in ranked[: max(0, limit)]
        ]
        return Resolution(status, keys.folded, candidates)

    def _score(self, scorer: QueryScorer, slots: list[int], keep: int) -> dict[int, Best]:
        """Best (score, slot) per entity, exact for the `keep` best entities.

        Aliases are scored in order of their upper bound; one whose bound cannot beat its
        entity's best, or the keep-th best entity, is skipped, and so is everything after.
        """
        index = self.index
        bounded = []
        for slot in slots:
            tids = index.alias_token_ids(slot)
            entity = index.alias_entity[slot]
            kind = index.entity_types[entity]
            bounded.append((scorer.bound(tids, kind), slot, tids, entity, kind))
        bounded.sort(key=lambda b: -b[0])
        best: dict[int, Best] = {}
        floor = -1.0
        for upper, slot, tids, entity, kind in bounded:
            if upper < floor:
                break
            held = best.get(entity)
            if held is not None and upper <= held[0]:
                continue
            score = scorer.score(tids, kind)
            if held is None or score > held[0]:
                best[entity] = (score, slot)
                if len(best) >= keep:
                    floor = sorted((v[0] for v in best.values()), reverse=True)[keep - 1]
        return best

    def retrieve(self, keys: NameKeys, entity_type: str | None) -> list[int]:
        """Top alias slots by summed rarity of shared (or near) skeleton keys."""
        index = self.index
        tokens = [t for t in keys.tokens if t.role == "name"] or list(keys.tokens)
        common = max(1000, int(COMMON_SHARE * len(index)))
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for token in tokens:
            found = index.neighbours(token.skel)
            if token.bare:
                found = found + index.neighbours(skeleton(token.bare))
            for kid, sim in found:
                df = index.kid_df[kid]
                if df == 0 or (df > common and len(tokens) > 1):
                    continue
                posting = np.array(index.postings[kid], dtype=np.int32)
                ids.append(posting)
                weights.append(np.full(len(posting), sim * index.idf(index.kid_skel[kid])))
        if not ids:
            return []
        uniq, inverse = np.unique(np.concatenate(ids), return_inverse=True)
        totals = np.bincount(inverse, weights=np.concatenate(weights))
        order = _top_order(totals, 4 * self.rerank)
        wanted = None if entity_type is None else index.type_codes.get(entity_type, -1)
        floor = RETRIEVAL_KEEP * float(totals.max())
        out: list[int] = []
        for pos in order:
            if totals[pos] < floor:
                break
            slot = int(uniq[pos])
            if not index.is_live(slot):
                continue
            if wanted is not None and index.entity_type_code[index.alias_entity[slot]] != wanted:
                continue
            out.append(slot)
            if len(out) >= self.rerank:
                break
        return out

    def _candidate(
        self,
        entity: int,
        score: float,
        slot: int,
        scorer: QueryScorer,
        keys: NameKeys,
        explain: bool,
    ) -> Candidate:
        index = self.index
        alias_key = index.alias_keys[slot]
        explanation = None
        if explain:
            kind = index.entity_types[entity]
            pair = scorer.explain(index.alias_token_ids(slot), kind)
            alias_name = index.alias_names[slot] or ""
            explanation = {
                "alias": alias_name,
                "query_normalized": keys.folded,
                "alias_normalized": build_keys(alias_name).folded,
                "query_keys": _keys_json(keys.tokens),
                "alias_keys": _keys_json(index.alias_tokens(slot)),
                "alignment": pair.alignment,
                "components": {k: round(v, 4) for k, v in pair.components.items()},
                "score": round(score, 4),
            }
        return Candidate(
            entity_id=index.entity_ids[entity] or "",
            name=index.entity_names[entity],
            entity_type=index.entity_types[entity],
            score=round(score, 4),
            matched_alias=index.alias_names[slot] or "",
            alias_key=alias_key,  # type: ignore[arg-type]
            explanation=explanation,
        )


def is_single_word(keys: NameKeys) -> bool:
    """At most one name word: "Ahmad", "Ash-Sharara", "ZMDC" (see decision.decide)."""
    return sum(t.role == "name" for t in keys.tokens) <= 1


def _memo(func: Callable[[str], float]) -> Callable[[str], float]:
    """Per-call memo of a rarity lookup (the table may change between calls)."""
    seen: dict[str, float] = {}

    def lookup(key: str) -> float:
        value = seen.get(key)
        if value is None:
            value = seen[key] = func(key)
        return value

    return lookup


def _top_order(totals: np.ndarray, k: int) -> Iterator[int]:
    """Positions by total, best first: the top k cheaply, the rest only if asked for."""
    if len(totals) <= k:
        yield from np.argsort(-totals, kind="stable").tolist()
        return
    head = np.argpartition(-totals, k)[:k]
    yield from head[np.lexsort((head, -totals[head]))].tolist()
    rest = np.setdiff1d(np.arange(len(totals)), head, assume_unique=True)
    yield from rest[np.argsort(-totals[rest], kind="stable")].tolist()


def _keys_json(tokens: Iterable[TokenKeys]) -> list[dict[str, str]]:
    return [
        {"token": t.text, "phonetic": t.phon, "skeleton": t.skel, "role": t.role} for t in tokens
    ]
