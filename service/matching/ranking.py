"""Ranking retrieved alias slots by summed key evidence, cheaply for a million aliases."""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterator, Sequence

import numpy as np

Hits = list[tuple["array[int]", float]]  # one query word's posting lists and their weights
PRUNE_SLACK = 1e-6  # pruning keeps slots this close to the bar: equal totals tie-break later


def sum_small(groups: list[Hits]) -> dict[int, float]:
    """Summed evidence per slot, each query word counted once: its best key for that slot.

    A word reaches one alias through several keys ("aleksandrovich" through its own
    skeleton, the one without a glued "al" and the near "aleksandrov"); summing them all
    let a shared patronymic outweigh a shared surname. Added word by word, as
    `sum_large` adds them, so both give the same floats.
    """
    sums: dict[int, float] = {}
    get = sums.get
    for hits in groups:
        best: dict[int, float] = {}
        for posting, weight in hits:
            for slot in posting:
                if weight > best.get(slot, -1.0):
                    best[slot] = weight
        for slot, weight in best.items():
            sums[slot] = get(slot, 0.0) + weight
    return sums


def sum_large(groups: list[Hits]) -> tuple[np.ndarray, np.ndarray]:
    """`sum_small` with numpy for long posting lists: (slots, totals), slots ascending."""
    all_ids, all_weights = [], []
    for hits in groups:
        ids = np.concatenate([np.asarray(p, dtype=np.int32) for p, _ in hits])
        weights = np.concatenate([np.full(len(p), w) for p, w in hits])
        if len(hits) > 1:
            order = np.lexsort((-weights, ids))
            ids, weights = ids[order], weights[order]
            first = np.ones(len(ids), dtype=bool)
            first[1:] = ids[1:] != ids[:-1]
            ids, weights = ids[first], weights[first]
        all_ids.append(ids)
        all_weights.append(weights)
    uniq, inverse = np.unique(np.concatenate(all_ids), return_inverse=True)
    return uniq, np.bincount(inverse, weights=np.concatenate(all_weights))


def _word_hits(hits: Hits) -> tuple[np.ndarray, np.ndarray]:
    """One word's (slots ascending, best weight of each): a word counts once, at its best
    key, as in `sum_small`."""
    if len(hits) == 1:  # a posting list is ascending and holds a slot once
        return np.asarray(hits[0][0], dtype=np.int32), np.full(len(hits[0][0]), hits[0][1])
    # heaviest list first, so a stable sort by slot puts each slot's best weight first:
    # one sort of a few ascending runs (timsort merges them) where a lexsort by slot and
    # weight sorted twice
    hits = sorted(hits, key=lambda entry: -entry[1])
    ids = np.concatenate([np.asarray(p, dtype=np.int32) for p, _ in hits])
    lengths = np.fromiter((len(p) for p, _ in hits), dtype=np.int64, count=len(hits))
    weights = np.repeat(np.array([w for _, w in hits], dtype=np.float64), lengths)
    order = ids.argsort(kind="stable")
    ids, weights = ids[order], weights[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return ids[first], weights[first]


def merge_totals(
    uniq: np.ndarray, totals: np.ndarray, ids: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two (slots ascending and distinct, values) summed into one: the slots of either,
    and for a slot in both its total plus its weight. What np.unique with return_inverse
    and a bincount gave (the same floats: 0.0 + total + weight is total + weight), by one
    stable sort of two ascending runs (timsort merges them) and a segment sum, in linear
    time where np.unique sorted in full and a binary search per slot cost more."""
    if not len(uniq):  # the first word: its own slots and weights (0.0 + w is w), copied
        # (a word's slots may be a view of its posting list, which must stay free to grow)
        return np.array(ids), np.array(weights, dtype=np.float64)
    both = np.concatenate([uniq, ids])
    order = both.argsort(kind="stable")  # a slot in both: its total first, then its weight
    ordered = both[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    starts = first.nonzero()[0]
    values = np.concatenate([totals, weights])[order]
    return ordered[starts], np.add.reduceat(values, starts)


def _word_on(uniq: np.ndarray, hits: Hits) -> np.ndarray:
    """One word's best weight for each of the slots `uniq` (ascending), 0 where it has
    none (see `_words_on`)."""
    return _words_on(uniq, [hits])[0]


def _words_on(uniq: np.ndarray, words: Sequence[Hits]) -> list[np.ndarray]:
    """`_word_on` for each of `words`, over the same slots: a long list is searched for
    the slots (a binary search each); a short one is looked up slot by slot in a bytemap
    of the slots, whichever reads less, and the few it finds are placed among the slots
    by a binary search each. The bytemap is written once for all the words (at a million
    aliases, writing and clearing it was a third of the look-ups' cost), and a list
    within it (its last slot tells: lists ascend) is read without a bounds mask. A byte a
    slot, not the int32 position the look-up read before: a million aliases' map is 1 MB,
    not 4, and the walk of a list through it was a fifth faster (issue #19).
    """
    out = [np.zeros(len(uniq)) for _ in words]
    if not len(uniq):
        return out
    marks: np.ndarray | None = None
    for gained, hits in zip(out, words, strict=True):
        for posting_list, weight in hits:
            posting = np.asarray(posting_list, dtype=np.int32)
            if len(posting) * SEARCH_COST < len(uniq) * max(1, len(posting).bit_length()):
                if marks is None:
                    marks = SCRATCH.marks(int(uniq[-1]) + 1)
                    marks[uniq] = 1
                if len(posting) and posting[-1] >= len(marks):
                    posting = posting[posting < len(marks)]
                found = posting[marks[posting].view(bool)]
                np.maximum.at(gained, uniq.searchsorted(found), weight)
            else:
                found = posting[np.minimum(posting.searchsorted(uniq), len(posting) - 1)]
                np.maximum(gained, np.where(found == uniq, weight, 0.0), out=gained)
    if marks is not None:
        marks[uniq] = 0
    return out


class Scratch(threading.local):
    """A bytemap over alias slots, zero between calls (each thread its own)."""

    def __init__(self) -> None:
        self.positions = np.zeros(0, dtype=np.uint8)

    def marks(self, slots: int) -> np.ndarray:
        if len(self.positions) < slots:  # grown with room, as the table grows by writes
            self.positions = np.zeros(slots + slots // 4 + 1024, dtype=np.uint8)
        return self.positions


SCRATCH = Scratch()  # per thread, not per engine: an engine is pickled into snapshots
SEARCH_COST = 4  # a binary search step costs about this many dense look-ups


def top_sums(
    groups: list[Hits],
    k: int,
    scoring_only: Sequence[Hits] = (),
    wanted: Callable[[np.ndarray], np.ndarray] | None = None,
    near: Sequence[Hits] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """`sum_large` for the slots that can reach its top k, and what `scoring_only` words
    (too common to bring candidates) add to them: (slots ascending, totals).

    Words are taken rarest first (max-score pruning): once the k-th best total so far
    is above what all the words still to come could give a new slot, no other slot can
    reach the top k, and the rest of the words only add to the slots at hand (and to
    those that can still reach the k-th). At a million aliases a name's common words
    ("muhammad", 40,000 aliases) cost a binary search per candidate, not a sort of their
    lists. The top k and their totals are those of `sum_large` over all the words
    (plus `scoring_only`), among the slots `wanted` says are of the type asked for.
    ``near``, if given, holds for each of `groups` its long near-key lists: like a common
    word they only add to the slots at hand, what they give beyond the word's own keys.
    """
    pairs, adding = summing_order(groups, scoring_only, near)
    ceilings = [_ceiling(hits) for hits, _ in pairs]
    scoring = sum(map(_ceiling, scoring_only)) + sum(_ceiling(extra) for _, extra in pairs)
    uniq = np.zeros(0, dtype=np.int32)
    totals = np.zeros(0)
    bar = -np.inf  # the last k-th best total: a lower bound of the next (kth_largest)
    for number, (hits, _) in enumerate(pairs):
        to_come = sum(ceilings[number:]) + scoring
        if len(totals) > k:
            bar = kth_largest(totals, k, bar)
            if to_come < bar - PRUNE_SLACK:
                reachable = totals + to_come >= bar - PRUNE_SLACK
                uniq, totals = uniq[reachable], totals[reachable]
                totals += _word_on(uniq, hits)
                continue
        ids, weights = _word_hits(hits)
        if wanted is not None:
            chosen = wanted(ids)
            ids, weights = ids[chosen], weights[chosen]
        uniq, totals = merge_totals(uniq, totals, ids, weights)
    for number, (_, extra, own) in enumerate(adding):
        if len(totals) > k:  # slots that cannot reach the k-th even with all that is left
            bar = kth_largest(totals, k, bar)
            reachable = totals + sum(entry[0] for entry in adding[number:]) >= bar - PRUNE_SLACK
            uniq, totals = uniq[reachable], totals[reachable]
        if own:  # what the near keys give beyond the word's own, only where they give any
            # (elsewhere it adds 0.0): the own lists are then searched for those few slots
            some = _word_on(uniq, extra)
            at = some.nonzero()[0]
            some = some[at]
            totals[at] += np.maximum(some - _word_on(uniq[at], own), 0.0)
        else:
            totals += _word_on(uniq, extra)
    return uniq, totals


def kth_largest(values: np.ndarray, k: int, at_least: float = -np.inf) -> float:
    """The k-th largest of `values` (1 <= k <= len), what np.partition's copy gives, by
    the array's own partition on a copy (np.partition's Python wrapper was a cost of its
    own at a few hundred values). ``at_least``: a value it is thought not to fall below
    (totals only grow, so the last bar): if k of the values reach it, the k-th largest is
    among those, and only they are partitioned (at a million aliases a few hundred of
    some 10,000); otherwise all are."""
    high = values[values >= at_least] if at_least > -np.inf else values
    scratch = high if len(high) >= k and high is not values else values.copy()
    at = len(scratch) - k
    scratch.partition(at)
    return float(scratch[at])


Adding = list[tuple[float, Hits, Hits]]  # (ceiling, lists that only add, the word's own)


def summing_order(
    groups: list[Hits], scoring_only: Sequence[Hits], near: Sequence[Hits]
) -> tuple[list[tuple[Hits, Hits]], Adding]:
    """The order in which `top_sums` (and compiled_sums.py, which must give its floats bit
    for bit) adds the words up: the words that bring slots with their near lists,
    heaviest first, then what only adds (near lists beyond the word's own lists, common
    words), heaviest first."""
    near = list(near) or [[] for _ in groups]
    pairs = sorted(zip(groups, near, strict=True), key=lambda pair: -_ceiling(pair[0]))
    adding: Adding = [(_ceiling(extra), extra, hits) for hits, extra in pairs if extra]
    adding += [(_ceiling(hits), hits, []) for hits in scoring_only]
    adding.sort(key=lambda entry: -entry[0])
    return pairs, adding


def _ceiling(hits: Hits) -> float:
    return max((w for _, w in hits), default=0.0)


def above_floor(
    uniq: np.ndarray,
    totals: np.ndarray,
    k: int,
    keep_share: float,
    is_live: Callable[[int], bool],
) -> Iterator[int]:
    """Slots by total, best first, while within `keep_share` of the best live slot (lazily):
    removed aliases stay in posting lists and must not set the bar for live ones."""
    floor = None
    for pos in _top_order(totals, k):
        slot = int(uniq[pos])
        if floor is None:
            if not is_live(slot):
                continue
            floor = keep_share * float(totals[pos])
        if totals[pos] < floor:
            return
        yield slot


def top_positions(totals: np.ndarray, k: int) -> np.ndarray:
    """The positions of the k best totals (all if fewer), best first, equal totals in
    position order: the first k of a stable sort. Of totals tied at the k-th, the first
    positions are taken, not those an argpartition happens to leave in front: then the
    top k of some slots are the top k of any more slots below them (compiled_sums.py
    hands over fewer than numpy's sums, and some sums tie by the hundred)."""
    if len(totals) <= k:
        return (-totals).argsort(kind="stable")
    kth = kth_largest(totals, k)
    above = (totals > kth).nonzero()[0]
    tied = (totals == kth).nonzero()[0][: k - len(above)]
    head = np.concatenate([above, tied])
    return head[np.lexsort((head, -totals[head]))]


def _top_order(totals: np.ndarray, k: int) -> Iterator[int]:
    """Positions by total, best first: the top k cheaply, the rest only if asked for."""
    head = top_positions(totals, k)
    yield from head.tolist()
    if len(totals) <= k:
        return
    rest = np.setdiff1d(np.arange(len(totals)), head, assume_unique=True)
    yield from rest[(-totals[rest]).argsort(kind="stable")].tolist()
