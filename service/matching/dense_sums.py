"""Summed retrieval evidence in a dense array over alias slots, for top_sums (ranking.py).

Until max-score pruning starts, top_sums adds each word's slots to those of the words
before it. Merging two sorted arrays per word (a sort, two binary searches) was a sixth
of a resolve at a million aliases; adding into an array indexed by slot costs a gather
and a scatter, and the slots are sorted once, when they are handed back. Each slot's
total is the same float: 0.0, plus each word's weight in the order the words come.
"""

from __future__ import annotations

import threading

import numpy as np


class DenseSums(threading.local):
    """Totals by slot, zero (and unmarked) between uses; one per thread."""

    def __init__(self) -> None:
        self.sums = np.zeros(0)
        self.seen = np.zeros(0, dtype=bool)
        self.parts: list[np.ndarray] = []  # the slots first added by each word
        self.count = 0  # how many distinct slots hold a total

    def add(self, ids: np.ndarray, weights: np.ndarray) -> None:
        """Add one word's weights: `ids` ascending and distinct, `weights` theirs."""
        if not len(ids):
            return
        top = int(ids[-1]) + 1
        if top > len(self.sums):  # grown with room, keeping what is held
            size = top + top // 4 + 1024
            sums, seen = np.zeros(size), np.zeros(size, dtype=bool)
            sums[: len(self.sums)] = self.sums
            seen[: len(self.seen)] = self.seen
            self.sums, self.seen = sums, seen
        new = ids[~self.seen[ids]]
        self.seen[new] = True
        self.parts.append(new)
        self.count += len(new)
        self.sums[ids] += weights

    def totals(self) -> np.ndarray:
        """The totals held, in no particular order (enough for a k-th largest)."""
        if not self.parts:
            return np.zeros(0)
        return self.sums[np.concatenate(self.parts)]

    def take(self) -> tuple[np.ndarray, np.ndarray]:
        """(slots ascending, totals), and everything cleared for the next use."""
        if not self.parts:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        slots = np.concatenate(self.parts)
        slots.sort()
        totals = self.sums[slots]
        self.clear(slots)
        return slots, totals

    def clear(self, slots: np.ndarray | None = None) -> None:
        """Back to zero: the slots held (`slots`, if the caller has them at hand)."""
        if slots is None:
            slots = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int32)
        self.sums[slots] = 0.0
        self.seen[slots] = False
        self.parts = []
        self.count = 0
