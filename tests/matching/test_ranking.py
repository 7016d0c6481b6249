"""Retrieval's pruned sums rank the top like the full sums, and common words still count."""

from __future__ import annotations

from array import array

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching import Engine
from service.matching.ranking import Hits, sum_small, top_sums

POSTING = st.lists(st.integers(0, 300), min_size=1, max_size=120, unique=True).map(sorted)
WORD = st.lists(
    st.tuples(POSTING, st.sampled_from([0.5, 1.0, 2.5, 3.0, 4.25, 7.0])), min_size=1, max_size=3
)


def _hits(word: list[tuple[list[int], float]]) -> Hits:
    return [(array("i", posting), weight) for posting, weight in word]


def _top(sums: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The k best (slot, total), lower slot first among equals, totals rounded."""
    ranked = sorted(sums.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))
    return [(slot, round(total, 9)) for slot, total in ranked[:k]]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(WORD, st.lists(WORD, max_size=1)), min_size=1, max_size=5),
    st.lists(WORD, max_size=2),
    st.integers(1, 40),
)
def test_pruned_top_equals_the_full_sums(
    words: list[tuple[list[tuple[list[int], float]], list[list[tuple[list[int], float]]]]],
    common: list[list[tuple[list[int], float]]],
    k: int,
) -> None:
    """Whatever words are pruned once the k-th total is out of their reach, the k best
    slots and their totals are those of summing every word over every slot. A word's
    long near-key lists and a common word bring no slot: they add their best weight to
    the slots the other lists brought (a word counting once, at its best key)."""
    groups = [_hits(own) for own, _ in words]
    near = [_hits(extra[0]) if extra else [] for _, extra in words]
    frequent = [_hits(word) for word in common]
    brought = set(sum_small(groups))
    full = dict.fromkeys(brought, 0.0)
    for hits in [own + extra for own, extra in zip(groups, near, strict=True)] + frequent:
        for slot, weight in sum_small([hits]).items():
            if slot in brought:
                full[slot] += weight
    uniq, totals = top_sums(groups, k, frequent, None, near)
    assert list(uniq) == sorted(uniq)
    assert set(uniq.tolist()) <= brought
    assert _top(dict(zip(uniq.tolist(), totals.tolist(), strict=True)), k) == _top(full, k)


def test_pruned_sums_keep_only_the_wanted_slots() -> None:
    groups = [_hits([([1, 2, 3, 4, 5, 6], 3.0)]), _hits([([2, 4, 6, 8], 1.0)])]
    uniq, totals = top_sums(groups, 2, (), lambda slots: slots % 2 == 0)
    # 8 (1.0) cannot reach the second best (4.0) once the first word is summed: pruned
    assert dict(zip(uniq.tolist(), totals.tolist(), strict=True)) == {2: 4.0, 4: 4.0, 6: 4.0}
    uniq, totals = top_sums(groups, 4, (), lambda slots: slots % 2 == 0)
    assert dict(zip(uniq.tolist(), totals.tolist(), strict=True)) == {
        2: 4.0,
        4: 4.0,
        6: 4.0,
        8: 1.0,
    }


def test_a_common_given_name_still_tells_namesakes_apart() -> None:
    """At a million aliases "Ziad" (with "Zaid", "Zayed": key "zd") is too common to
    retrieve, and the 300 al-Halabis tie on "halabi" alone: without the given name's
    evidence the right one, written last, ranked by alias number and was never scored."""
    engine = Engine()
    givens = ["Omar", "Ahmad", "Khalid", "Samir", "Yusuf", "Faris", "Nabil", "Walid"]
    for n in range(1200):
        engine.upsert_entity(f"z{n}", f"Zaid {n}", "person")
        engine.add_alias(f"z{n}", f"z{n}", f"Zaid Tamimi{chr(97 + n % 26)}{n}")
    for n in range(300):
        engine.upsert_entity(f"h{n}", f"al-Halabi {n}", "person")
        engine.add_alias(f"h{n}", f"h{n}", f"{givens[n % len(givens)]} al-Halabi")
    engine.upsert_entity("ziad", "Ziad al-Halabi", "person")
    engine.add_alias("ziad", "ziad", "Ziad al-Halabi")
    assert engine.index.kid_df[engine.index.kid_pos["zd"]] > 1000 + 2  # too common
    slots = engine.retrieve(engine_keys("Ziad Halaby"), None)
    assert engine.index.alias_pos["ziad"] == slots[0]
    assert engine.resolve("Ziad Halaby").candidates[0].entity_id == "ziad"


def engine_keys(name: str):  # type: ignore[no-untyped-def]
    from service.matching.keys import build_keys

    return build_keys(name)


def test_pruning_keeps_array_types() -> None:
    uniq, totals = top_sums([_hits([([3, 9], 1.0)])], 5)
    assert uniq.dtype.kind == "i" and totals.dtype == np.float64


def test_no_wanted_slot_leaves_float_totals_for_the_common_words() -> None:
    """A type filter that keeps none of the slots left bincount's empty int64 totals, and
    a common word's float weights could not be added to them: a 500 for "Muhammad
    Muhammad ..." asked with entity_type=person."""
    groups = [_hits([([1, 2, 3], 3.0)]), _hits([([2, 5], 1.0)])]
    common = [_hits([([2, 3, 4], 0.5)])]
    near = [_hits([([7, 8], 0.25)]), []]
    uniq, totals = top_sums(groups, 1, common, lambda slots: slots < 0, near)
    assert len(uniq) == 0 and totals.dtype == np.float64


def _typed_engine(rerank: int) -> Engine:
    """40 aliases of 20 entities, person and place in turns, every fifth alias removed."""
    engine = Engine(rerank=rerank)
    for number in range(20):
        kind = "person" if number % 2 else "place"
        engine.upsert_entity(f"E{number}", f"name {number}", kind)
    for slot in range(40):
        engine.add_alias(slot, f"E{slot // 2}", f"alias {chr(97 + slot % 26)}{slot}")
    for slot in range(0, 40, 5):
        engine.remove_alias(slot)
    return engine


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 39), min_size=1, max_size=40, unique=True).map(sorted),
    st.data(),
    st.integers(1, 12),
    st.integers(1, 8),
    st.sampled_from([None, "person", "place", "org"]),
)
def test_admitting_the_top_in_numpy_keeps_the_slots_of_the_lazy_walk(
    slots: list[int], data: st.DataObject, k: int, rerank: int, entity_type: str | None
) -> None:
    """Retrieval._admit_top, where it answers, gives what _admit of above_floor gives:
    the same live slots of the wanted type, in the same order, up to the floor, with those
    tied with the last one admitted (up to `rerank` more)."""
    from service.matching.ranking import above_floor
    from service.matching.retrieval import RETRIEVAL_KEEP, evidence_of

    engine = _typed_engine(rerank)
    weights = st.sampled_from([0.5, 1.0, 1.0, 2.5, 3.0, 6.0, 7.5])
    totals = np.array(data.draw(st.lists(weights, min_size=len(slots), max_size=len(slots))))
    uniq = np.array(slots, dtype=np.int32)
    fast = engine._admit_top(uniq, totals, k, entity_type)
    lazy = engine._admit(
        above_floor(uniq, totals, k, RETRIEVAL_KEEP, engine.index.is_live),
        entity_type,
        evidence_of(uniq, totals),
    )
    if fast is not None:
        assert fast == lazy
    else:  # only when the top k cannot tell
        live = [engine.index.is_live(s) for s in slots]
        assert len(slots) > k or not any(live)
