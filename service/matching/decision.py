"""Thresholds that turn ranked candidates into matched / ambiguous / no_match.

How they are measured (`polyonym eval FILE... --folds 5`, service/evaluate):

1. `evaluate.build` splits entities by a salted SHA-256 of their key into present
   (aliases indexed, the other names are queries) and absent ones (every name must not
   match), and by another salted hash into K folds.
2. Every name is resolved once; its top score, the runner-up entity's score and whether
   the top entity is right are recorded.
3. Each fold in turn is held out: a fit (`evaluate.calibration.FITS`) sees the other
   folds, its decision is applied to the held-out fold, and the held-out figures, their
   spread over folds and a reliability table (score band -> observed precision) are
   printed. The default fit is "fixed": these thresholds as they stand. `--fit grid`
   searches `match` (0.60-0.99) and `margin` (0.06-0.24) per type of the top candidate,
   then a second bar (`clear_match`, `clear_margin`) for tops far ahead of their
   runner-up, maximising right auto-matches minus 100 x wrong ones (a matched absent
   name is a wrong one): the break-even of a 0.99 precision target.

The values below came from that grid search on half of the first two development files,
rounded towards caution where the optimum sat on a grid edge or on very few absent names
(organisation margin 0.06 -> 0.10); that half then guided rule changes, so only the
cross-validated figures of service/evaluate say how they do on names not seen.

Then other draws of the absent entities, which no rule had been looked at under, set two
bars (four draws, a quarter of the entities absent, queries sent with their type, pooled
over the three files; salted apart from the draws `polyonym eval --draws` makes, so those
stay unseen). Each bar closes a band where one match in five or more was wrong: a one-word
place name needs 0.75 (0.72-0.75: 130 wrong against 479 right), and the clear bar of
persons and organisations rose from 0.50 to 0.60 (below 0.60: 32 wrong against 48 right).
Four further draws, looked at only for their totals, moved as the first four did. A
person's lone name word was left alone: it went wrong as often as right ("AL-SHAMMARI" 0.92
to another Shammari), but "Putin" alone (0.87) and the article's "Ash-Sharara" must match,
and nothing in the table tells the two apart.

`review` (ambiguous vs no_match) does not move the four figures; it is set by hand so a
lone surname still reaches a curator and a shared given name alone does not.
A wrong confident match is the worst outcome, so ties and near-ties go to "ambiguous".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """A resolution's outcome. Each member is its string, so answers, the review queue and
    the evaluation serialise and compare it as the plain strings they always were."""

    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NO_MATCH = "no_match"


MATCHED, AMBIGUOUS, NO_MATCH = Status.MATCHED, Status.AMBIGUOUS, Status.NO_MATCH


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds on the score in [0, 1]."""

    match: float = 0.86  # "Sergei Verkhinin" ~ "Sergei Vershinin" scores ~0.9: matched
    margin: float = 0.08  # "Asad KHAN" vs two Khans: a near-tie is never auto-matched
    review: float = 0.5  # a lone family name (~0.53 to the full name) still reaches review;
    # a shared given name only ("Sergey Lavrov" vs "Sergey Vershinin", ~0.49) does not
    clear_match: float = 2.0  # a second, lower bar for a top far ahead of everything else
    clear_margin: float = 1.0  # (a top of 0.65 with its runner-up at 0.07; off: 2.0)
    clear_lone_word: bool = False  # the clear bar also serves one-word names (see decide)
    lone_word_match: float = 0.0  # a one-word name must also reach this (2.0: never matched)


# Per entity type (of the top candidate), from the grid search described above; "" is the
# fallback for other types.
DEFAULT_THRESHOLDS: dict[str, Thresholds] = {
    # A relative sharing the family name (0.72 to the table's person) waits. The clear bar
    # takes a full name far ahead of everything (0.67 alone, 0.60 vs 0.07); it never applies
    # to a lone name word ("Ahmad", ~0.67), see decide
    "person": Thresholds(match=0.70, margin=0.16, clear_match=0.6, clear_margin=0.36),
    # A name plus one extra word ~0.81. The clear bar takes a short name with its legal form
    # (0.65 vs 0.07) and one with a translated sector word
    "organization": Thresholds(
        match=0.79, margin=0.1, clear_match=0.6, clear_margin=0.36, clear_lone_word=True
    ),
    # homonyms (towns of one name in two countries) need margin; the clear bar (fitted
    # 0.53 / 0.20, the margin on its grid edge, raised to 0.55 / 0.25) takes a name with
    # an administrative word ahead of the rest (0.63 vs 0.32). One town name needs 0.75:
    # from 0.72 to 0.75 one match in five was wrong on draws 1-4 (module docstring)
    "place": Thresholds(
        match=0.72, margin=0.24, clear_match=0.55, clear_margin=0.25, lone_word_match=0.75
    ),
    "": Thresholds(match=0.86, margin=0.14),
}


def thresholds_for(table: Mapping[str, Thresholds], entity_type: str) -> Thresholds:
    """Thresholds of a type, else the table's fallback (key ""), else the defaults."""
    return table.get(entity_type) or table.get("") or Thresholds()


def decide(
    scores: list[float],
    thresholds: Thresholds,
    top_blocked: bool = False,
    single_word: bool = False,
    other_given_name: bool = False,
) -> str:
    """Status from entity scores sorted best first (one score per entity).

    The clear bar needs two name words unless the type allows one: a lone "Ahmad" (~0.67)
    or one town name (~0.72, a town not in the table) far ahead of everything else only
    says the table has one such spelling, not that this is it; and a one-word name must
    also reach the type's `lone_word_match`, whichever bar it cleared. Nor does it serve a person
    whose given name differs from the top alias's (`other_given_name`): a father far
    ahead of everyone but his son is not a clear son.
    """
    if not scores or scores[0] < thresholds.review:
        return NO_MATCH
    runner_up = scores[1] if len(scores) > 1 else 0.0
    top, gap = scores[0], scores[0] - runner_up
    clear = (
        (not single_word or thresholds.clear_lone_word)
        and not other_given_name
        and (top >= thresholds.clear_match and gap >= thresholds.clear_margin)
    )
    confident = (top >= thresholds.match and gap >= thresholds.margin) or clear
    if single_word and top < thresholds.lone_word_match:
        confident = False
    if confident and not top_blocked:
        return MATCHED
    return AMBIGUOUS
