"""Thresholds that turn ranked candidates into matched / ambiguous / no_match.

Calibration procedure (re-run `python -m service.evaluate FILE --calibrate` after any
change to normalisation, keys or scoring):

1. Split entities by a salted SHA-256 of their key into *tune* and *check* halves, and
   within each by a second hash into present (aliases indexed) and absent entities.
2. On the tune half only, resolve every held-out name and record the top score, the
   margin to the runner-up entity and whether the top entity is right.
3. Grid-search `match` and `margin`: keep pairs whose auto-matches have precision
   >= 0.995 and whose absent-entity match rate is <= 0.5 %, then take the one with the
   most right auto-matches. The targets are 0.99 and 1 %: the gap is the safety margin
   for unseen data. `review` is the lowest score at which a right top-1 is still common.
4. Confirm on the check half; numbers there are the honest estimate.

A wrong confident match is the worst outcome, so ties and near-ties go to "ambiguous".
"""

from __future__ import annotations

from dataclasses import dataclass

MATCHED = "matched"
AMBIGUOUS = "ambiguous"
NO_MATCH = "no_match"


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the score in [0, 1]."""

    match: float = 0.86  # "Sergei Verkhinin" ~ "Sergei Vershinin" scores ~0.9: matched
    margin: float = 0.08  # "Asad KHAN" vs two Khans: a near-tie is never auto-matched
    review: float = 0.55  # "Ash-Sharara" alone still shows "Ahmad al-Sharaa" for review


def decide(
    scores: list[float],
    thresholds: Thresholds,
    top_blocked: bool = False,
) -> str:
    """Status from entity scores sorted best first (one score per entity)."""
    if not scores or scores[0] < thresholds.review:
        return NO_MATCH
    runner_up = scores[1] if len(scores) > 1 else 0.0
    confident = scores[0] >= thresholds.match and scores[0] - runner_up >= thresholds.margin
    if confident and not top_blocked:
        return MATCHED
    return AMBIGUOUS
