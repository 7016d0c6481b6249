"""What `explain` shows of a candidate: the pair's score with its components, the word
alignment with each pair's similarity and weight, and the keys of both names. Off the
hot path: it runs for the candidates shown, with scoring.py's reference arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from service.matching.alignment import initial_pair
from service.matching.keys import TokenKeys
from service.matching.scoring import QueryScorer
from service.matching.shapes import alias_shape


@dataclass
class PairScore:
    """A scored (query, alias) pair with what the explanation needs."""

    score: float
    components: dict[str, float]
    alignment: list[dict[str, object]] = field(default_factory=list)


def explain_pair(
    scorer: QueryScorer, tids: Sequence[int], entity_type: str, detail: bool = True
) -> PairScore:
    """The score of a (query, alias) pair with its components and, if asked, the word
    alignment: what ``explain`` shows of a candidate."""
    shape = alias_shape(tids, scorer.vocab)
    aligned, pairs = scorer.align_shape(shape, entity_type)
    folded, joined = scorer.string_ratios(shape)
    score = scorer.combine(aligned, (folded, joined))
    if not detail:
        return PairScore(score, {})
    components = {"token_alignment": aligned, "folded_ratio": folded, "joined_ratio": joined}
    alias = [scorer.vocab[t] for t in tids]
    surname = shape.names[-1] if shape.names else -1  # (as align_words: a middle initial
    person = entity_type == "person"  # beside a person's word that is not the surname)
    wq, initial = scorer.wq, [(flag and person) for flag in scorer.initials]
    shown: list[dict[str, object]] = [
        {
            "query": scorer.query[i].text,
            "alias": alias[j].text,
            "similarity": round(sim, 3),
            "weight": round(
                _pair_weight(wq[i], scorer.word(tids[j]).weight, initial[i] and j != surname), 3
            ),
        }
        for i, j, sim in pairs
    ]
    return PairScore(score, components, shown)


def _pair_weight(query: float, alias: float, in_full: bool) -> float:
    """What a shown pair weighs, as QueryScorer.align_words weighs it (half: one word's)."""
    return (initial_pair(query, alias, 1.0, True)[0] if in_full else query + alias) / 2


def keys_json(tokens: Iterable[TokenKeys]) -> list[dict[str, str]]:
    return [
        {"token": t.text, "phonetic": t.phon, "skeleton": t.skel, "role": t.role} for t in tokens
    ]
