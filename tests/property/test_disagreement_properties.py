"""Properties of the disagreement step (service/matching/disagreement.py) over names nobody
tuned it on: a stored alias of the curated table with name-shaped words added, inserted or
put in place of one of its words (articles, particles, qualifiers, other scripts, single
letters, combining marks, invisible characters), so that many queries reach `matched` and
the step has something to judge.

What it promises: it only ever turns `matched` into `ambiguous`; it never changes a score,
a candidate or the ranking; its explanation is well formed whatever the words.
"""

from __future__ import annotations

import json
import math
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.bulk import read_seed
from service.matching import Engine, Resolution, disagreement, given_initial
from service.matching.decision import AMBIGUOUS, MATCHED
from tests.property.test_engine_properties import TYPES, seeded_engine
from tests.strategies import words

STORED = sorted(
    {r["name"] for r in read_seed()} | {a["name"] for r in read_seed() for a in r["aliases"]}
)


@st.composite
def near_stored(draw: st.DrawFn) -> str:
    """A stored alias with 1-2 name-shaped words added before, after, inside or instead of
    one of its words."""
    parts = draw(st.sampled_from(STORED)).split()
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(parts)))
        word = draw(words).strip() or "al"
        if draw(st.booleans()) and at < len(parts):
            parts[at] = word
        else:
            parts.insert(at, word)
    return " ".join(parts)


@pytest.fixture(scope="module")
def table() -> Engine:
    return seeded_engine()


def without_rules(table: Engine, name: str, entity_type: str | None) -> Resolution:
    """The same resolution with the step neutral: every pair's words kept, no verdict (nor
    the given-initial one, given_initial.py)."""
    real = disagreement.of_pair

    def neutral(*args: object, **kwargs: object) -> disagreement.Disagreement:
        return disagreement.Disagreement(real(*args, **kwargs).words)  # type: ignore[arg-type]

    with (
        mock.patch.object(disagreement, "of_pair", neutral),
        mock.patch.object(given_initial, "contradicts_entity", lambda *args: False),
    ):
        return table.resolve(name, entity_type=entity_type, limit=5)


@settings(max_examples=400, deadline=None)
@given(name=near_stored(), entity_type=TYPES)
def test_the_step_only_holds_a_match_back(
    table: Engine, name: str, entity_type: str | None
) -> None:
    judged = table.resolve(name, entity_type=entity_type, limit=5)
    plain = without_rules(table, name, entity_type)
    ranked = [(c.entity_id, c.score, c.matched_alias) for c in judged.candidates]
    assert ranked == [(c.entity_id, c.score, c.matched_alias) for c in plain.candidates]
    if judged.disagreement:
        assert (plain.status, judged.status) == (MATCHED, AMBIGUOUS)
    else:
        assert judged.status == plain.status


@settings(max_examples=300, deadline=None)
@given(name=near_stored(), entity_type=TYPES)
def test_the_explanation_is_well_formed(table: Engine, name: str, entity_type: str | None) -> None:
    resolution = table.resolve(name, entity_type=entity_type, limit=5, explain=True)
    for candidate in resolution.candidates:
        found = (candidate.explanation or {})["disagreement"]
        json.dumps(found, allow_nan=False)
        weights = [w["weight"] for w in found["words"]]
        assert all(math.isfinite(w) and w >= 0 for w in weights)
        assert {w["side"] for w in found["words"]} <= {"query", "alias"}
    if resolution.disagreement:
        top = resolution.candidates[0].explanation or {}
        assert top["disagreement"]["verdict"] == resolution.disagreement


# Latin letters -> Arabic letters, for spelling the table's Latin names as an Arabic-script
# writer might: vowels written long, short or not at all, letters doubled or not
TO_ARABIC = {
    "b": "ب", "t": "ت", "j": "ج", "h": "ه", "d": "د", "r": "ر", "z": "ز", "s": "س",
    "f": "ف", "q": "ق", "k": "ك", "l": "ل", "m": "م", "n": "ن", "w": "و", "y": "ي",
    "g": "غ", "c": "ك", "v": "ف", "p": "ب", "x": "كس", "a": "ا", "o": "و", "u": "و",
    "i": "ي", "e": "ي",
}  # fmt: skip
HARAKAT = st.sampled_from(["", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640"])


@st.composite
def arabic_spelling(draw: st.DrawFn) -> str:
    """One word of a stored alias spelt in Arabic letters: each vowel kept or dropped, each
    letter maybe doubled or marked (short vowels, shadda, tatweel), maybe with "ال" before."""
    word = draw(st.sampled_from([w for name in STORED for w in name.split() if w.isalpha()]))
    out = []
    for letter in word.casefold():
        arabic = TO_ARABIC.get(letter, "")
        if letter in "aeiou" and draw(st.booleans()):
            arabic = ""
        out.append(arabic * draw(st.sampled_from([1, 1, 2])) + draw(HARAKAT))
    spelt = "".join(out) or "ب"
    return ("ال" if draw(st.booleans()) else "") + spelt


@settings(max_examples=400, deadline=None)
@given(name=st.one_of(arabic_spelling(), st.just("بقيق" * 128)), entity_type=TYPES)
def test_one_arabic_word_is_only_held_back_never_moved(
    table: Engine, name: str, entity_type: str | None
) -> None:
    """The consonants rule for a one-word Arabic-script name (issue #17) also only holds a
    match back: it never moves a candidate or a score."""
    judged = table.resolve(name, entity_type=entity_type, limit=5, explain=True)
    plain = without_rules(table, name, entity_type)
    assert [(c.entity_id, c.score) for c in judged.candidates] == [
        (c.entity_id, c.score) for c in plain.candidates
    ]
    if judged.disagreement:
        assert (plain.status, judged.status) == (MATCHED, AMBIGUOUS)
    else:
        assert judged.status == plain.status
