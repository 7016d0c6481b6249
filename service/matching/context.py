"""Country context: telling namesakes apart after scoring, without touching the scores.

Names alone cannot tell two towns called Tripoli apart. A caller often knows a country
(the story's, a spreadsheet column's) and the table may know an entity's countries. This
step runs on the ranked candidates before the decision, and only when the query carries
countries; without them nothing here runs and every answer is what it was:

- a candidate whose countries are known and share none with the query's *conflicts*: it
  is set aside, listed after the others and marked, never matched, and it is not the
  runner-up the decision compares the top with (a Tripoli in Libya does not make the one
  in Lebanon ambiguous to a caller who said Lebanon);
- a candidate with no countries is *neutral*: it may be in the query's country, so it stays
  in the comparison (a same-name neutral entity keeps the answer ambiguous);
- a candidate sharing a country *supports* the query; it gets no extra score: it wins a
  tie among namesakes because the others conflict and are set aside, not by a bonus.

Scores are never changed, so the thresholds calibrated without context keep their meaning.
The engine stays plain Python: countries are plain strings (ISO 3166-1 alpha-2 codes,
validated by the web layer and the store, not here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TypeVar

from service.matching.decision import AMBIGUOUS, MATCHED, NO_MATCH, Thresholds, decide

Countries = frozenset[str]
NO_COUNTRIES: Countries = frozenset()
SUPPORTS, CONFLICT, NEUTRAL = "supports", "conflict", "neutral"
T = TypeVar("T")


def evidence(query: Countries, entity: Countries) -> str:
    """How an entity's countries bear on a query's: supports, conflict or neutral."""
    if not query or not entity:
        return NEUTRAL
    return SUPPORTS if query & entity else CONFLICT


def set_aside(
    ranked: Sequence[T], query: Countries, countries_of: Callable[[T], Countries]
) -> tuple[list[T], list[T]]:
    """(kept, aside): the ranked candidates that do not conflict with the query's
    countries, and those that do, each in the order they came (best first)."""
    if not query:
        return list(ranked), []
    kept: list[T] = []
    aside: list[T] = []
    for item in ranked:
        (aside if evidence(query, countries_of(item)) == CONFLICT else kept).append(item)
    return kept, aside


CLEAR_OFF = 2.0  # a clear bar no score reaches (decision.Thresholds' own "off")
# A score of 1 is an alias equal to the query in its folded form; nothing else reaches it.
EXACT_SCORE = 1.0 - 1e-9
# The lead an exact, country-confirmed top needs over the best near spelling: the person
# margin (the largest but the places'), not fitted; 0.08-0.16 all gave the same answers.
EXACT_MARGIN = 0.16


def confirmed_exact(kept: Sequence[float], top_evidence: str) -> bool:
    """Whether the top kept candidate is the query's own spelling, in the query's country,
    ahead of every other kept candidate's near spelling by EXACT_MARGIN.

    Then the place margin (0.24) is too strict: it guards two fuzzy hits against each
    other, while here the caller wrote one entity's name exactly and said where it is, and
    the rival is a near spelling of another name in that country ("Dzerzhinsk", RU, 1.0
    against "Dzerzhinskiy", RU, 0.82). Without a country, or with a rival spelled as
    exactly, nothing changes: namesakes stay ambiguous. Measured by entity folds with
    --context: precision and absent-matched unchanged on every file; without the country
    condition the same rule cost the extra places 0.002 precision, so it is not taken.
    """
    if top_evidence != SUPPORTS or not kept or kept[0] < EXACT_SCORE:
        return False
    runner_up = kept[1] if len(kept) > 1 else 0.0
    return runner_up < EXACT_SCORE and kept[0] - runner_up >= EXACT_MARGIN


def decide_set_aside(
    kept: list[float],
    aside: list[float],
    thresholds: Thresholds,
    aside_review: float,
    top_blocked: bool = False,
    single_word: bool = False,
    other_given_name: bool = False,
) -> str:
    """The status when the query's countries set candidates aside (scores best first;
    ``thresholds`` are those of the top kept candidate's type).

    The kept top is matched when it passes the ordinary bar against the kept runner-up
    only (the set-aside namesake is no rival), or when today's decision, with the
    set-aside candidates still in the field, matches it anyway. The clear bar ("far
    ahead of everything else") is not taken from the kept candidates alone: with the rest
    set aside, a middling score would be far ahead of nothing, which says the table has no
    other candidate in that country, not that this one is the name (an absent name of a
    known country matched its one fellow-national at 0.6).
    A set-aside candidate is never matched; one that reaches the review bar of its type
    makes the answer at least ambiguous, for a curator to look at.
    """
    flags = (top_blocked, single_word, other_given_name)
    status = NO_MATCH
    if kept:
        narrow = replace(thresholds, clear_match=CLEAR_OFF, clear_margin=CLEAR_OFF)
        status = decide(kept, narrow, *flags)
        if status != MATCHED:
            field = [kept[0], *sorted(kept[1:] + aside, reverse=True)]
            status = decide(field, thresholds, *flags)
    if status == NO_MATCH and aside and aside[0] >= aside_review:
        status = AMBIGUOUS
    return status


def explanation(query: Countries, entity: Countries) -> dict[str, object]:
    """The country evidence as `explain` shows it."""
    return {
        "query": sorted(query),
        "entity": sorted(entity),
        "evidence": evidence(query, entity),
    }


class CountrySets:
    """Each entity's countries, one shared frozenset per distinct set: a million entities
    of a few hundred countries hold a few thousand sets, not a million."""

    def __init__(self) -> None:
        self.by_entity: dict[str, Countries] = {}
        self._interned: dict[Countries, Countries] = {}

    def set(self, entity_id: str, countries: Iterable[str]) -> None:
        codes = frozenset(countries)
        if not codes:
            self.by_entity.pop(entity_id, None)
            return
        self.by_entity[entity_id] = self._interned.setdefault(codes, codes)

    def drop(self, entity_id: str) -> None:
        self.by_entity.pop(entity_id, None)

    def get(self, entity_id: str | None) -> Countries:
        return self.by_entity.get(entity_id or "", NO_COUNTRIES)
