"""The compiled sums (compiled_sums.py) give numpy's `top_sums` cut at the k-th best: the
same slots at or above that bar, the same floats bit for bit, with or without a type
filter, near lists and words that only add; and the k-th largest that np.partition gives."""

from __future__ import annotations

from array import array

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching import compiled_sums
from service.matching.ranking import PRUNE_SLACK, Hits, top_sums

POSTING = st.lists(st.integers(0, 400), max_size=80, unique=True).map(sorted)
WEIGHT = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 2.5, 3.0, 4.25, 7.0]),
    st.floats(0.0, 20.0, allow_nan=False, allow_infinity=False),
)
WORD = st.lists(st.tuples(POSTING, WEIGHT), min_size=1, max_size=3)
Word = list[tuple[list[int], float]]


def _hits(word: Word) -> Hits:
    return [(array("i", posting), weight) for posting, weight in word]


def _cut(uniq: np.ndarray, totals: np.ndarray, k: int) -> tuple[list[int], bytes]:
    """numpy's answer as the compiled one gives it: only what reaches the k-th best."""
    if len(totals) > k:
        bar = float(np.partition(totals, len(totals) - k)[len(totals) - k])
        kept = totals >= bar - PRUNE_SLACK
        uniq, totals = uniq[kept], totals[kept]
    return uniq.tolist(), totals.tobytes()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(WORD, st.lists(WORD, max_size=1)), min_size=1, max_size=6),
    st.lists(WORD, max_size=2),
    st.one_of(st.integers(1, 4), st.integers(1, 60), st.integers(60, 400)),
    st.sampled_from([None, 2, 3]),
)
def test_the_compiled_sums_are_numpys_cut_at_the_kth(
    words: list[tuple[Word, list[Word]]], common: list[Word], k: int, modulus: int | None
) -> None:
    groups = [_hits(own) for own, _ in words]
    near = [_hits(extra[0]) if extra else [] for _, extra in words]
    frequent = [_hits(word) for word in common]
    owners = np.arange(401, dtype=np.int32)  # slot s is entity s, of type s % modulus != 0
    types = (owners % (modulus or 1) != 0).astype(np.int32)
    wanted = -1 if modulus is None else 1
    of_type = None if modulus is None else (lambda slots: slots % modulus != 0)
    uniq, totals = top_sums(groups, k, frequent, of_type, near)
    got, got_totals, cut = compiled_sums.top_sums(groups, k, frequent, near, owners, types, wanted)
    assert got.dtype == np.int32 and got_totals.dtype == np.float64
    assert (got.tolist(), got_totals.tobytes()) == _cut(uniq, totals, k)
    brought = {s for own in groups for posting, _ in own for s in posting}
    if modulus is not None:
        brought = {s for s in brought if s % modulus != 0}
    assert cut == (len(got) < len(brought))


def test_a_word_that_only_adds_never_brings_and_near_lists_add_beyond_the_own() -> None:
    groups = [[(array("i", [1, 2, 3]), 2.0)], [(array("i", [3, 4]), 1.0)]]
    near = [[(array("i", [1, 9]), 2.5)], []]  # slot 1: 0.5 beyond its own 2.0; 9: no
    frequent = [[(array("i", [2, 8]), 0.25)]]  # adds to 2, never brings 8
    slots, totals, cut = compiled_sums.top_sums(groups, 10, frequent, near)
    assert slots.tolist() == [1, 2, 3, 4]
    assert totals.tolist() == [2.5, 2.25, 3.0, 1.0]
    assert not cut
    slots, totals, cut = compiled_sums.top_sums(groups, 1, frequent, near)
    assert (slots.tolist(), totals.tolist(), cut) == ([3], [3.0], True)


def test_columns_too_short_for_the_lists_never_reach_the_machine_code() -> None:
    """The machine code checks no bounds of its own: a slot beyond the owners column is
    refused before it runs, and an entity code beyond the types column is of no type."""
    groups = [[(array("i", [1, 7]), 1.0)]]
    owners, types = np.array([0, 0, 1], dtype=np.int32), np.array([0, 1], dtype=np.int32)
    with pytest.raises(IndexError):
        compiled_sums.top_sums(groups, 5, owners=owners, types=types, wanted=1)
    owners = np.array([0, 1, 0, 0, 0, 0, 0, 5], dtype=np.int32)
    slots, _, _ = compiled_sums.top_sums(groups, 5, owners=owners, types=types, wanted=1)
    assert slots.tolist() == [1]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([0.0, 1.0, 2.5, 2.5000001, 7.0, 5e-324, float("inf")]),
            st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
            st.floats(allow_nan=False),  # subnormals and infinities too
        ),
        min_size=1,
        max_size=3000,
    ),
    st.data(),
)
def test_the_kth_largest_is_np_partitions(values: list[float], data: st.DataObject) -> None:
    array_ = np.array(values, dtype=np.float64)
    k = data.draw(st.integers(1, len(values)))
    want = float(np.partition(array_, len(values) - k)[len(values) - k])
    assert compiled_sums.kth_largest(array_, k) == want


def test_without_a_writable_cache_the_sums_are_compiled_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """numba refuses `cache=True` where no cache folder can be written (a read-only
    install, no home): the service must still start, compiling in each process."""
    asked: list[dict[str, bool]] = []

    def njit(**options: bool):  # type: ignore[no-untyped-def]
        asked.append(options)
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'f': no locator available for file")
        return lambda func: func

    monkeypatch.setattr(compiled_sums, "njit", njit)
    summed = compiled_sums.compiled_function(lambda a, b: a + b)
    assert summed(2, 3) == 5
    assert asked == [{"cache": True, "nogil": True}, {"nogil": True}]
