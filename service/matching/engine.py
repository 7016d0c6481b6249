"""Engine.resolve(query) -> Resolution: retrieve candidates, score them, decide.

The steps are in their own modules, each a class the Engine is made of: retrieval.py
(which aliases to score) and candidates.py (scoring them, and the candidates shown).

Plain Python, no I/O and no framework: the web layer keeps one Engine per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from service.matching import candidates, compounds, context, retrieval
from service.matching.bulk_index import add_rows
from service.matching.bulk_keys import chunks_of_many
from service.matching.candidates import (
    ACRONYM,
    JOINED_OR_SPLIT,
    SPELLING,
    CandidateScoring,
    How,
    Resolution,
    script_of,
)
from service.matching.decision import (
    AMBIGUOUS,
    DEFAULT_THRESHOLDS,
    MATCHED,
    NO_MATCH,
    Thresholds,
    decide,
    thresholds_for,
)
from service.matching.index import AliasIndex
from service.matching.keys import NameKeys, build_keys
from service.matching.normalize import fold
from service.matching.retrieval import RETRIEVAL_WORDS as RETRIEVAL_WORDS
from service.matching.retrieval import Retrieval, _memo
from service.matching.scoring import QueryScorer

RERANK = 48  # aliases scored in full per query; retrieval ranks the rest away


AliasRow = tuple[int | str, str, str]  # alias key, entity ID, name


class Engine(Retrieval, CandidateScoring):
    """Entity resolution over an in-memory alias table."""

    def __init__(
        self,
        thresholds: Thresholds | Mapping[str, Thresholds] | None = None,
        rerank: int = RERANK,
        build_workers: int | None = None,
    ) -> None:
        """`build_workers`: processes that key a large bulk load (None: one per core, up
        to four; 0: none, all in this process)."""
        if isinstance(thresholds, Thresholds):
            thresholds = {"": thresholds}
        self.thresholds: Mapping[str, Thresholds] = thresholds or DEFAULT_THRESHOLDS
        self.rerank = rerank
        self.build_workers = build_workers
        self.index = AliasIndex()
        self.countries = context.CountrySets()

    def __len__(self) -> int:
        return len(self.index)

    # -- table maintenance ---------------------------------------------------------------
    def upsert_entity(
        self, entity_id: str, name: str, entity_type: str, countries: Iterable[str] = ()
    ) -> None:
        """Entity metadata only: its name becomes searchable only as an alias.
        ``countries``: ISO 3166-1 alpha-2 codes, the context a query's may agree with."""
        self.index.set_entity(entity_id, name, entity_type)
        self.countries.set(entity_id, countries)

    def add_alias(self, alias_key: int | str, entity_id: str, name: str) -> None:
        self.index.add(alias_key, entity_id, name, build_keys(name))

    def add_aliases(
        self,
        rows: Iterable[AliasRow],
        on_error: Callable[[AliasRow, Exception], None] | None = None,
    ) -> None:
        """Bulk load at start-up: same as add_alias per row, without per-call overhead;
        the keys of a large load are built on other cores meanwhile (bulk_keys.py).

        ``on_error``: a row that cannot be keyed or indexed is handed to it and left out,
        and the load goes on (the live index must not lose a million aliases to one bad
        record); without it the first such error is raised, as add_alias would.
        """
        rows = rows if isinstance(rows, list) else list(rows)
        chunks = chunks_of_many([name for _, _, name in rows], self.build_workers)
        add_rows(self.index, rows, chunks, on_error)

    def remove_alias(self, alias_key: int | str) -> None:
        self.index.remove(alias_key)

    def remove_entity(self, entity_id: str) -> None:
        self.index.drop_entity(entity_id)
        self.countries.drop(entity_id)

    def compile_if_large(self) -> None:
        """Compile the sums and the scores (compiled_sums.py, compiled_scores.py) once the
        table is large enough to use them, so that no query waits for numba (a few seconds,
        0.3 s from its cache): a server calls this before it forks its workers, and after
        applying writes."""
        if self.runs_compiled():
            retrieval.compiled().compile_now()
            candidates.compiled_scores().compile_now()

    def review_bar(self, entity_type: str) -> float:
        """The score below which a candidate of this type never reaches review: the web
        layer lists only candidates above it unless a caller asks for lower."""
        return thresholds_for(self.thresholds, entity_type).review

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
        countries: Collection[str] = (),
    ) -> Resolution:
        """Rank entities for `name`; see decision.py for what each status promises.
        ``countries``: the query's, if the caller knows them (see context.py)."""
        keys = build_keys(name or "")
        if not keys.tokens or len(self.index) == 0:
            return Resolution(NO_MATCH, keys.folded, [])
        slots = self.retrieve(keys, entity_type)
        index = self.index
        rarity = _memo(index.idf, index.idf_lookup())
        scorer = QueryScorer(keys.tokens, index.tokens, rarity, index.word_sims)
        asked = frozenset(countries)
        counted = self._counted(asked)
        best = self._score(scorer, slots, max(2, limit), script_of(name), counted)
        how: dict[int, How] = {}
        for variant in compounds.variants(keys, index):
            v_scorer = QueryScorer(variant.tokens, index.tokens, rarity, index.word_sims)
            v_slots = self.retrieve(variant, entity_type)
            v_best = self._score(v_scorer, v_slots, max(2, limit), counted=counted)
            for entity, (score, slot) in v_best.items():
                score *= compounds.VARIANT_FACTOR
                if entity not in best or score > best[entity][0]:
                    best[entity] = (score, slot)
                    how[entity] = (JOINED_OR_SPLIT, v_scorer, variant)
        for entity, (score, slot) in self._by_acronym(name, keys, entity_type).items():
            if entity not in best or score > best[entity][0]:
                best[entity] = (score, slot)
                how[entity] = (ACRONYM, scorer, keys)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        ranked, aside = context.set_aside(ranked, asked, self._countries_of)
        scores = [score for _, (score, _) in ranked]
        top_blocked = bool(ranked) and self.index.entity_ids[ranked[0][0]] in blocked
        top_type = self.index.entity_types[ranked[0][0]] if ranked else ""
        single = is_single_word(keys)
        other_given_name = False
        if top_type == "person":
            top, (_, top_slot) = ranked[0]
            top_scorer = how[top][1] if top in how else scorer
            other_given_name = top_scorer.misses_given_name(index.alias_token_ids(top_slot))
        thresholds = thresholds_for(self.thresholds, top_type)
        flags = (top_blocked, single, other_given_name)
        if aside:
            aside_scores = [score for _, (score, _) in aside]
            aside_type = self.index.entity_types[aside[0][0]]
            review = thresholds_for(self.thresholds, aside_type).review
            status = context.decide_set_aside(scores, aside_scores, thresholds, review, *flags)
        else:
            status = decide(scores, thresholds, *flags)
        if status == AMBIGUOUS and not top_blocked and asked and ranked:
            top_evidence = context.evidence(asked, self._countries_of(ranked[0]))
            if context.confirmed_exact(scores, top_evidence):
                status = MATCHED
        verdict = ""
        if status == MATCHED and ranked:  # a word that tells the two apart outweighs any score
            verdict = self._verdict(name, *ranked[0], how, scorer)
            status = AMBIGUOUS if verdict else status
        conflicting = {entity for entity, _ in aside}
        candidates = [
            self._candidate(
                entity, score, slot, *how.get(entity, (SPELLING, scorer, keys)), explain,
                asked, entity in conflicting, name,
            )
            for entity, (score, slot) in [*ranked, *aside][: max(0, limit)]
        ]  # fmt: skip
        return Resolution(status, keys.folded, candidates, other_given_name, verdict)


def is_single_word(keys: NameKeys) -> bool:
    """At most one name word: "Ahmad", "Ash-Sharara", "ZMDC" (see decision.decide)."""
    return sum(t.role == "name" for t in keys.tokens) <= 1
