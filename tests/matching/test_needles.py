"""Needles: a phonetic rule skipped by its test would not have changed the word."""

from __future__ import annotations

import random

import pytest

from service.matching import keys
from service.matching.needles import apply_rules, needles


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<=[aeiou])eh|^eh", ("eh", "eh")),
        (r"ee|ie(?=[^aeiou]|$)", ("ee", "ie")),
        (r"(?<=[a-z])(?:iy|ij)$", ("iy", "ij")),
        (r"(.)\1+", ("",)),  # not literal: always run
        (r"(?:ad|e)?d(?:i|ee)ne?$", ("",)),
    ],
)
def test_needles(pattern: str, expected: tuple[str, ...]) -> None:
    assert needles(pattern) == expected


def test_skipping_never_changes_a_word() -> None:
    rng = random.Random(3)
    words = ["".join(rng.choice("abcdehijkostuvwyz") for _ in range(rng.randint(1, 9)))
             for _ in range(3000)]  # fmt: skip
    words += ["ivanoff", "zelenskiy", "salamiyah", "nasreddine", "ehssuehjra"]
    for rule in keys._RULES:
        for word in words:
            assert apply_rules((rule,), word) == rule.pattern.sub(rule.repl, word), word
