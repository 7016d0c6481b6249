"""Cheap tests that tell a regex substitution cannot apply, so a word skips it unrun.

Phonetic forms run some thirty rules (rules.PHONETIC_RULES) over every new word, and
most rules find nothing: "(?<=[a-z])(?:off|ow|ov)$" cannot change "ahmad", which holds
no "off", "ow" or "ov". (Testing suffixes for rules anchored at the end was tried: a
callable per rule cost more than the substitutions it saved.) A rule made of literal words, around
lookarounds and anchors (which match no text), is tested by those words; any other
rule always runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*\)")  # a lookaround without nested groups
_LITERAL = re.compile(r"[a-z]+")


class Rule(NamedTuple):
    """A substitution with its test: `test(word)` (truthy if it may match), or without
    one whether `needle` is in the word; the empty needle is in every word."""

    pattern: re.Pattern[str]
    repl: str
    needle: str
    test: Callable[[str], object] | None


def top_alternatives(pattern: str) -> list[str]:
    """The pattern's alternatives at group depth 0: "ab|c(?=d|e)" -> ["ab", "c(?=d|e)"]."""
    parts, depth, start = [], 0, 0
    for pos, char in enumerate(pattern):
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            parts.append(pattern[start:pos])
            start = pos + 1
    return [*parts, pattern[start:]]


def needles(pattern: str) -> tuple[str, ...]:
    """Substrings one of which every match of `pattern` contains, so a word holding none
    of them skips the substitution: r"(?<=[aeiou])eh|^eh" -> ("eh", "eh"). A pattern
    that is not literal words around lookarounds and anchors gets ("",)."""
    found: list[str] = []
    for alternative in top_alternatives(pattern):
        core = _LOOKAROUND.sub("", alternative).strip("^$")
        if core.startswith("(?:") and core.endswith(")"):
            core = core[3:-1]
        words = core.split("|")
        if not all(_LITERAL.fullmatch(w) for w in words):
            return ("",)
        found += words
    return tuple(found)


def compile_rule(pattern: str, repl: str) -> Rule:
    wanted = tuple(dict.fromkeys(needles(pattern)))  # "eh" once, for r"(?<=[aeiou])eh|^eh"
    test = re.compile("|".join(map(re.escape, wanted))).search if len(wanted) > 1 else None
    return Rule(re.compile(pattern), repl, wanted[0], test)


def apply_rules(rules: tuple[Rule, ...], word: str) -> str:
    """Each rule in turn, skipping those whose test says they cannot match."""
    out = word
    for pattern, repl, needle, test in rules:
        if (needle in out) if test is None else test(out):
            out = pattern.sub(repl, out)
    return out
