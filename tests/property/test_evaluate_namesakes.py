"""Property tests of the evaluation's namesake relation (issue #17): for any development
rows (names in any script, lone articles, empty-looking names, 512 characters of one
syllable), two entities are namesakes exactly when some name of each has the same form
in the engine's eyes, the relation is symmetric and never holds an entity itself, and
the wrong-match counts it feeds stay within the wrong matches."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service import evaluate
from service.evaluate.dataset import name_form
from tests.strategies import any_name

rows_strategy = st.lists(st.lists(any_name, min_size=1, max_size=4), min_size=1, max_size=6).map(
    lambda groups: [{"entity": f"e{i}", "type": "place", "names": n} for i, n in enumerate(groups)]
)


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy)
def test_namesakes_are_exactly_the_pairs_sharing_a_name_form(rows: list[dict]) -> None:
    found = evaluate.namesakes_of(rows)
    forms = {row["entity"]: {name_form(n) for n in row["names"]} for row in rows}
    for first, second in combinations(forms, 2):
        shared = bool(forms[first] & forms[second])
        assert (second in found.get(first, ())) == shared
        assert (first in found.get(second, ())) == shared  # symmetric
    assert all(entity not in others for entity, others in found.items())


@settings(max_examples=60, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.booleans(), st.sampled_from(["a", "b", None]), st.booleans(), st.booleans()),
        max_size=30,
    )
)
def test_namesake_counts_stay_within_the_wrong_matches(answers: list) -> None:
    queries = [
        evaluate.Query("q", "a", "place", "x", present, typed_top=top,
                       typed_status="matched" if matched else "no_match",
                       namesakes=frozenset({"b"}) if shared else frozenset())
        for present, top, matched, shared in answers
    ]  # fmt: skip
    shown = evaluate.namesake_figures(queries, "typed")
    assert 0 <= shown["to_namesake"] <= shown["wrong"] <= len(queries)
    plain = evaluate.figures(queries, "typed")
    if plain["absent_matched"] == plain["absent_matched"]:  # some absent names: the two parts
        assert shown["absent_apart"] + shown["absent_namesake"] == pytest.approx(
            plain["absent_matched"]
        )
    for apart, whole in (("precision_apart", "precision"), ("absent_apart", "absent_matched")):
        if shown[apart] == shown[apart] and plain[whole] == plain[whole]:  # both defined
            assert (
                (shown[apart] >= plain[whole])
                if apart == "precision_apart"
                else (shown[apart] <= plain[whole])
            )
