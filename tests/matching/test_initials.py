"""A query's middle initial (issue #19's ranking at a million aliases): it agrees with a word
that starts with its letter at the initial's own weight, so a namesake without that
middle name does not win by the initial's low cost; and when it stands first it is the
query's given name for the given-name rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching import Engine
from service.matching.alignment import INITIAL_FLOOR, initial_pair, is_given_name_missing
from service.matching.keys import build_keys
from service.matching.scoring import CREDIT_FLOOR, QueryScorer, alias_shape
from tests.strategies import names, one_syllable


def _engine(people: dict[str, str]) -> Engine:
    engine = Engine()
    for entity, name in people.items():
        engine.upsert_entity(entity, name, "person")
    # filler names so that rarities are those of a table, not of two rows
    filler = [f"Filler{n} Person{n % 7} Name{n % 11}" for n in range(40)]
    for n, name in enumerate(filler):
        engine.upsert_entity(f"f{n}", name, "person")
    rows = [(i, e, n) for i, (e, n) in enumerate([*people.items(),
            *((f"f{k}", f) for k, f in enumerate(filler))])]  # fmt: skip
    engine.add_aliases(rows)
    return engine


@pytest.mark.parametrize(
    ("query", "right", "namesake"),
    [
        ("Eduard R. Lavrov", "Eduard Romanovich Lavrov", "Eduard Lavrov"),
        ("Nikolay P. Bykov", "Nikolay Pavlovich Bykov", "Nikolai Bykov"),
        ("M. Haitham Dawood", "Mahmoud Haitham Daoud", "Haitham Mounir Daoud"),
    ],
)
def test_an_initial_ranks_the_name_it_abbreviates_first(
    query: str, right: str, namesake: str
) -> None:
    engine = _engine({"right": right, "namesake": namesake})
    found = engine.resolve(query, limit=2).candidates
    assert [c.entity_id for c in found] == ["right", "namesake"]
    assert found[0].score > found[1].score


def test_an_initial_of_another_letter_does_not_lift_the_name() -> None:
    engine = _engine({"r": "Eduard Romanovich Lavrov", "s": "Eduard Sergeyevich Lavrov"})
    scores = {c.entity_id: c.score for c in engine.resolve("Eduard R. Lavrov").candidates}
    assert scores["r"] > scores["s"]


def test_the_explanation_weighs_an_initial_pair_at_the_initials_weight() -> None:
    engine = _engine({"right": "Eduard Romanovich Lavrov"})
    top = engine.resolve("Eduard R. Lavrov", explain=True).candidates[0]
    assert top.explanation is not None
    weights = {p["query"]: p["weight"] for p in top.explanation["alignment"]}  # type: ignore[union-attr, index]
    assert weights["r"] < weights["eduard"] and weights["r"] < weights["lavrov"]


weights = st.floats(min_value=0.0, max_value=50.0, allow_nan=False)


@settings(max_examples=200)
@given(query=weights, alias=weights, sim=st.floats(0.0, 1.0), person=st.booleans())
def test_an_initial_pair_weighs_at_most_both_words(
    query: float, alias: float, sim: float, person: bool
) -> None:
    weight, credit = initial_pair(query, alias, sim, person)
    assert 0.0 <= weight <= query + alias + 1e-9 and 0.0 <= credit <= 1.0
    if not person:  # any pair's weight and credit
        assert weight == query + alias
        assert credit == max(0.0, (sim - CREDIT_FLOOR) / (1 - CREDIT_FLOOR))


def test_the_initial_floor_is_the_scorers_credit_floor() -> None:
    assert INITIAL_FLOOR == CREDIT_FLOOR


def test_a_places_one_letter_word_is_a_syllable_not_an_initial() -> None:
    """ "Chia-i" (Chiayi) is not credited in full against "Itami-chhi": places keep the
    plain credit of a near-miss."""
    engine = Engine()
    for entity, name, kind in [("p", "Itami-chhi", "place"), ("q", "Itami Chhi", "person")]:
        engine.upsert_entity(entity, name, kind)
    engine.add_aliases([(0, "p", "Itami-chhi"), (1, "q", "Itami Chhi")])
    scores = {c.entity_id: c.score for c in engine.resolve("Chia-i").candidates}
    assert scores["p"] < scores["q"]


def test_only_middle_initials_count_in_full() -> None:
    """A given name's initial stays a near-miss: "S." agrees with Saleh and Salim alike."""
    engine = _engine({"a": "Saleh Zaid Homsi"})
    index = engine.index
    scorer = QueryScorer(build_keys("S. R. Homsi").tokens, index.tokens, index.idf)
    assert scorer.initials == (False, True, False)
    assert QueryScorer(build_keys("Homsi").tokens, index.tokens, index.idf).initials == (False,)


def test_a_given_name_written_as_its_initial_is_never_matched_on_its_letter() -> None:
    """ "S." agrees with Saleh and Salim alike: the top stays for a person to confirm."""
    engine = _engine({"saleh": "Saleh bin Zaid al-Homsi"})
    found = engine.resolve("S. ibn Zeid al-Homsi")
    assert found.candidates[0].entity_id == "saleh"
    assert found.status != "matched" and found.other_given_name
    assert engine.resolve("Saleh ibn Zeid al-Homsi").status == "matched"


def test_a_middle_initial_is_not_credited_in_full_for_a_surname() -> None:
    """ "Sergey V. Lavrov" against "Sergey Vershinin": "V." may not stand for the alias's
    family name; that pair is weighed and credited as any other."""
    engine = _engine({"v": "Sergey Vershinin"})
    index = engine.index
    tids = index.alias_token_ids(0)
    shape = alias_shape(tids, index.tokens)
    keys = build_keys("Sergey V. Lavrov").tokens
    ruled = QueryScorer(keys, index.tokens, index.idf)
    plain = QueryScorer(keys, index.tokens, index.idf)
    plain.initials = (False,) * len(keys)
    assert ruled.initials == (False, True, False)
    assert ruled.align_shape(shape, "person") == plain.align_shape(shape, "person")


@pytest.mark.parametrize(
    ("q_names", "given", "a_names", "pairs", "missing"),
    [
        ([1, 2], 0, (0, 1, 2), [(0, 0, 0.85), (1, 1, 1.0), (2, 2, 1.0)], True),  # "M. X Y"
        ([1], 0, (0, 1), [(1, 1, 1.0)], False),  # "H. al-Assad": a lone surname, left alone
        ([1, 2], 0, (0,), [(1, 0, 1.0)], False),  # an alias of one name word
        ([0, 1], -1, (0, 1), [(0, 0, 1.0), (1, 1, 1.0)], False),  # no initial, in order
    ],
)
def test_a_given_initial_is_no_given_name_beside_two_name_words(
    q_names: list[int],
    given: int,
    a_names: tuple[int, ...],
    pairs: list[tuple[int, int, float]],
    missing: bool,
) -> None:
    assert is_given_name_missing(q_names, a_names, pairs, given) is missing


INITIALS = st.sampled_from(["V.", "R.", "E.", "Y.", "A", "Ш.", "ع.", "Ó.", "h", "M.-"])
TABLE_WORDS = st.sampled_from(
    ["Eduard", "Romanovich", "Lavrov", "Putin", "Homsi", "al", "Chia", "i"]
)


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(
        st.one_of(INITIALS, TABLE_WORDS, names(max_words=2), one_syllable(80)),
        min_size=1,
        max_size=5,
    ),
    separator=st.sampled_from([" ", "-", ".", ", ", "\u200b"]),
)
def test_any_name_with_initials_scores_within_its_bound(parts: list[str], separator: str) -> None:
    """Initials among words in any script, lone articles, long runs of one syllable and
    separators inside the name: no error, scores in [0, 1], and the bound that lets the
    engine skip aliases never undercuts a score (an initial's Word is credited in full)."""
    engine = _seeded()
    name = separator.join(parts)
    found = engine.resolve(name, limit=5, explain=True)
    assert all(0.0 <= c.score <= 1.0 for c in found.candidates)
    index = engine.index
    scorer = QueryScorer(build_keys(name).tokens, index.tokens, index.idf)
    for slot in range(len(index.alias_names)):
        tids = index.alias_token_ids(slot)
        kind = index.entity_types[index.alias_entity[slot]]
        assert scorer.bound(tids, kind) >= scorer.score(tids, kind)


_SEEDED: list[Engine] = []


def _seeded() -> Engine:
    """People with middle names and initials, a place with a one-letter syllable and an
    organisation, built once for the property test."""
    if not _SEEDED:
        engine = _engine(
            {"lavrov": "Eduard Romanovich Lavrov", "initial": "V. V. Putin", "al": "Al Homsi"}
        )
        for entity, name, kind in [
            ("chiayi", "Chia-i", "place"),
            ("jp", "J. P. Morgan", "organization"),
        ]:
            engine.upsert_entity(entity, name, kind)
        engine.add_aliases([(1000, "chiayi", "Chia-i"), (1001, "jp", "J. P. Morgan")])
        _SEEDED.append(engine)
    return _SEEDED[0]
