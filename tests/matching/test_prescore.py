"""The pre-score (prescore.py) sends only the likely aliases to the exact scorer, and never
leaves out retrieval's first aliases or one whose words are the query's."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.names import invented_names
from service.matching import Engine, prescore
from service.matching.keys import build_keys
from service.matching.prescore import PRESCORE_KEEP, RETRIEVAL_HEAD, shortlist
from service.matching.scoring import QueryScorer
from service.matching.shapes import significant, sorted_words
from tests.strategies import names

GIVEN_NAMES = [
    "Samir", "Karim", "Nabil", "Fadi", "Tariq", "Walid", "Omar", "Yusuf", "Khalid", "Majid",
    "Rami", "Ziad", "Hassan", "Bassam", "Ghassan", "Marwan", "Adnan", "Imad", "Jamal",
    "Kamal", "Mustafa", "Ibrahim", "Abdullah", "Abdulrahman", "Mahmoud", "Mohammed", "Ahmad",
    "Ali", "Hussein", "Riyad", "Salah", "Faisal", "Nizar", "Wael", "Hisham", "Anas", "Bakr",
    "Qasim",
]  # fmt: skip
MANY = RETRIEVAL_HEAD + PRESCORE_KEEP + 20  # more aliases than the pre-score lets through


def form(name: str) -> str:
    """A name's phonetic words as the pre-score compares them (AliasShape.spaced)."""
    return sorted_words([t.phon for t in significant(build_keys(name).tokens)])


def test_few_aliases_all_pass_in_their_order() -> None:
    slots = list(range(RETRIEVAL_HEAD + PRESCORE_KEEP, 0, -1))
    forms = [f"word{slot}" for slot in slots]
    assert shortlist("query", slots, forms, 5) == slots


def test_keeps_the_head_and_the_likest_drops_the_rest() -> None:
    slots = list(range(100, 100 + MANY))
    forms = [f"zzzz {'q' * i}" for i in range(1, MANY + 1)]
    forms[RETRIEVAL_HEAD : RETRIEVAL_HEAD + PRESCORE_KEEP] = ["pudin"] * PRESCORE_KEEP
    forms[-1] = "putin vladimir"  # written as asked, but retrieved last
    forms[-2] = "putin"  # a subset of the query's words
    kept = shortlist("putin vladimir", slots, forms, 2)
    assert kept[:RETRIEVAL_HEAD] == slots[:RETRIEVAL_HEAD]
    assert slots[-1] in kept and slots[-2] in kept
    assert len(kept) == RETRIEVAL_HEAD + PRESCORE_KEEP + 2  # the unlike ones are left out
    assert kept == sorted(kept)  # retrieval order kept


def test_ties_at_the_bar_are_all_kept() -> None:
    """Aliases with the same words score the same, so none is cut from its twins."""
    slots = list(range(MANY))
    forms = ["zzzz"] * RETRIEVAL_HEAD + ["putin"] * (MANY - RETRIEVAL_HEAD)
    assert shortlist("putin", slots, forms, 2) == slots


def test_an_aliases_twin_goes_along_with_it() -> None:
    """The same words as an alias in the head: kept, whatever their likeness, since which
    of the two is shown depends on the query's script (CandidateScoring._score)."""
    slots = list(range(MANY))
    forms = ["p" + "z" * i for i in range(1, MANY + 1)]  # ever less like "putin"
    forms[-1] = forms[RETRIEVAL_HEAD - 1]  # "Krim" in the head, "Крим" last
    kept = shortlist("putin", slots, forms, 2)
    assert slots[-1] in kept
    assert slots[-2] not in kept


def test_a_longer_candidate_list_widens_the_pre_score() -> None:
    slots = list(range(MANY * 2))
    forms = ["putin" + "x" * i for i in range(MANY * 2)]  # ever less like "putin"
    narrow = shortlist("putin", slots, forms, 2)
    wide = shortlist("putin", slots, forms, PRESCORE_KEEP + 10)
    assert len(wide) >= PRESCORE_KEEP + 10
    assert len(wide) > len(narrow)


@settings(max_examples=150, deadline=None)
@given(names(), st.lists(names(), min_size=MANY, max_size=MANY + 10), st.data())
def test_an_alias_written_as_asked_is_always_kept(
    query: str, others: list[str], data: st.DataObject
) -> None:
    """The invariant the engine relies on: whatever the neighbours, an alias whose phonetic
    words are the query's reaches the exact scorer, wherever retrieval ranked it."""
    forms = [form(other) for other in others]
    at = data.draw(st.integers(0, len(forms)))
    forms.insert(at, form(query))
    slots = list(range(len(forms)))
    keep = data.draw(st.integers(1, 20))
    kept = shortlist(form(query), slots, forms, keep)
    assert at in kept
    assert kept[:RETRIEVAL_HEAD] == slots[:RETRIEVAL_HEAD]
    assert kept == sorted(set(kept))


def count_bounds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records each alias the engine bounds (the first step of exact scoring)."""
    bounded: list[int] = []
    word_bounds = QueryScorer.word_bounds

    def counting(self: QueryScorer, *args: Any) -> tuple[float, float]:
        bounded.append(1)
        return word_bounds(self, *args)

    monkeypatch.setattr(QueryScorer, "word_bounds", counting)
    return bounded


@pytest.fixture
def crowded() -> Engine:
    """Forty Bilal Haddads: retrieval hands the scorer far more aliases than can lead."""
    engine = Engine()
    rows = []
    for number, given_name in enumerate(GIVEN_NAMES):
        entity = f"e{number}"
        engine.upsert_entity(entity, f"{given_name} Bilal Haddad", "person")
        rows.append((number, entity, f"{given_name} Bilal Haddad"))
    engine.upsert_entity("suleiman", "Suleiman Bilal Haddad", "person")
    rows.append((999, "suleiman", "Suleiman Bilal Haddad"))
    for number, name in enumerate(invented_names(3000), start=1000):  # so Haddad is rare
        engine.upsert_entity(f"x{number}", name, "person")
        rows.append((number, f"x{number}", name))
    engine.add_aliases(rows)
    return engine


def test_engine_scores_only_the_shortlist_and_still_finds_the_name(
    crowded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    bounded = count_bounds(monkeypatch)
    resolution = crowded.resolve("Slimane Bilal Haddad")
    assert resolution.candidates[0].entity_id == "suleiman"
    retrieved = len(crowded.retrieve(build_keys("Slimane Bilal Haddad"), None))
    assert retrieved > RETRIEVAL_HEAD + PRESCORE_KEEP  # the pre-score had work to do
    assert len(bounded) < retrieved


def test_without_the_pre_score_every_retrieved_alias_is_bounded(
    crowded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same query with the pre-score switched off: the saving above is the pre-score's."""
    monkeypatch.setattr(prescore, "RETRIEVAL_HEAD", 10_000)
    bounded = count_bounds(monkeypatch)
    resolution = crowded.resolve("Slimane Bilal Haddad")
    assert resolution.candidates[0].entity_id == "suleiman"
    assert len(bounded) == len(crowded.retrieve(build_keys("Slimane Bilal Haddad"), None))


def test_every_crowded_alias_asked_as_written_comes_first(crowded: Engine) -> None:
    """Forty names that differ in one word, each with as many neighbours as the pre-score
    can drop: asked as written, each is still scored exactly and leads."""
    asked = [(f"e{n}", f"{given} Bilal Haddad") for n, given in enumerate(GIVEN_NAMES)]
    for entity, name in [*asked, ("suleiman", "Suleiman Bilal Haddad")]:
        top = crowded.resolve(name).candidates[0]
        assert (top.entity_id, top.score) == (entity, 1.0), name
