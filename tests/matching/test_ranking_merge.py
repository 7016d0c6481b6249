"""Retrieval's faster merges give the very arrays (slots, dtypes, floats bit for bit) of
the sorts they replaced: a lexsort per word, np.unique with a bincount per merge."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching.ranking import (
    PRUNE_SLACK,
    SCRATCH,
    Hits,
    _ceiling,
    _word_hits,
    _words_on,
    kth_largest,
    merge_totals,
    top_positions,
    top_sums,
)

POSTING = st.lists(st.integers(0, 400), max_size=80, unique=True).map(sorted)
WEIGHT = st.one_of(
    st.sampled_from([0.5, 1.0, 2.5, 3.0, 4.25, 7.0]),
    st.floats(0.0, 20.0, allow_nan=False, allow_infinity=False),
)


def _lexsort_word_hits(hits: Hits) -> tuple[np.ndarray, np.ndarray]:
    """`_word_hits` as it was: a lexsort by slot, then by weight (heaviest first)."""
    if len(hits) == 1:
        return np.asarray(hits[0][0], dtype=np.int32), np.full(len(hits[0][0]), hits[0][1])
    ids = np.concatenate([np.asarray(p, dtype=np.int32) for p, _ in hits])
    weights = np.concatenate([np.full(len(p), w) for p, w in hits])
    order = np.lexsort((-weights, ids))
    ids, weights = ids[order], weights[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return ids[first], weights[first]


def _unique_merge(
    uniq: np.ndarray, totals: np.ndarray, ids: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The merge as top_sums wrote it: np.unique with return_inverse, then a bincount."""
    merged, inverse = np.unique(np.concatenate([uniq, ids]), return_inverse=True)
    out = np.bincount(inverse, np.concatenate([totals, weights]), len(merged))
    return merged, out.astype(np.float64, copy=False)


def _same(got: tuple[np.ndarray, np.ndarray], want: tuple[np.ndarray, np.ndarray]) -> None:
    assert got[0].dtype == want[0].dtype and got[1].dtype == want[1].dtype
    assert got[0].tolist() == want[0].tolist()
    assert got[1].tobytes() == want[1].tobytes()  # the same floats, bit for bit


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(POSTING, WEIGHT), min_size=1, max_size=6))
def test_a_words_best_weight_per_slot_is_that_of_the_lexsort(
    word: list[tuple[list[int], float]],
) -> None:
    hits: Hits = [(array("i", posting), weight) for posting, weight in word]
    _same(_word_hits(hits), _lexsort_word_hits(hits))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 400), WEIGHT), max_size=80, unique_by=lambda e: e[0]),
    st.lists(st.tuples(st.integers(0, 400), WEIGHT), max_size=80, unique_by=lambda e: e[0]),
)
def test_merged_totals_are_those_of_unique_and_bincount(
    held: list[tuple[int, float]], new: list[tuple[int, float]]
) -> None:
    held, new = sorted(held), sorted(new)
    uniq = np.array([s for s, _ in held], dtype=np.int32)
    totals = np.array([t for _, t in held], dtype=np.float64)
    ids = np.array([s for s, _ in new], dtype=np.int32)
    weights = np.array([w for _, w in new], dtype=np.float64)
    _same(merge_totals(uniq, totals, ids, weights), _unique_merge(uniq, totals, ids, weights))


def test_a_slot_in_both_sums_and_the_others_keep_their_value() -> None:
    uniq, totals = np.array([2, 5], dtype=np.int32), np.array([1.5, 3.0])
    ids, weights = np.array([1, 5, 9], dtype=np.int32), np.array([0.25, 2.0, 4.0])
    merged, out = merge_totals(uniq, totals, ids, weights)
    assert merged.tolist() == [1, 2, 5, 9] and out.tolist() == [0.25, 1.5, 5.0, 4.0]
    empty = np.zeros(0, dtype=np.int32)
    merged, out = merge_totals(empty, np.zeros(0), empty, np.zeros(0))
    assert len(merged) == 0 and merged.dtype == np.int32 and out.dtype == np.float64


@settings(max_examples=300, deadline=None)
@given(st.lists(WEIGHT, min_size=1, max_size=300), st.data())
def test_the_kth_largest_is_np_partitions(values: list[float], data: st.DataObject) -> None:
    totals = np.array(values)
    k = data.draw(st.integers(1, len(values)))
    want = float(np.partition(totals, len(totals) - k)[len(totals) - k])
    assert kth_largest(totals, k) == want == sorted(values, reverse=True)[k - 1]
    assert totals.tolist() == values  # the input is left as it was


@settings(max_examples=300, deadline=None)
@given(st.lists(WEIGHT, min_size=1, max_size=300), st.data())
def test_a_kth_largest_from_a_lower_bound_is_the_kth_largest(
    values: list[float], data: st.DataObject
) -> None:
    """Whatever bound it is told (below the answer, at it, or wrongly above it), the
    k-th largest is that of all the values, and the input is left as it was."""
    totals = np.array(values)
    k = data.draw(st.integers(1, len(values)))
    at_least = data.draw(st.one_of(st.sampled_from(values), WEIGHT, st.just(-np.inf)))
    assert kth_largest(totals, k, at_least) == sorted(values, reverse=True)[k - 1]
    assert totals.tolist() == values


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 3000), max_size=400, unique=True).map(sorted),
    st.lists(
        st.lists(
            st.tuples(
                st.lists(st.integers(0, 3200), max_size=300, unique=True).map(sorted), WEIGHT
            ),
            max_size=4,
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_looked_up_weights_are_the_plain_best_per_slot(
    slots: list[int], words: list[list[tuple[list[int], float]]]
) -> None:
    """Through the bytemap of the slots at hand (short lists) or a binary search per slot
    (long ones), each word's best weight on each slot, bit for bit, 0 where it has none;
    lists reaching past the last slot at hand included. The bytemap is left clear."""
    uniq = np.array(slots, dtype=np.int32)
    hits = [[(array("i", posting), weight) for posting, weight in word] for word in words]
    for got, want in zip(_words_on(uniq, hits), _plain_words_on(uniq, hits), strict=True):
        assert got.dtype == np.float64 and got.tobytes() == want.tobytes()
    assert not SCRATCH.positions.any()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.5, 1.0, 2.5, 3.0, 7.0]), min_size=1, max_size=300), st.data())
def test_top_positions_are_the_first_of_a_stable_sort(
    values: list[float], data: st.DataObject
) -> None:
    """Best first, equal totals in position order, ties at the k-th included: what a
    stable sort of them all gives, whichever slots an argpartition would have left in
    front."""
    totals = np.array(values)
    k = data.draw(st.integers(1, len(values) + 2))
    want = np.argsort(-totals, kind="stable")[:k]
    assert top_positions(totals, k).tolist() == want.tolist()


def _old_top_sums(
    groups: list[Hits],
    k: int,
    scoring_only: Sequence[Hits] = (),
    wanted: Callable[[np.ndarray], np.ndarray] | None = None,
    near: Sequence[Hits] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """top_sums as it was before issue #19's latency work, with the lexsort, np.unique
    and np.partition it used."""
    near = list(near) or [[] for _ in groups]
    pairs = sorted(zip(groups, near, strict=True), key=lambda pair: -_ceiling(pair[0]))
    ceilings = [_ceiling(hits) for hits, _ in pairs]
    scoring = sum(map(_ceiling, scoring_only)) + sum(_ceiling(extra) for _, extra in pairs)
    uniq = np.zeros(0, dtype=np.int32)
    totals = np.zeros(0)
    for number, (hits, _) in enumerate(pairs):
        to_come = sum(ceilings[number:]) + scoring
        if len(totals) > k:
            bar = float(np.partition(totals, len(totals) - k)[len(totals) - k])
            if to_come < bar - PRUNE_SLACK:
                reachable = totals + to_come >= bar - PRUNE_SLACK
                uniq, totals = uniq[reachable], totals[reachable]
                totals += _plain_words_on(uniq, [hits])[0]
                continue
        ids, weights = _lexsort_word_hits(hits)
        if wanted is not None:
            chosen = wanted(ids)
            ids, weights = ids[chosen], weights[chosen]
        uniq, totals = _unique_merge(uniq, totals, ids, weights)
    adding = [(_ceiling(extra), extra, hits) for hits, extra in pairs if extra]
    adding += [(_ceiling(hits), hits, []) for hits in scoring_only]
    adding.sort(key=lambda entry: -entry[0])
    for number, (_, extra, own) in enumerate(adding):
        if len(totals) > k:
            bar = float(np.partition(totals, len(totals) - k)[len(totals) - k])
            reachable = totals + sum(entry[0] for entry in adding[number:]) >= bar - PRUNE_SLACK
            uniq, totals = uniq[reachable], totals[reachable]
        if own:
            gained, held = _plain_words_on(uniq, [extra, own])
            totals += np.maximum(gained - held, 0.0)
        else:
            totals += _plain_words_on(uniq, [extra])[0]
    return uniq, totals


def _plain_words_on(uniq: np.ndarray, words: Sequence[Hits]) -> list[np.ndarray]:
    """`_words_on` written plainly: each word's best weight on each slot, 0 if none."""
    out = []
    for hits in words:
        best: dict[int, float] = {}
        for posting, weight in hits:
            for slot in posting:
                best[slot] = max(best.get(slot, 0.0), weight)
        out.append(np.array([best.get(slot, 0.0) for slot in uniq.tolist()], dtype=np.float64))
    return out


WORD = st.lists(st.tuples(POSTING, WEIGHT), min_size=1, max_size=3)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(WORD, st.lists(WORD, max_size=1)), min_size=1, max_size=6),
    st.lists(WORD, max_size=2),
    st.one_of(st.integers(1, 4), st.integers(1, 60)),
    st.sampled_from([None, 2, 3]),
)
def test_top_sums_gives_the_arrays_of_the_old_code(
    words: list[tuple[list[tuple[list[int], float]], list[list[tuple[list[int], float]]]]],
    common: list[list[tuple[list[int], float]]],
    k: int,
    modulus: int | None,
) -> None:
    """The same slots and totals, bit for bit, pruned or not, with or without a type
    filter, as the code with a lexsort and np.unique per word."""

    def hits(word: list[tuple[list[int], float]]) -> Hits:
        return [(array("i", posting), weight) for posting, weight in word]

    groups = [hits(own) for own, _ in words]
    near = [hits(extra[0]) if extra else [] for _, extra in words]
    frequent = [hits(word) for word in common]
    wanted = None if modulus is None else (lambda slots: slots % modulus != 0)
    _same(
        top_sums(groups, k, frequent, wanted, near),
        _old_top_sums(groups, k, frequent, wanted, near),
    )


def test_top_sums_prunes_as_it_did() -> None:
    """A rare first word with many slots, then common ones: they only add to the slots
    that can still reach the top 3, as before."""
    groups = [
        [(array("i", range(100)), 7.0)],
        [(array("i", range(50, 150)), 0.5)],
        [(array("i", range(0, 300, 3)), 0.25)],
    ]
    uniq, totals = top_sums(groups, 3)
    _same((uniq, totals), _old_top_sums(groups, 3))
    assert uniq.tolist() == list(range(50, 100))
