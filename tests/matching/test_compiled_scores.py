"""The compiled bounds and alignments (compiled_scores.py) are the scorer's own, bit for bit:
per alias against QueryScorer.word_bounds and align_words, on names with initials, lone
surnames, particles, titles, legal forms, repeated and missing words, in any script; and
per resolve, an engine that scores through them answers exactly as one that does not."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from service.matching import Engine, compiled_scores
from service.matching.keys import TokenKeys, build_keys
from service.matching.scoring import QueryScorer
from service.matching.shapes import alias_shape
from tests.matching.test_compiled_retrieval import QUERY, TYPES, _table

NAMES = [
    "Ahmad Hafez al-Sharaa", "A. Sharaa", "Ash-Sharara", "Bashar Hafez al-Assad",
    "Hafez al-Assad", "Asaad Hassan al-Shibani", "Sheikh Hassan bin Laden", "V. V. Putin",
    "Vladimir Vladimirovich PUTIN", "PUTIN, Vladimir", "Eduard R. Lavrov", "Eduard Lavrov",
    "Rosneft Oil Company LLC", "OOO Interservis", "Central Bank of Syria",
    "Masrif Suriya al-Markazi", "Abu Jaafar SHAKRA", "Abu JA'FAR", "Kirovsk", "Krymsk",
    "Крим", "Сергей Вершинин", "أحمد الشرع", "Chong Chon Gang", "Chongchongang", "S. ibn Zeid",
    "Saleh bin Zaid al-Homsi", "M. Haitham Dawood", "Mahmoud Haitham Daoud", "Al", "y", "E.",
]  # fmt: skip
KINDS = ["person", "organization", "place", ""]


def _vocabulary(extra: list[str]) -> list[TokenKeys]:
    """The distinct tokens of NAMES and of some drawn names, as an index would hold them."""
    seen: dict[tuple[str, str, bool], TokenKeys] = {}
    for name in [*NAMES, *extra]:
        for token in build_keys(name).tokens:
            seen.setdefault((token.text, token.role, token.abjad), token)
    return list(seen.values())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(max_size=20), max_size=3),
    st.one_of(st.sampled_from(NAMES), st.text(max_size=30)),
    st.data(),
)
def test_bounds_and_alignments_are_the_scorers_bit_for_bit(
    extra: list[str], query: str, data: st.DataObject
) -> None:
    vocab = _vocabulary(extra)
    tokens = build_keys(query).tokens
    assume(tokens)
    rarity = data.draw(st.dictionaries(st.sampled_from([t.skel for t in vocab]), st.floats(1, 14)))
    scorer = QueryScorer(tokens, vocab, lambda skel: rarity.get(skel, 3.0))
    aliases = data.draw(
        st.lists(st.lists(st.integers(0, len(vocab) - 1), max_size=7), min_size=1, max_size=8)
    )
    kinds = data.draw(
        st.lists(st.sampled_from(KINDS), min_size=len(aliases), max_size=len(aliases))
    )
    if data.draw(st.booleans()):  # the words `learn` rules out take its short cut
        scorer.learn([tid for tids in aliases for tid in tids])
    compiled = compiled_scores.bounds_and_alignments(scorer, aliases, kinds)
    for tids, kind, row in zip(aliases, kinds, compiled, strict=True):
        shape = alias_shape(tids, vocab)
        words = scorer.words_of(shape.tids)
        upper, aligned_upper = scorer.word_bounds(words, shape.edges, kind)
        aligned = scorer.align_words(words, shape, kind)[0]
        assert row == [upper, aligned_upper, aligned]


def test_the_person_rules_reach_the_compiled_alignment() -> None:
    """Guard for the property above: a given name missing, a lone surname and a middle
    initial change the compiled score as they change the scorer's; "sami" and "samir" are
    alike at exactly FIRM_ALIGNMENT (0.8), where both rules still hold a pair as firm."""
    vocab = _vocabulary(["Samir", "Hafez Sami", "Samir Hafez Assad"])
    position = {t.text: i for i, t in enumerate(vocab)}

    def aligned(query: str, alias: str, kind: str = "person") -> float:
        scorer = QueryScorer(build_keys(query).tokens, vocab, lambda skel: 2.0)
        tids = [position[t.text] for t in build_keys(alias).tokens]
        found = compiled_scores.bounds_and_alignments(scorer, [tids], [kind])[0][2]
        assert found == scorer.align_words(scorer.words_of(tids), alias_shape(tids, vocab), kind)[0]
        return found

    assert aligned("Hafez al-Assad", "Bashar Hafez al-Assad") < aligned(
        "Hafez al-Assad", "Bashar Hafez al-Assad", "organization"
    )  # the given name missing costs a person only
    assert aligned("Ash-Sharara", "Ahmad Hafez al-Sharaa") > aligned(
        "Ahmad", "Ahmad Hafez al-Sharaa"
    )  # a lone surname leaves the given name out by design
    assert aligned("Eduard R. Lavrov", "Eduard Lavrov") < 1.0
    assert aligned("Samir", "Hafez Sami") > aligned("Samir", "Hafez Sami", "organization")
    assert aligned("Sami Hafez", "Samir Hafez Assad") > aligned("Sami Hafez", "Hafez Assad")


@pytest.fixture(scope="module")
def engines() -> dict[str, Engine]:
    rows = _table(21, 4500)
    built = {}
    for path, compiled_from in (("compiled", 0), ("python", 10**9)):
        engine = Engine(build_workers=0)
        engine.compiled_from = compiled_from
        for key in range(0, len(rows), 3):
            engine.upsert_entity(f"E{key // 3}", rows[key][2], TYPES[key // 3 % 3])
        engine.add_aliases(rows)
        built[path] = engine
    return built


@settings(max_examples=100, deadline=None)
@given(QUERY, st.sampled_from([None, *TYPES]), st.sampled_from([(), ("SY",)]))
def test_an_engine_scoring_compiled_answers_as_the_scorer(
    engines: dict[str, Engine], words: list[str], entity_type: str | None, countries: tuple[str]
) -> None:
    name = " ".join(words)
    answers = [
        repr(engine.resolve(name, entity_type, limit=10, explain=True, countries=countries))
        for engine in engines.values()
    ]
    assert answers[0] == answers[1]


def test_the_engine_takes_the_compiled_scores(
    engines: dict[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard for the test above: only the compiled engine scores through them."""
    called: list[int] = []
    real = compiled_scores.bounds_and_alignments
    monkeypatch.setattr(
        compiled_scores, "bounds_and_alignments", lambda *a: called.append(1) or real(*a)
    )
    engines["python"].resolve("Muhammad Sharaa")
    assert called == []
    engines["compiled"].resolve("Muhammad Sharaa")
    assert called
