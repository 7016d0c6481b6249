"""Country context (service/matching/context.py): namesakes told apart, nothing else moved."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from service.matching import Engine
from service.matching.context import (
    CONFLICT,
    NEUTRAL,
    SUPPORTS,
    confirmed_exact,
    decide_set_aside,
    evidence,
    set_aside,
)
from service.matching.decision import DEFAULT_THRESHOLDS, decide


def towns(*rows: tuple[str, str, Sequence[str]]) -> Engine:
    engine = Engine(build_workers=0)
    for key, (entity_id, name, countries) in enumerate(rows):
        engine.upsert_entity(entity_id, name, "place", countries)
        engine.add_alias(key, entity_id, name)
    return engine


def test_evidence_of_each_kind() -> None:
    assert evidence(frozenset({"LB"}), frozenset({"LB", "SY"})) == SUPPORTS
    assert evidence(frozenset({"LB"}), frozenset({"LY"})) == CONFLICT
    assert evidence(frozenset(), frozenset({"LY"})) == NEUTRAL
    assert evidence(frozenset({"LB"}), frozenset()) == NEUTRAL


def test_set_aside_keeps_order_and_does_nothing_without_countries() -> None:
    ranked = ["a", "b", "c"]
    of = {"a": frozenset({"LY"}), "b": frozenset(), "c": frozenset({"LB"})}.__getitem__
    assert set_aside(ranked, frozenset({"LB"}), of) == (["b", "c"], ["a"])
    assert set_aside(ranked, frozenset(), of) == (ranked, [])


def test_namesakes_in_two_countries() -> None:
    engine = towns(("lb", "Tripoli", ["LB"]), ("ly", "Tripoli", ["LY"]))
    assert engine.resolve("Tripoli").status == "ambiguous"  # never a coin flip
    for country in ("LB", "LY"):
        found = engine.resolve("Tripoli", countries=[country], explain=True)
        assert found.status == "matched"
        assert found.match is not None and found.match.entity_id == country.lower()
        other = found.candidates[1]
        assert other.country_conflict and not found.candidates[0].country_conflict
        assert other.explanation is not None
        assert other.explanation["country"] == {
            "query": [country],
            "entity": ["LY" if country == "LB" else "LB"],
            "evidence": CONFLICT,
        }


def test_a_conflicting_candidate_is_never_matched_but_still_listed() -> None:
    engine = towns(("ly", "Tripoli", ["LY"]), ("fr", "Paris", ["FR"]))
    assert engine.resolve("Tripoli").status == "matched"
    found = engine.resolve("Tripoli", countries=["LB"])
    assert found.status == "ambiguous"  # a curator may still want to look
    assert [c.entity_id for c in found.candidates] == ["ly"]
    assert found.candidates[0].country_conflict


def test_a_neutral_namesake_keeps_the_answer_ambiguous() -> None:
    engine = towns(("lb", "Tripoli", ["LB"]), ("unknown", "Tripoli", []))
    assert engine.resolve("Tripoli", countries=["LB"]).status == "ambiguous"


def test_a_query_without_countries_gets_todays_answer() -> None:
    plain = towns(("a", "Tripoli", []), ("b", "Tripolis", []), ("c", "Homs", []))
    placed = towns(("a", "Tripoli", ["LB"]), ("b", "Tripolis", ["GR"]), ("c", "Homs", ["SY"]))
    for name in ("Tripoli", "Tripolis", "Homs", "Hims", "Trablus"):
        assert plain.resolve(name) == placed.resolve(name), name


@pytest.mark.parametrize("country", ["LB", "SY"])
def test_scores_are_never_changed(country: str) -> None:
    engine = towns(("lb", "Tripoli", ["LB"]), ("ly", "Tripoli", ["LY"]), ("sy", "Tarablus", ["SY"]))
    plain = {c.entity_id: c.score for c in engine.resolve("Tripoli", limit=5).candidates}
    asked = engine.resolve("Tripoli", limit=5, countries=[country]).candidates
    assert {c.entity_id: c.score for c in asked} == plain


def test_countries_follow_upserts_and_removal() -> None:
    engine = towns(("lb", "Tripoli", ["LB"]), ("ly", "Tripoli", ["LY"]))
    engine.upsert_entity("ly", "Tripoli", "place", [])  # a curator cleared its countries
    assert engine.resolve("Tripoli", countries=["LB"]).status == "ambiguous"
    engine.remove_entity("ly")
    assert engine.countries.get("ly") == frozenset()
    assert engine.resolve("Tripoli", countries=["LY"]).status == "ambiguous"  # lb conflicts


def test_the_clear_bar_is_not_taken_from_the_kept_candidates_alone() -> None:
    """A middling top that is the only candidate left in its country is not clear of
    everything: the OFAC evaluation matched absent names so (precision 0.995 -> 0.964)."""
    person = DEFAULT_THRESHOLDS["person"]
    assert decide([0.6], person) == "matched"  # alone: the clear bar takes it
    assert decide_set_aside([0.6], [0.58], person, person.review) == "ambiguous"
    assert decide_set_aside([0.6], [0.1], person, person.review) == "matched"  # clear anyway
    place = DEFAULT_THRESHOLDS["place"]
    assert decide_set_aside([1.0], [1.0], place, place.review) == "matched"  # the namesake
    assert decide_set_aside([1.0, 0.9], [1.0], place, place.review) == "ambiguous"  # a near one
    assert decide_set_aside([], [0.7], place, place.review) == "ambiguous"
    assert decide_set_aside([], [0.3], place, place.review) == "no_match"


def test_an_alias_written_as_asked_reaches_scoring_among_many_sharing_its_key() -> None:
    """Retrieval found by the namesake table: "Mohammedia" shares its only key with every
    "Muhammad ..." name, and of equal evidence the first slots won; a rarer near key
    outweighed the word's own ("Kirovsk" lost to "Kimovsk")."""
    engine = Engine(build_workers=0)
    for n in range(300):
        engine.upsert_entity(f"p{n}", f"Muhammad Zzyx{n}", "person")
        engine.add_alias(f"p{n}", f"p{n}", f"Muhammad Zzyx{n} al-Qarawi")
    engine.upsert_entity("ma", "Mohammedia", "place", ["MA"])
    engine.add_alias("ma", "ma", "Mohammedia")
    found = engine.resolve("Mohammedia", countries=["MA"])
    assert found.candidates[0].entity_id == "ma" and found.candidates[0].score == 1.0


def test_an_exact_spelling_in_its_country_beats_a_near_namesake_there() -> None:
    """The query is one town's name as written and the caller says where; the rival is a
    near spelling of another town of that country, inside the place margin."""
    engine = towns(("a", "Kovrask", ["RU"]), ("b", "Kovraskiy", ["RU"]), ("c", "Kovrask", ["UA"]))
    scores = [c.score for c in engine.resolve("Kovrask", countries=["RU"]).candidates]
    assert scores[0] == 1.0 and 0.24 > scores[0] - scores[1] >= 0.16  # the case in point
    found = engine.resolve("Kovrask", countries=["RU"])
    assert found.status == "matched"
    assert found.match is not None and found.match.entity_id == "a"
    assert engine.resolve("Kovrask").status == "ambiguous"  # no country: unchanged
    assert engine.resolve("Kovrasq", countries=["RU"]).status != "matched"  # not exact


def test_an_exact_spelling_needs_its_country_and_no_exact_rival() -> None:
    neutral = towns(("a", "Kovrask", []), ("b", "Kovraskiy", ["RU"]))
    assert neutral.resolve("Kovrask", countries=["RU"]).status == "ambiguous"
    twins = towns(("a", "Kovrask", ["RU"]), ("b", "Kovrask", ["RU"]), ("c", "Kovraskiy", ["RU"]))
    assert twins.resolve("Kovrask", countries=["RU"]).status == "ambiguous"


def test_confirmed_exact_rule() -> None:
    assert confirmed_exact([1.0, 0.82], SUPPORTS)
    assert not confirmed_exact([1.0, 0.9], SUPPORTS)  # the rival is too close
    assert not confirmed_exact([1.0, 1.0], SUPPORTS)  # two exact namesakes
    assert not confirmed_exact([0.99, 0.5], SUPPORTS)  # not the query's own spelling
    assert not confirmed_exact([1.0, 0.5], NEUTRAL)  # the country does not confirm it
    assert not confirmed_exact([], SUPPORTS)
