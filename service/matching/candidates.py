"""From retrieved aliases to candidates: each entity's best alias scored exactly for the
few that can lead (upper bounds skip the rest), the disagreement verdict on the top, and a
candidate with its explanation. The Engine (engine.py) is made of this and retrieval.py.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from operator import itemgetter
from types import ModuleType

from service.matching import context, disagreement, given_initial
from service.matching.decision import MATCHED
from service.matching.explanations import explain_pair, keys_json
from service.matching.index import AliasIndex
from service.matching.keys import NameKeys, build_keys
from service.matching.prescore import shortlist
from service.matching.retrieval import Best
from service.matching.scoring import QueryScorer
from service.matching.shapes import AliasShape, Word, shape_of_slot

SPELLING, JOINED_OR_SPLIT, ACRONYM = "spelling", "words joined or split", "acronym"
How = tuple[str, QueryScorer, NameKeys]  # matched by, its scorer and its keys
# an alias's bound, slot, shape, entity, kind, alignment's bound, words and alignment (or
# -1.0 where only the words are at hand: `_score` aligns them if the bounds let it through)
Bounded = tuple[float, int, AliasShape, int, str, float, list[Word], float]


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
    country_conflict: bool = False  # set aside by the query's countries (context.py)


@dataclass(frozen=True)
class Resolution:
    """The answer for one name: status, its normalised form and ranked candidates."""

    status: str
    normalized: str
    candidates: list[Candidate] = field(default_factory=list)
    other_given_name: bool = False  # the top alias has another given name (decision.decide)
    disagreement: str = ""  # the rule that held the top back from `matched` (disagreement.py)

    @property
    def match(self) -> Candidate | None:
        return self.candidates[0] if self.status == MATCHED and self.candidates else None


class CandidateScoring:
    """The Engine's scoring of retrieved aliases into candidates."""

    index: AliasIndex
    countries: context.CountrySets
    runs_compiled: Callable[[], bool]  # (Retrieval's: whether the table is large)

    def _verdict(
        self, name: str, entity: int, best: Best, how: Mapping[int, How], scorer: QueryScorer
    ) -> str:
        """Why disagreeing words forbid matching this entity via its best alias, or ""."""
        matched_by, top_scorer = how[entity][:2] if entity in how else (SPELLING, scorer)
        return self._disagreement(top_scorer, entity, best[1], name, matched_by).verdict

    def _disagreement(
        self, scorer: QueryScorer, entity: int, slot: int, raw: str, matched_by: str
    ) -> disagreement.Disagreement:
        """The pair's disagreement (disagreement.py), and for a person whose given initial
        the entity's given names contradict (given_initial.py), that verdict."""
        tids, kind = self.index.alias_token_ids(slot), self.index.entity_types[entity]
        found = disagreement.of_pair(scorer, tids, kind, raw, matched_by == ACRONYM)
        if found.verdict or kind != "person" or matched_by == ACRONYM:
            return found
        if given_initial.contradicts_entity(scorer, self.index, entity, slot):
            return replace(found, verdict=given_initial.OTHER_INITIAL)
        return found

    def _score(
        self,
        scorer: QueryScorer,
        slots: list[int],
        keep: int,
        script: str | None = None,
        counted: Callable[[int], bool] | None = None,
    ) -> dict[int, Best]:
        """Best (score, slot) per entity, exact for the `keep` best entities (of those
        ``counted``: entities a query's countries set aside never raise the bar, so the
        namesake in the query's country is scored exactly however many rank above it).

        Aliases are scored in order of their upper bound; one whose bound cannot beat its
        entity's best, or the keep-th best entity, is skipped, and so is everything after.
        A second, tighter bound with the real string features skips more without changing
        the order (so ties still go to the same alias) or any score that is returned.
        Aliases of one entity with the same words score the same: of those, one written in
        the query's ``script`` is the one shown ("Krim" matched "Krim", not "Крим").
        Before any of that, a vectorised pre-score (prescore.py) leaves out the retrieved
        aliases that neither retrieval nor whole-name likeness puts near the top.
        """
        index = self.index
        alias_entity, entity_types = index.alias_entity, index.entity_types
        entries: list[tuple[int, AliasShape, int, str]] = []  # slot, shape, entity, kind
        seen: dict[tuple[int, tuple[int, ...]], int] = {}  # -> its position in entries
        of_slot = {slot: shape_of_slot(index, slot) for slot in slots}
        forms = [shape.spaced for shape in of_slot.values()]
        kept = shortlist(scorer.q_spaced, list(of_slot), forms, keep)
        scorer.learn([tid for slot in kept for tid in of_slot[slot].tids])
        for slot in kept:
            shape = of_slot[slot]
            entity = alias_entity[slot]
            same_words = (entity, shape.tids)
            twin = seen.get(same_words)
            if twin is not None:  # an earlier alias of its entity has the same words: same
                # score; the earlier one stands unless only this one is in the query's script
                held_slot = entries[twin][0]
                if script and script_of(index.alias_names[slot]) == script != script_of(
                    index.alias_names[held_slot]
                ):
                    entries[twin] = (slot, *entries[twin][1:])
                continue
            seen[same_words] = len(entries)
            entries.append((slot, shape, entity, entity_types[entity]))
        bounded = self._bounded(scorer, entries)
        bounded.sort(key=itemgetter(0), reverse=True)  # stable: ties stay in slot order
        best: dict[int, Best] = {}
        floor = -1.0
        string_ratios, string_bound, combine = (
            scorer.string_ratios, scorer.string_bound, scorer.combine,
        )  # fmt: skip
        align_words = scorer.align_words
        for upper, slot, shape, entity, kind, aligned_upper, words, aligned in bounded:
            if upper < floor:
                break
            held = best.get(entity)
            if held is not None and upper <= held[0]:
                continue
            ratios = string_ratios(shape)
            tight = string_bound(aligned_upper, ratios)
            if tight < floor or (held is not None and tight <= held[0]):
                continue  # would score below the floor or its entity's best: no change
            if aligned < 0.0:  # (not aligned yet: see _bounded)
                aligned = align_words(words, shape, kind)[0]
            score = combine(aligned, ratios)
            if held is None or score > held[0]:
                best[entity] = (score, slot)
                if counted is not None:
                    if counted(entity):
                        floor = _floor(best, keep, counted, floor)
                elif len(best) >= keep:
                    floor = sorted([v[0] for v in best.values()], reverse=True)[keep - 1]
        return best

    def _bounded(
        self, scorer: QueryScorer, entries: list[tuple[int, AliasShape, int, str]]
    ) -> list[Bounded]:
        """Each alias's bounds (QueryScorer.word_bounds), with its words for the alignment
        `_score` may ask of it, or on a large table (Retrieval.runs_compiled) that
        alignment already done, with the bounds, in one compiled call (compiled_scores.py)."""
        if not self.runs_compiled():
            words_of, word_bounds = scorer.words_of, scorer.word_bounds
            bounded = []
            for slot, shape, entity, kind in entries:
                words = words_of(shape.tids)
                upper, aligned_upper = word_bounds(words, shape.edges, kind)
                bounded.append((upper, slot, shape, entity, kind, aligned_upper, words, -1.0))
            return bounded
        found = compiled_scores().bounds_and_alignments(
            scorer, [shape.tids for _, shape, _, _ in entries], [e[3] for e in entries]
        )
        return [
            (upper, slot, shape, entity, kind, aligned_upper, [], aligned)
            for (slot, shape, entity, kind), (upper, aligned_upper, aligned) in zip(
                entries, found, strict=True
            )
        ]

    def _candidate(
        self,
        entity: int,
        score: float,
        slot: int,
        matched_by: str,
        scorer: QueryScorer,
        keys: NameKeys,
        explain: bool,
        asked: context.Countries = context.NO_COUNTRIES,
        conflict: bool = False,
        raw: str = "",
    ) -> Candidate:
        index = self.index
        alias_key = index.alias_keys[slot]
        explanation = None
        if explain:
            kind = index.entity_types[entity]
            pair = explain_pair(scorer, index.alias_token_ids(slot), kind)
            alias_name = index.alias_names[slot] or ""
            explanation = {
                "alias": alias_name,
                "matched_by": matched_by,
                "query_normalized": keys.folded,
                "query_compared": " ".join(t.text for t in keys.tokens),
                "alias_normalized": build_keys(alias_name).folded,
                "query_keys": keys_json(keys.tokens),
                "alias_keys": keys_json(index.alias_tokens(slot)),
                "alignment": pair.alignment,
                "components": {k: round(v, 4) for k, v in pair.components.items()},
                "disagreement": self._disagreement(scorer, entity, slot, raw, matched_by).as_json(),
                "score": round(score, 4),
                "country": context.explanation(asked, self.countries.get(index.entity_ids[entity])),
            }
        return Candidate(
            entity_id=index.entity_ids[entity] or "",
            name=index.entity_names[entity],
            entity_type=index.entity_types[entity],
            score=round(score, 4),
            matched_alias=index.alias_names[slot] or "",
            alias_key=alias_key,  # type: ignore[arg-type]
            explanation=explanation,
            country_conflict=conflict,
        )

    def _counted(self, asked: context.Countries) -> Callable[[int], bool] | None:
        """Which entities count towards scoring's bar: without countries, all (None)."""
        if not asked:
            return None
        entity_ids, countries = self.index.entity_ids, self.countries
        return lambda entity: (
            context.evidence(asked, countries.get(entity_ids[entity])) != (context.CONFLICT)
        )

    def _countries_of(self, ranked_item: tuple[int, Best]) -> context.Countries:
        return self.countries.get(self.index.entity_ids[ranked_item[0]])


def script_of(text: str | None) -> str | None:
    """The script of a name's first letter ("LATIN", "CYRILLIC", "ARABIC"...), from its
    Unicode character name: enough to tell which of two equal aliases reads like the query."""
    for char in text or "":
        if char.isalpha():
            return unicodedata.name(char, "").partition(" ")[0] or None
    return None


def _floor(best: dict[int, Best], keep: int, counted: Callable[[int], bool], floor: float) -> float:
    """The keep-th best score among the counted entities, or the bar as it was."""
    scores = sorted((v[0] for e, v in best.items() if counted(e)), reverse=True)
    return scores[keep - 1] if len(scores) >= keep else floor


def compiled_scores() -> ModuleType:
    """compiled_scores.py, imported (numba with it) the first time a table is large enough."""
    return importlib.import_module("service.matching.compiled_scores")
