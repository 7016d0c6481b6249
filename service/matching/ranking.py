"""Ranking retrieved alias slots by summed key evidence, cheaply for a million aliases."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator

import numpy as np


def sum_small(hits: list[tuple[array[int], float]]) -> dict[int, float]:
    """Summed weight per slot, added in the order np.bincount would add them."""
    sums: dict[int, float] = {}
    get = sums.get
    for posting, weight in hits:
        for slot in posting:
            sums[slot] = get(slot, 0.0) + weight
    return sums


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
