"""QueryScorer: its upper bound never undercuts the score, so skipping by it is exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from service.matching import Engine
from service.matching.keys import build_keys
from service.matching.scoring import QueryScorer, alias_shape
from tests.strategies import names

QUERIES = ["Bashar Assad", "Hafez al-Assad", "V. Putin", "Ash-Sharara", "Rosneft", "Kiev",
           "Assad al-Shibani", "OOO Interservis", "Abdul Rahman Mustafa", "John Smith"]  # fmt: skip


@pytest.mark.parametrize("query", QUERIES)
def test_bound_is_never_below_the_score(engine: Engine, query: str) -> None:
    index = engine.index
    scorer = QueryScorer(build_keys(query).tokens, index.tokens, index.idf)
    for slot in range(len(index.alias_names)):
        tids = index.alias_token_ids(slot)
        kind = index.entity_types[index.alias_entity[slot]]
        assert scorer.bound(tids, kind) >= scorer.score(tids, kind), index.alias_names[slot]


@pytest.mark.parametrize("query", QUERIES)
def test_bound_with_string_features_is_never_below_the_score(engine: Engine, query: str) -> None:
    index = engine.index
    scorer = QueryScorer(build_keys(query).tokens, index.tokens, index.idf)
    for slot in range(len(index.alias_names)):
        shape = alias_shape(index.alias_token_ids(slot), index.tokens)
        kind = index.entity_types[index.alias_entity[slot]]
        _, aligned_upper = scorer.bounds(shape, kind)
        tight = scorer.string_bound(aligned_upper, scorer.string_ratios(shape))
        assert tight >= scorer.score_shape(shape, kind), index.alias_names[slot]


def test_long_name_retrieves_by_its_rarest_words(engine: Engine) -> None:
    long_name = " ".join(["Bashar al-Assad"] * 40)  # 80 name words, two distinct
    assert (
        engine.resolve(long_name).candidates[0].name
        == engine.resolve("Bashar al-Assad").candidates[0].name
    )


@pytest.mark.parametrize("query", QUERIES)
def test_pruned_resolve_keeps_every_listed_score(engine: Engine, query: str) -> None:
    wide = engine.resolve(query, limit=20)
    narrow = engine.resolve(query, limit=3)
    assert [(c.entity_id, c.score) for c in narrow.candidates] == [
        (c.entity_id, c.score) for c in wide.candidates[:3]
    ]


def test_missing_given_name_is_a_person_rule_only() -> None:
    """A weakly aligned first word costs a person name its given name, not a place."""
    scores = {}
    for kind in ("person", "place"):
        engine = Engine()
        engine.upsert_entity("x", "Sidi Barani", kind)
        engine.add_alias(1, "x", "Sidi Barani")
        scores[kind] = engine.resolve("Sipi Barani").candidates[0].score
    assert scores["person"] < scores["place"] - 0.1


@settings(max_examples=200, deadline=None)
@given(names())
def test_an_alias_shape_is_its_words_named_spaced_and_joined(name: str) -> None:
    """alias_shape writes out name_positions, significant and sorted_words for speed;
    it must give what they give."""
    from service.matching.shapes import (
        AliasShape,
        alias_shape,
        name_positions,
        significant,
        sorted_words,
    )

    tokens = list(build_keys(name).tokens)
    names_at = tuple(name_positions(tokens))
    phons = [t.phon for t in significant(tokens)]
    edges = (names_at[0], names_at[-1]) if names_at else ()
    expected = AliasShape(
        tuple(range(len(tokens))), names_at, edges, sorted_words(phons), "".join(phons)
    )
    assert alias_shape(range(len(tokens)), tokens) == expected
