"""Ranking retrieved alias slots by summed key evidence, cheaply for a million aliases."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator

import numpy as np

Hits = list[tuple["array[int]", float]]  # one query word's posting lists and their weights


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


def _top_order(totals: np.ndarray, k: int) -> Iterator[int]:
    """Positions by total, best first: the top k cheaply, the rest only if asked for."""
    if len(totals) <= k:
        yield from np.argsort(-totals, kind="stable").tolist()
        return
    head = np.argpartition(-totals, k)[:k]
    yield from head[np.lexsort((head, -totals[head]))].tolist()
    rest = np.setdiff1d(np.arange(len(totals)), head, assume_unique=True)
    yield from rest[np.argsort(-totals[rest], kind="stable")].tolist()
