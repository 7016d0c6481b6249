"""Word similarity: the transcription habits it must forgive, and what it must not."""

from __future__ import annotations

import pytest

from service.matching.keys import build_keys
from service.matching.similarity import token_similarity


def similarity(a: str, b: str) -> float:
    return token_similarity(build_keys(a).tokens[0], build_keys(b).tokens[0])


@pytest.mark.parametrize(
    ("a", "b", "least"),
    [
        ("aloubaidi", "oubaidi", 0.9),  # glued article before a vowel
        ("alshaer", "shaer", 0.9),  # ...and before a consonant
        ("jamal", "gamal", 0.8),  # Egyptian and Gulf Arabic g for jim
        ("jibran", "gibran", 0.8),
    ],
)
def test_transcription_habits_are_forgiven(a: str, b: str, least: float) -> None:
    assert similarity(a, b) >= least


@pytest.mark.parametrize(
    ("a", "b"), [("alexander", "exander"), ("hafez", "bashar"), ("amman", "dammam")]
)
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert similarity(a, b) < 0.9
