"""What makes a string acceptable as a name, wherever names come in (API, bulk file,
store): among other things, something the engine can match on once folded, so this rule
lives with the engine's fold (service/matching/normalize.py)."""

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


# -- names that are stored ----------------------------------------------------------------
# A stored name (an entity's, an alias) is shown to curators and callers and answered by
# every /resolve; a query is only looked up. So stored names also refuse what changes how a
# name looks without being part of it: bidi controls (U+202A-202E, U+2066-2069, LRM, RLM,
# ALM) that reorder or hide its letters, zero-width and other format characters (U+200B,
# U+2060, U+FEFF, U+00AD, tags...), line and paragraph separators, Hangul fillers and the
# combining grapheme joiner, which render as nothing. Queries keep the plain rule above:
# text pasted from the web carries these, and folding drops them for matching anyway.
ZWNJ, ZWJ = "\u200c", "\u200d"
# Blank or invisible characters of other categories than Cf (Default_Ignorable_Code_Point).
INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
REFUSED_STORED_CATEGORIES = {"Cf", "Zl", "Zp"}
# Scripts that write ZWNJ / ZWJ inside words: Arabic (Persian "می‌خواهم", Urdu, Pashto),
# Syriac, N'Ko, Mandaic, the Indic scripts from Devanagari to Sinhala (conjunct forms),
# Myanmar, Khmer, Mongolian, and the Arabic presentation forms.
JOINING_SCRIPT_RANGES = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0x1000, 0x109F),
    (0x1780, 0x18AF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFC),
)
VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180D), (0x180F, 0x180F))


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _joins(char: str) -> bool:
    """A letter or mark of a script that uses ZWNJ / ZWJ inside words."""
    return unicodedata.category(char)[0] in "LM" and _in(JOINING_SCRIPT_RANGES, char)


def _joiner_in_word(value: str, at: int) -> bool:
    """ZWNJ / ZWJ at ``at`` sits between two letters (or marks) of a joining script, the
    one place it changes a word's shape legitimately (Persian "نامه‌ها", Devanagari "क्‍ष")."""
    return 0 < at < len(value) - 1 and _joins(value[at - 1]) and _joins(value[at + 1])


def _selector_on_letter(value: str, at: int) -> bool:
    """A variation selector right after a letter: an ideographic variant of a CJK name
    ("葛󠄀"), or a Mongolian letter's positional form."""
    return at > 0 and unicodedata.category(value[at - 1])[0] == "L"


def hidden_character(value: str) -> tuple[int, str] | None:
    """The first character of ``value`` that a stored name may not hold, with its index."""
    for at, char in enumerate(value):
        if char in (ZWNJ, ZWJ):
            if _joiner_in_word(value, at):
                continue
        elif _in(VARIATION_SELECTORS, char):
            if _selector_on_letter(value, at):
                continue
        elif char not in INVISIBLE and unicodedata.category(char) not in REFUSED_STORED_CATEGORIES:
            continue
        return at, char
    return None


def stored_name_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as an entity's name or an alias, or None.

    The query rule (``name_problem``), and no character that fakes how the name looks
    (see above). ZWNJ and ZWJ are kept only between two letters of a script that writes
    them inside words; anywhere else (Latin, Cyrillic, CJK, the ends of a word) they only
    hide a difference between two names that look alike, so they are refused, not
    stripped: the curator sees exactly what is stored.
    """
    problem = name_problem(value)
    if problem is not None:
        return problem
    if value.isascii():
        return None
    found = hidden_character(value)
    if found is None:
        return None
    at, char = found
    label = unicodedata.name(char, "unnamed").title()
    return (
        f"contains an invisible or direction-changing character U+{ord(char):04X} "
        f"({label}) at position {at}; names are stored as they look"
    )
