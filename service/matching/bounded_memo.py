"""A memo capped in entries that keeps, across its turns, the entries in use."""

from __future__ import annotations

from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")
_MISSING: Any = object()


class BoundedMemo(dict[K, V]):
    """A memo of at most 2 x `bound` entries, in two generations: when a new entry would
    take the current one past `bound`, it becomes the previous one (the one before is
    dropped) and a look-up that finds its key only there moves the entry back: unlike
    a memo that starts over, the entries in use survive a turn. At 200,000 aliases and
    3,750 queries an unbounded shape memo grew to 109,000 shapes (45 MB) for 83,000
    hits in 192,000 look-ups; with `bound` 10,000 it hit 22,000 times, and a miss costs
    one `shapes.alias_shape` (2.8 us): about 2 % of the queries' CPU.

    The index's caps (index.SHAPE_MEMO, index.WORD_SIMS_MEMO) are sized for workers that
    share the index, each filling memos of its own; scoring.MEMO_WORDS still caps a
    plain dict handed to a QueryScorer."""

    def __init__(self, bound: int) -> None:
        super().__init__()
        self.bound = bound
        self.previous: dict[K, V] = {}

    def _turn(self, key: K) -> None:
        """Before `key` is added: a full generation becomes the previous one."""
        if len(self) >= self.bound and not super().__contains__(key):
            self.previous = dict(self)
            super().clear()

    def __setitem__(self, key: K, value: V) -> None:
        self._turn(key)
        super().__setitem__(key, value)

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        value = super().get(key, _MISSING)
        if value is _MISSING:
            value = self.previous.pop(key, _MISSING) if self.previous else _MISSING
            if value is _MISSING:
                return default
            self[key] = value
        return value  # type: ignore[return-value]

    def setdefault(self, key: K, default: V) -> V:  # type: ignore[override]
        value = self.get(key, _MISSING)  # type: ignore[arg-type]
        if value is _MISSING:
            self[key] = value = default
        return value  # type: ignore[return-value]

    def clear(self) -> None:
        super().clear()
        self.previous = {}

    def __reduce__(self) -> tuple[type[BoundedMemo[K, V]], tuple[int]]:
        return BoundedMemo, (self.bound,)  # a snapshot starts with an empty memo
