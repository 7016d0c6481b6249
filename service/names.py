"""What makes a string acceptable as a name, wherever names come in (API or bulk file)."""

from __future__ import annotations

import unicodedata

from service.matching.normalize import fold

MAX_NAME_LENGTH = 512
# Unicode categories a name can never need: controls, surrogates, private use, unassigned.
FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name, or None: "--''--" -> "has no letters or digits..."."""
    if not 0 < len(value) <= MAX_NAME_LENGTH:
        return f"must be 1 to {MAX_NAME_LENGTH} characters"
    for char in value:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES:
            return f"contains a forbidden character U+{ord(char):04X}"
    if not value.strip():
        return "must not be blank"
    if not fold(value):  # "--''--", "\u0301": nothing to match on, or to tell apart
        return "has no letters or digits after normalisation"
    return None
