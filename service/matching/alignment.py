"""Word alignment of a query to an alias, and what unaligned words cost.

Split from scoring.py so the scorer's hot loop and the rules it applies read apart:
the greedy one-to-one alignment, the cost table of words left without a partner, and
the two person-name rules (a lone surname, a missing given name).
"""

from __future__ import annotations

from collections.abc import Sequence

FIRM_ALIGNMENT = 0.8  # alignments this good vouch for word order ("Sultan ASAAD" is not
# "Ahmed SULTAN" in surname-first order just because "ahmad" ~ "asaad" at 0.6)
# Share of an unaligned word's weight that still counts against the pair, by the type of
# the candidate entity. Person lists drop and add middle names all the time ("Dmitry
# BALABA" = "Dmitriy Vladimirovich BALABA"), first and last names far less, and a query
# word the alias lacks is stronger evidence than the reverse. An extra word in an
# organisation or place name usually means another entity ("STARS COMMUNICATIONS" vs
# "STARS COMMUNICATIONS OFFSHORE", "Zvenigorod" vs "Zvenigorodka").
UNMATCHED_COST = {
    "person": {
        ("query", "edge"): 1.0,  # "Hafez al-Assad" vs "Bashar al-Assad": "hafez" counts fully
        ("query", "middle"): 0.5,  # "Mehrez ben Taha AMDOUNI" vs "Mehrez AMDOUNI"
        ("alias", "edge"): 0.6,  # "Ash-Sharara" is a fair short form of "Ahmad al-Sharaa"
        ("alias", "middle"): 0.25,  # patronymics: "Nikolay [Nikolayevich] TRUSHCHALOV"
    },
    "other": {
        ("query", "edge"): 1.0,
        ("query", "middle"): 0.8,
        ("alias", "edge"): 0.9,  # "ANSAR AL-SHARIA" vs "ANSAR AL-SHARIAH BRIGADE"
        ("alias", "middle"): 0.7,
    },
}

INITIAL_FLOOR = 0.5  # scoring.CREDIT_FLOOR, which a pair's credit starts above
Pairs = list[tuple[int, int, float]]  # (query word, alias word, similarity)
Ranked = Sequence[tuple[float, int, int]]  # (-similarity, query word, alias word)


def align_ranked(found: list[tuple[float, int, int]]) -> Pairs:
    """Greedy one-to-one alignment, best pairs first: [(query_i, alias_j, sim)], from the
    candidate pairs (-sim, i, j), which it sorts in place."""
    if len(found) == 1:
        neg, i, j = found[0]
        return [(i, j, -neg)]
    found.sort()
    used_q: set[int] = set()
    used_a: set[int] = set()
    out = []
    for neg, i, j in found:
        if i not in used_q and j not in used_a:
            used_q.add(i)
            used_a.add(j)
            out.append((i, j, -neg))
    return out


def initial_pair(
    query_weight: float, alias_weight: float, sim: float, person: bool
) -> tuple[float, float]:
    """(weight, credit) of a pair whose query word is a middle initial. Beside a person's
    word that starts with its letter, it says no more than that letter: the pair agrees in
    full, at the initial's weight on both sides. Weighed at "Romanovich"'s weight and
    credited as a near-miss, "Eduard R. Lavrov" lost to a namesake "Eduard Lavrov", whose
    missing middle name costs only the initial's. Elsewhere it is any pair: a place's
    one-letter word is a syllable ("Chia-i"), not an initial. A given name's initial stays
    a near-miss (QueryScorer.initials leaves it out): given names tell people apart, and
    in full, "S. ibn Zeid al-Homsi" was `matched` to "Saleh bin Zaid al-Homsi" at 0.97."""
    if person:
        return 2.0 * min(query_weight, alias_weight), 1.0 if sim > INITIAL_FLOOR else 0.0
    credit = (sim - INITIAL_FLOOR) / (1.0 - INITIAL_FLOOR) if sim > INITIAL_FLOOR else 0.0
    return query_weight + alias_weight, credit


def unmatched_costs(
    names: Sequence[int], weights: list[float], out: list[float], side: str, entity_type: str
) -> list[float]:
    """What each word of one side costs if left unaligned, middle names at a discount."""
    costs = UNMATCHED_COST.get(entity_type, UNMATCHED_COST["other"])
    edge, middle = costs[(side, "edge")], costs[(side, "middle")]
    edges = (names[0], names[-1]) if names else ()
    for i, weight in enumerate(weights):
        out[i] = weight * (edge if i in edges else middle)
    return out


def is_lone_surname(q_names: Sequence[int], a_names: Sequence[int], pairs: Pairs) -> bool:
    """One query name word, firmly aligned to the alias's last name word (its surname).

    People are named by surname alone ("Ash-Sharara", "Putin"), hardly ever by a given
    name or kunya alone ("Abu JA'FAR" vs "Abu Jaafar SHAKRA").
    """
    if len(q_names) != 1 or len(a_names) < 2:
        return False
    return any(
        i == q_names[0] and j == a_names[-1] and sim >= FIRM_ALIGNMENT for i, j, sim in pairs
    )


def is_given_name_missing(
    q_names: Sequence[int], a_names: Sequence[int], pairs: Pairs, given_initial: int = -1
) -> bool:
    """True unless the first name words align with each other or in surname-first order.

    Catches a missing given name ("Hafez al-Assad" vs "Bashar Hafez al-Assad") and two
    different ones ("Ali Muhammad HAMSHO" vs "Amr Mohamed HAMSHO"). Both names need two or
    more name words, so a bare surname ("Ash-Sharara") is judged by coverage alone. A
    query whose given name is an initial (``given_initial``, its position, QueryScorer's)
    has none to agree on. With other name words ("M. Haitham Dawood") it is missing
    against every alias, so that "Mahmoud Haitham Daoud" and "Haitham Mounir Daoud" rank
    by their other words, and a letter never carries a `matched` (eight wrong ones in
    1,300 engine_bench queries). Before a lone surname ("V. Putin") it is left alone:
    holding an initial that stands for no given name against a namesake only widened the
    margin of the namesake whose initial agrees (two new wrong matches in the same queries).
    """
    if len(q_names) < 2 or len(a_names) < 2:
        return False
    if given_initial >= 0:
        return True
    q_to_a = {i: j for i, j, sim in pairs if sim >= FIRM_ALIGNMENT}
    a_to_q = {j: i for i, j, sim in pairs if sim >= FIRM_ALIGNMENT}
    q_first, q_last, a_first, a_last = q_names[0], q_names[-1], a_names[0], a_names[-1]
    in_order = q_to_a.get(q_first) == a_first
    surname_first = q_to_a.get(q_first) == a_last or a_to_q.get(a_first) == q_last
    return not (in_order or surname_first)
