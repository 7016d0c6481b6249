"""Retrieval's summed key evidence in one compiled pass (numba), for long posting lists.

`ranking.top_sums` sums a query's words over their posting lists with numpy: a stable
sort per word, a merge per word, binary searches for the words that only add. Each of
those is fast alone, but a name at a million aliases makes a few dozen numpy calls over
tens of thousands of entries, and that was half of a resolve (issue #19). Here the same
sums are one loop over the lists, with a slot -> candidate map per thread, in machine
code: each entry is read once and nothing is sorted but the survivors.

The answer is `top_sums`'s own, for what retrieval reads of it: the slots whose totals
reach the k-th best (less `ranking.PRUNE_SLACK`), ascending, with the very same floats
(each total is added up word by word in `top_sums`'s order, so bit for bit). `top_sums`
may return some slots below that bar too (those its pruning could not yet rule out);
retrieval never ranks them above the top k, and where it would walk past the top k
(too few live aliases there) it asks `top_sums` itself (retrieval.py).

Compiled once per installation: the machine code is cached beside this file (or in the
user's cache, where that is read-only), so a worker only loads it.
"""

from __future__ import annotations

import functools
import threading
from array import array
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numba import njit

from service.matching.ranking import PRUNE_SLACK, Hits, summing_order

BRING, BEYOND_OWN, ADD = 0, 1, 2  # what a step's lists do (see _sum_steps)
KTH_BINS = 512  # kth_largest's histogram


def compiled_function(func: Callable[..., Any]) -> Any:
    """numba's njit, its machine code cached on disk; where no cache folder can be
    written (a read-only install, no home), compiled in each process instead of refusing
    to start. nogil: a thread summing lets the others run."""
    try:
        return njit(cache=True, nogil=True)(func)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return njit(nogil=True)(func)


@compiled_function
def _sum_steps(  # pragma: no cover (runs as machine code; tested through top_sums)
    ids: np.ndarray,
    offsets: np.ndarray,
    weights: np.ndarray,
    steps: np.ndarray,
    owners: np.ndarray,
    types: np.ndarray,
    wanted: int,
    positions: np.ndarray,
    brought: np.ndarray,
    work: np.ndarray,
    marks: np.ndarray,
) -> int:
    """Totals per candidate slot; returns how many candidates (marks[:, 0], work[:, 0]).

    Each step is one word: (what it does, its first list, where its "own" lists end,
    its end). BRING: the word's lists bring their slots (of the `wanted` entity type
    code, or any if negative) and add its best weight on each; ADD: the best weight is
    added only to slots already brought; BEYOND_OWN: what the word's near lists give
    beyond its own lists' best, only where the near lists give any.
    `positions` maps a slot to its candidate number, read only where the bitmap
    `brought` (a bit a slot: 128 kB at a million, where `positions` takes 4 MB) says the
    slot is one: most entries of the lists that only add are not, and are passed over
    without a cache miss. Both are left all zero. A candidate's row of `work` holds its
    total, the word's best and its own lists' best; of `marks`, its slot, the step that
    set the best, the step that set the own best, and (row number) the candidates this
    step touched: one candidate's fields share a cache line.
    """
    count = 0
    for step in range(steps.shape[0]):
        kind, first, own_end, end = steps[step, 0], steps[step, 1], steps[step, 2], steps[step, 3]
        stamp = step + 1
        for lst in range(first, own_end):  # BEYOND_OWN: the word's own best first
            weight = weights[lst]
            for entry in range(offsets[lst], offsets[lst + 1]):
                slot = ids[entry]
                if not (brought[slot >> 3] >> (slot & 7)) & 1:
                    continue
                at = positions[slot]
                if marks[at, 2] != stamp:
                    marks[at, 2] = stamp
                    work[at, 2] = weight
                elif weight > work[at, 2]:
                    work[at, 2] = weight
        touched = 0
        for lst in range(own_end, end):
            weight = weights[lst]
            for entry in range(offsets[lst], offsets[lst + 1]):
                slot = ids[entry]
                if (brought[slot >> 3] >> (slot & 7)) & 1:
                    at = positions[slot]
                else:
                    if kind != BRING:
                        continue
                    if wanted >= 0:  # (an entity code beyond `types` is of no type)
                        entity = owners[slot]
                        if entity < 0 or entity >= types.shape[0] or types[entity] != wanted:
                            continue
                    at = count
                    brought[slot >> 3] |= 1 << (slot & 7)
                    positions[slot] = at
                    marks[at, 0] = slot
                    marks[at, 1] = 0
                    marks[at, 2] = 0
                    work[at, 0] = 0.0
                    count += 1
                if marks[at, 1] != stamp:
                    marks[at, 1] = stamp
                    work[at, 1] = weight
                    marks[touched, 3] = at
                    touched += 1
                elif weight > work[at, 1]:
                    work[at, 1] = weight
        for number in range(touched):
            at = marks[number, 3]
            if kind == BEYOND_OWN:
                if work[at, 1] != 0.0:
                    own = work[at, 2] if marks[at, 2] == stamp else 0.0
                    gain = work[at, 1] - own
                    work[at, 0] += gain if gain > 0.0 else 0.0
            else:
                work[at, 0] += work[at, 1]
    for at in range(count):
        slot = marks[at, 0]
        brought[slot >> 3] = 0
        positions[slot] = 0
    return count


@compiled_function
def kth_largest(values: np.ndarray, k: int) -> float:  # pragma: no cover (machine code)
    """The k-th largest of `values` (1 <= k <= len), as np.partition gives it, without
    partitioning them all: a histogram of KTH_BINS bins finds the bin it lies in, and
    only that bin is sorted (np.partition of some 50,000 totals cost more than summing
    them). Totals tie a lot; ties in one bin only make that bin's sort longer."""
    top, low = values.max(), values.min()
    if top == low:
        return top
    scale = KTH_BINS / (top - low)
    if not (np.isfinite(scale) and scale > 0.0):  # values a few subnormals apart, or
        # infinite ones (never sums of rarities, but machine code must not index by NaN)
        return np.sort(values)[len(values) - k]
    counts = np.zeros(KTH_BINS + 1, dtype=np.int64)
    for value in values:
        counts[min(int((value - low) * scale), KTH_BINS)] += 1
    above, chosen = 0, KTH_BINS
    while above + counts[chosen] < k:
        above += counts[chosen]
        chosen -= 1
    inside = np.empty(counts[chosen], dtype=values.dtype)
    filled = 0
    for value in values:
        if min(int((value - low) * scale), KTH_BINS) == chosen:
            inside[filled] = value
            filled += 1
    inside.sort()
    return inside[filled - (k - above)]


class _Scratch(threading.local):
    """Per thread: the slot -> candidate map and bitmap over every slot, and room for
    candidates."""

    def __init__(self) -> None:
        self.positions = np.zeros(0, dtype=np.int32)
        self.brought = np.zeros(0, dtype=np.uint8)
        self.work = np.zeros((0, 3))
        self.marks = np.zeros((0, 4), dtype=np.int32)

    def ready(
        self, slots: int, candidates: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if len(self.positions) < slots:  # grown with room, as the table grows by writes
            self.positions = np.zeros(slots + slots // 4 + 1024, dtype=np.int32)
            self.brought = np.zeros(len(self.positions) // 8 + 1, dtype=np.uint8)
        if len(self.work) < candidates:
            room = candidates + candidates // 4 + 1024
            self.work = np.zeros((room, 3))
            self.marks = np.zeros((room, 4), dtype=np.int32)
        return self.positions, self.brought, self.work, self.marks


_SCRATCH = _Scratch()


def top_sums(
    groups: list[Hits],
    k: int,
    scoring_only: Sequence[Hits] = (),
    near: Sequence[Hits] = (),
    owners: np.ndarray | None = None,
    types: np.ndarray | None = None,
    wanted: int = -1,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """`ranking.top_sums` cut at its k-th best total (see the module docstring), and
    whether the cut left any slot out.

    ``owners`` and ``types``: each slot's entity and each entity's type code, read where
    ``wanted`` is a type code (not negative): only slots of that type are brought.
    """
    pairs, adding = summing_order(groups, scoring_only, near)
    lists: list[Sequence[int]] = []  # the posting lists themselves: numpy reads them once
    weights: list[float] = []
    steps: list[tuple[int, int, int, int]] = []
    bring = 0

    def add(hits: Hits) -> int:
        for posting, weight in hits:
            if len(posting):
                lists.append(posting)
                weights.append(weight)
        return len(lists)

    for own, _ in pairs:
        first = len(lists)
        end = add(own)
        bring += sum(map(len, lists[first:]))
        steps.append((BRING, first, first, end))
    for _, extra, own in adding:
        first = len(lists)
        own_end = add(own)
        steps.append((BEYOND_OWN if own else ADD, first, own_end, add(extra)))
    if not bring:
        return np.zeros(0, dtype=np.int32), np.zeros(0), False
    offsets = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)), out=offsets[1:])
    ids = np.concatenate(lists).astype(np.int32, copy=False)
    slots = int(ids.max()) + 1  # the machine code checks no bounds: every map covers all
    if owners is None or types is None or wanted < 0:
        owners = types = np.zeros(0, dtype=np.int32)
        wanted = -1
    elif len(owners) < slots:
        raise IndexError("a posting list names a slot beyond the index")
    positions, brought, work, marks = _SCRATCH.ready(slots, bring)
    count = _sum_steps(
        ids, offsets, np.array(weights, dtype=np.float64),
        np.array(steps, dtype=np.int64), owners, types, wanted, positions, brought, work, marks,
    )  # fmt: skip
    found, totals = _cut(marks, work, count, k, PRUNE_SLACK)
    return found, totals, len(found) < count


@compiled_function
def _cut(  # pragma: no cover (machine code)
    marks: np.ndarray, work: np.ndarray, count: int, k: int, slack: float
) -> tuple[np.ndarray, np.ndarray]:
    """The candidates whose totals reach the k-th best less `slack`, by slot."""
    totals = work[:count, 0].copy()
    found = marks[:count, 0].copy()
    if count > k:
        kept = totals >= kth_largest(totals, k) - slack
        totals, found = totals[kept], found[kept]
    order = np.argsort(found)
    return found[order], totals[order]


@functools.cache  # once a process
def compile_now() -> None:
    """Compile (or load from the cache) before serving: a server calls this before it
    forks its workers, so none of them pays for it on its first query. Once a process:
    later calls (each wake of the change follower) return at once."""
    groups: list[Hits] = [[(array("i", [0, 2]), 1.0)], [(array("i", [2]), 0.5)]]
    top_sums(groups, 1, [[(array("i", [0]), 0.25)]], [[], []])
