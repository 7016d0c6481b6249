"""Decision parameters fitted on the tuning folds and applied to the held-out one.

A *fit* takes the recorded queries of the tuning folds and returns a `Decision`: a
thresholds table per entity type, or None for the engine's own decision as it stands
(`decision.DEFAULT_THRESHOLDS`, the statuses the engine already gave). Cross-validation
calls the fit once per fold and applies its answer to the held-out fold only, so a
parameter that issue #17 adds is measured on names that did not choose it. To add one,
write `fit_x(train) -> Decision`, register it in `FITS`, and run `--fit x`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from service.evaluate.dataset import Query
from service.matching.decision import (
    AMBIGUOUS,
    DEFAULT_THRESHOLDS,
    MATCHED,
    NO_MATCH,
    Thresholds,
    decide,
    thresholds_for,
)

Decision = Mapping[str, Thresholds] | None
Fit = Callable[[Sequence[Query]], Decision]
WRONG_COST = 100  # one wrong confident match costs as much as 100 right ones (precision 0.99)


def fit_fixed(train: Sequence[Query]) -> Decision:
    """Nothing fitted: the engine's fixed thresholds, whatever the tuning folds say."""
    return None


def fit_grid(train: Sequence[Query]) -> Decision:
    """Per-type thresholds grid-searched on the tuning folds (`calibrate_by_type`)."""
    return calibrate_by_type(list(train))


FITS: dict[str, Fit] = {"fixed": fit_fixed, "grid": fit_grid}


def apply_decision(queries: Sequence[Query], decision: Decision) -> list[Query]:
    """The queries with the statuses `decision` gives them (unchanged for None)."""
    if decision is None:
        return list(queries)
    return [replace(q, status=restatus(q, decision)) for q in queries]


def restatus(query: Query, table: Mapping[str, Thresholds]) -> str:
    """Status the engine would give this query under other thresholds."""
    scores = [query.score, query.runner_up] if query.top else []
    if query.top_conflict:  # never matched (service/matching/context.py)
        return (
            AMBIGUOUS
            if scores and scores[0] >= thresholds_for(table, query.top_type).review
            else NO_MATCH
        )
    status = decide(
        scores,
        thresholds_for(table, query.top_type),
        single_word=query.single_word,
        other_given_name=query.other_given_name,
    )
    # disagreeing words forbid a match whatever the bars (service/matching/disagreement.py)
    return AMBIGUOUS if status == MATCHED and query.disagreement else status


def calibrate(queries: list[Query], kept: Thresholds | None = None) -> Thresholds:
    """Grid search of match/margin on recorded scores.

    Maximises right auto-matches minus WRONG_COST per wrong one (a matched absent name is
    a wrong one); margins below 0.06 are not considered. A second bar for clear leads is
    searched once the first is fixed. What it does not search (`clear_lone_word`, the
    one-word bar `lone_word_match`) it keeps from `kept`, the type's defaults.
    """
    kept = kept or Thresholds()
    start = Thresholds(clear_lone_word=kept.clear_lone_word, lone_word_match=kept.lone_word_match)
    best, best_value = start, float("-inf")
    for match in [x / 100 for x in range(60, 100)]:
        for margin in [x / 100 for x in range(6, 25, 2)]:
            value = _value(queries, replace(best, match=match, margin=margin))
            if value > best_value:
                best, best_value = replace(best, match=match, margin=margin), value
    for clear_match in [x / 100 for x in range(50, int(best.match * 100))]:
        for clear_margin in [x / 100 for x in range(20, 61, 4)]:
            trial = replace(best, clear_match=clear_match, clear_margin=clear_margin)
            value = _value(queries, trial)
            if value > best_value:
                best, best_value = trial, value
    return best


def _value(queries: list[Query], thresholds: Thresholds) -> int:
    """Right auto-matches minus WRONG_COST per wrong one, under these thresholds."""
    hits = [q for q in queries if restatus(q, {"": thresholds}) == MATCHED]
    right = sum(q.present and q.top == q.entity for q in hits)
    return right - WRONG_COST * (len(hits) - right)


def calibrate_by_type(queries: list[Query]) -> dict[str, Thresholds]:
    """Thresholds per entity type, each fitted on queries whose top candidate has that type."""
    kinds = sorted({q.top_type for q in queries if q.top_type})
    return {
        k: calibrate([q for q in queries if q.top_type == k], thresholds_for(DEFAULT_THRESHOLDS, k))
        for k in kinds
    }
