"""The name rule's shortcuts answer exactly what the plain rule answers."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from service.matching.names import FORBIDDEN_CATEGORIES, MAX_NAME_LENGTH, name_problem
from service.matching.normalize import fold

# Names as they come: any script, marks, odd spaces, controls, private use and surrogates.
ANY_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), min_size=0, max_size=40
)
SAMPLES = [
    "Ahmed Ash-Sharara", "AL-ASSAD, Bashar", "Владимир Путин", "احمد الشرع", "习近平",
    "--''--", "\u0301", "ъ", "ع ء", "a\u0301", "\u00a0x\u00a0", "x\u2028y", "\u200bA",
    "e\x00", "\ue000name", " ", "\u00a0", "'", "Ş", "1", "ﷺ", "ǅ", "Ⅻ",
]  # fmt: skip


def plain_rule(value: str) -> str | None:
    """The rule as written before the shortcuts: every character, then a full fold."""
    if not 0 < len(value) <= MAX_NAME_LENGTH:
        return f"must be 1 to {MAX_NAME_LENGTH} characters"
    for char in value:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES:
            return f"contains a forbidden character U+{ord(char):04X}"
    if not value.strip():
        return "must not be blank"
    if not fold(value):
        return "has no letters or digits after normalisation"
    return None


def test_samples_agree_with_the_plain_rule() -> None:
    for value in SAMPLES:
        assert name_problem(value) == plain_rule(value), value


@settings(max_examples=400, deadline=None, derandomize=True)
@given(ANY_TEXT)
def test_any_text_agrees_with_the_plain_rule(value: str) -> None:
    assert name_problem(value) == plain_rule(value)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(ANY_TEXT, st.sampled_from("aZ09"), ANY_TEXT)
def test_folding_keeps_ascii_letters_and_digits(before: str, word: str, after: str) -> None:
    """What name_problem relies on to skip the fold (if folding ever drops one, it must
    fold again)."""
    assert fold(before + word + after)
