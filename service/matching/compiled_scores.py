"""The bounds and word alignments of the aliases a query scores exactly, in one compiled
call (numba), on the tables large enough for compiled_sums.py.

After retrieval and the pre-score, `CandidateScoring._score` bounds each kept alias
(`QueryScorer.word_bounds`) and aligns those that can still lead (`align_words`): a Python
loop over each alias's words and their pairs with the query, a few dozen aliases a query.
Here the same arithmetic runs over arrays: each distinct word's similarities to the query
words and its weight (from the scorer's own `Word`s: the similarities are computed once, by
the same code), and each alias as the words it is made of. Every sum is added up in the
Python's order and the pairs come out of the same greedy alignment in the same order, so
the floats are the scorer's, bit for bit; scoring.py stays the reference (explanations use
it) and the tests hold the two equal. Every alias is aligned here, not only those the
bounds let through: aligning all costs less than the Python's choosing would.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from service.matching.alignment import FIRM_ALIGNMENT, INITIAL_FLOOR
from service.matching.compiled_sums import compiled_function
from service.matching.scoring import (
    ALIGNMENT_WEIGHT,
    BOUND_SLACK,
    CREDIT_FLOOR,
    CREDIT_SPAN,
    GIVEN_NAME_PENALTY,
    LONE_SURNAME_COST,
    NO_PARTNER_BOUND,
    SINGLE_NAME_FACTOR,
    STRING_WEIGHTS,
    QueryScorer,
)

UPPER, ALIGNED_UPPER, ALIGNED = 0, 1, 2  # the columns of what `bounds_and_alignments` gives
OTHER, PERSON = 0, 1  # rows of the per-kind costs: UNMATCHED_COST's two tables
INITIAL_SPAN = 1.0 - INITIAL_FLOOR  # (alignment.initial_pair's divisor)


@compiled_function
def _word_credits(  # pragma: no cover (runs as machine code; tested through the wrapper)
    sims: np.ndarray, weights: np.ndarray, initials: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each word's credit per query word, its best credit and weight * best: what
    `QueryScorer._word` keeps in a Word (credits, best, covered)."""
    words, nq = sims.shape
    credits = np.zeros((words, nq))
    best = np.zeros(words)
    covered = np.zeros(words)
    for w in range(words):
        top = 0.0
        for i in range(nq):
            sim = sims[w, i]
            if sim > CREDIT_FLOOR:
                gained = 1.0 if initials[i] else (sim - CREDIT_FLOOR) / CREDIT_SPAN
                credits[w, i] = gained
                if gained > top:
                    top = gained
        best[w] = top
        covered[w] = weights[w] * top
    return credits, best, covered


@compiled_function
def _bounds_and_alignments(  # pragma: no cover (machine code; tested through the wrapper)
    sims: np.ndarray,
    weights: np.ndarray,
    is_name: np.ndarray,
    alias_words: np.ndarray,
    starts: np.ndarray,
    person: np.ndarray,
    wq: np.ndarray,
    initials: np.ndarray,
    q_names: np.ndarray,
    q_lost: np.ndarray,
    costs: np.ndarray,
    flags: np.ndarray,
) -> np.ndarray:
    """Per alias: `word_bounds` (the score's bound, the alignment's) and `align_words`'s
    score, in the scorer's arithmetic (scoring.py; the rules are alignment.py's)."""
    credits, best, covered_by = _word_credits(sims, weights, initials)
    nq = len(wq)
    q_single, given = flags[0] == 1, flags[1]
    out = np.zeros((len(starts) - 1, 3))
    best_q = np.zeros(nq)
    for a in range(len(starts) - 1):
        ws = alias_words[starts[a] : starts[a + 1]]
        k, kind = len(ws), person[a]
        is_person = kind == PERSON
        edge, middle = costs[kind, 0], costs[kind, 1]
        names = np.empty(k, np.int64)
        n_names = 0
        for j in range(k):
            if is_name[ws[j]]:
                names[n_names] = j
                n_names += 1
        e0 = names[0] if n_names else -1
        e1 = names[n_names - 1] if n_names else -1
        # -- word_bounds
        covered = lost = 0.0
        partnered = 0
        for j in range(k):
            w = ws[j]
            if best[w] > 0.0:
                covered += covered_by[w]
                for i in range(nq):
                    if partnered == 0 or credits[w, i] > best_q[i]:
                        best_q[i] = credits[w, i]
                partnered += 1
            else:
                lost += weights[w] * (edge if (j in (e0, e1)) else middle)
        if covered == 0.0:
            out[a, UPPER], out[a, ALIGNED_UPPER] = NO_PARTNER_BOUND, 0.0
        else:
            if is_person and len(q_names) == 1:
                lost *= LONE_SURNAME_COST
            for i in range(nq):
                if best_q[i] > 0.0:
                    covered += wq[i] * best_q[i]
                else:
                    lost += q_lost[kind, i]
            upper = covered / (covered + lost)
            out[a, UPPER] = min(1.0, ALIGNMENT_WEIGHT * upper + STRING_WEIGHTS + BOUND_SLACK)
            out[a, ALIGNED_UPPER] = upper
        out[a, ALIGNED] = _aligned(
            sims, weights, credits, ws, names[:n_names], is_person, wq, initials, q_names,
            q_lost[kind], edge, middle, q_single, given,
        )  # fmt: skip
    return out


@compiled_function
def _aligned(  # pragma: no cover (machine code; tested through the wrapper)
    sims: np.ndarray,
    weights: np.ndarray,
    credits: np.ndarray,
    ws: np.ndarray,
    a_names: np.ndarray,
    person: bool,
    wq: np.ndarray,
    initials: np.ndarray,
    q_names: np.ndarray,
    q_lost: np.ndarray,
    edge: float,
    middle: float,
    q_single: bool,
    given: int,
) -> float:
    """`QueryScorer.align_words`'s score of one alias: the greedy one-to-one alignment of
    the pairs (-similarity, query word, alias word) in ascending order (align_ranked),
    then the weights, the costs of the words left out and the two person rules."""
    nq, k = len(wq), len(ws)
    found = 0
    for j in range(k):
        for i in range(nq):
            if sims[ws[j], i] > 0.0:
                found += 1
    negs = np.empty(found)
    ties = np.empty(found, np.int64)  # (query word, alias word): the order among equals
    pair_q = np.empty(found, np.int64)
    pair_a = np.empty(found, np.int64)
    n = 0
    for j in range(k):
        for i in range(nq):
            if sims[ws[j], i] > 0.0:
                negs[n], ties[n], pair_q[n], pair_a[n] = -sims[ws[j], i], i * k + j, i, j
                n += 1
    by_words = np.argsort(ties, kind="mergesort")
    order = by_words[np.argsort(negs[by_words], kind="mergesort")]
    used_q = np.zeros(nq, np.bool_)
    used_a = np.zeros(k, np.bool_)
    aligned_q = np.empty(min(nq, k), np.int64)
    aligned_a = np.empty(min(nq, k), np.int64)
    aligned_sim = np.empty(min(nq, k))
    pairs = 0
    for p in order:
        i, j = pair_q[p], pair_a[p]
        if not used_q[i] and not used_a[j]:
            used_q[i] = used_a[j] = True
            aligned_q[pairs], aligned_a[pairs], aligned_sim[pairs] = i, j, -negs[p]
            pairs += 1
    first_name = a_names[0] if len(a_names) else -1  # the edges (AliasShape.edges)
    surname = a_names[-1] if len(a_names) else -1
    covered = total = 0.0
    for p in range(pairs):
        i, j, sim = aligned_q[p], aligned_a[p], aligned_sim[p]
        w = ws[j]
        if initials[i]:  # alignment.initial_pair
            if person and j != surname:
                weight = 2.0 * min(wq[i], weights[w])
                credit = 1.0 if sim > INITIAL_FLOOR else 0.0
            else:
                weight = wq[i] + weights[w]
                credit = (sim - INITIAL_FLOOR) / INITIAL_SPAN if sim > INITIAL_FLOOR else 0.0
        else:
            weight, credit = wq[i] + weights[w], credits[w, i]
        covered += weight * credit
        total += weight
    lone = False  # alignment.is_lone_surname
    if person and len(q_names) == 1 and len(a_names) >= 2:
        for p in range(pairs):
            if aligned_q[p] == q_names[0] and aligned_a[p] == surname:
                lone = lone or aligned_sim[p] >= FIRM_ALIGNMENT
    if pairs < nq:
        rest = 0.0
        for i in range(nq):
            if not used_q[i]:
                rest += q_lost[i]
        total += rest
    if pairs < k:
        rest = 0.0
        for j in range(k):
            if not used_a[j]:
                rest += weights[ws[j]] * (edge if (j in (first_name, surname)) else middle)
        total += LONE_SURNAME_COST * rest if lone else rest
    score = covered / total if total > 0 else 0.0
    if person and len(a_names) > 1:
        if _given_name_missing(q_names, a_names, aligned_q, aligned_a, aligned_sim, pairs, given):
            score *= GIVEN_NAME_PENALTY
        if q_single and not lone:
            score *= SINGLE_NAME_FACTOR
    return score


@compiled_function
def _given_name_missing(  # pragma: no cover (machine code; tested through the wrapper)
    q_names: np.ndarray,
    a_names: np.ndarray,
    aligned_q: np.ndarray,
    aligned_a: np.ndarray,
    aligned_sim: np.ndarray,
    pairs: int,
    given: int,
) -> bool:
    """alignment.is_given_name_missing, over the first `pairs` aligned pairs."""
    if len(q_names) < 2 or len(a_names) < 2:
        return False
    if given >= 0:
        return True
    q_first, q_last, a_first, a_last = q_names[0], q_names[-1], a_names[0], a_names[-1]
    first_to, to_first = -1, -1  # the alias word q_first firmly aligns to; a_first's
    for p in range(pairs):
        if aligned_sim[p] >= FIRM_ALIGNMENT:
            if aligned_q[p] == q_first:
                first_to = aligned_a[p]
            if aligned_a[p] == a_first:
                to_first = aligned_q[p]
    return not (first_to in (a_first, a_last) or to_first == q_last)


def bounds_and_alignments(
    scorer: QueryScorer, aliases: Sequence[Sequence[int]], kinds: Sequence[str]
) -> list[list[float]]:
    """For each alias (its token ids) of an entity of type ``kinds[a]``: its score's upper
    bound, its alignment's upper bound (`QueryScorer.word_bounds`) and its alignment's
    score (`QueryScorer.align_words`), as the scorer gives them."""
    local: dict[int, int] = {}  # token id -> its row in the arrays of distinct words
    alias_words: list[int] = []
    starts = [0]
    for tids in aliases:
        alias_words.extend([local.setdefault(t, len(local)) for t in tids])
        starts.append(len(alias_words))
    tids = list(local)
    words = scorer.words_of(tids)  # (the similarities: computed by the scorer, once)
    nq, vocab = len(scorer.query), scorer.vocab
    sims = np.array([w.sims for w in words], dtype=np.float64).reshape(len(words), nq)
    other, person = scorer.kind_costs(""), scorer.kind_costs("person")
    found = _bounds_and_alignments(
        sims,
        np.array([w.weight for w in words], dtype=np.float64),
        np.array([vocab[t].role == "name" for t in tids], dtype=np.bool_),
        np.array(alias_words, dtype=np.int64),
        np.array(starts, dtype=np.int64),
        np.array([kind == "person" for kind in kinds], dtype=np.int64),
        np.array(scorer.wq, dtype=np.float64).reshape(nq),
        np.array(scorer.initials, dtype=np.bool_).reshape(nq),
        np.array(scorer.q_names, dtype=np.int64),
        np.array([other[2], person[2]], dtype=np.float64).reshape(2, nq),
        np.array([other[:2], person[:2]], dtype=np.float64),
        np.array([scorer.q_single, scorer.given_initial], dtype=np.int64),
    )
    return found.tolist()  # type: ignore[no-any-return]


@functools.cache  # once a process
def compile_now() -> None:
    """Compile (or load from the cache) before serving, as compiled_sums.compile_now."""
    from service.matching.keys import build_keys

    vocab = [*build_keys("Ahmad Hafez al-Sharaa").tokens, *build_keys("A. Sharaa").tokens]
    scorer = QueryScorer(vocab[:3], vocab, lambda skel: 1.0)
    bounds_and_alignments(scorer, [[0, 1, 2], [3, 4], []], ["person", "other", ""])
