"""What makes a string acceptable as a name, wherever names come in (API or bulk file)."""

from __future__ import annotations

import re
import unicodedata

from service.matching.normalize import fold

MAX_NAME_LENGTH = 512
# Unicode categories a name can never need: controls, surrogates, private use, unassigned.
FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
# Folding keeps every ASCII letter and digit (it only drops marks, punctuation and what
# other scripts transliterate to nothing; tests/test_names.py holds it to that), so a
# name with one has something to match on without being folded here: the engine folds
# it anyway, and folding costs 10-30 us of every /resolve.
ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9]")


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name, or None: "--''--" -> "has no letters or digits..."."""
    if not 0 < len(value) <= MAX_NAME_LENGTH:
        return f"must be 1 to {MAX_NAME_LENGTH} characters"
    # str.isprintable() is False for every "Other" (C*) character, so a printable name
    # has none of the forbidden ones; only the rest (a space other than U+0020, say) are
    # looked at character by character.
    if not value.isprintable():
        for char in value:
            if unicodedata.category(char) in FORBIDDEN_CATEGORIES:
                return f"contains a forbidden character U+{ord(char):04X}"
    if not value.strip():
        return "must not be blank"
    if ASCII_WORD_CHAR.search(value) is None and not fold(value):
        # "--''--", "\u0301": nothing to match on, or to tell apart
        return "has no letters or digits after normalisation"
    return None
