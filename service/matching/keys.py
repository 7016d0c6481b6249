"""Keys of a normalised name: folded tokens, a phonetic form and a consonant skeleton.

The skeleton is what the index is keyed on, so that spellings of one sound meet
("Shaibani"/"Shibani"/"Shaybani" -> "shbn", "أسد"/"Assad"/"Asaad" -> "asd").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from service.matching import rules
from service.matching.glossary import gloss_of
from service.matching.needles import apply_rules, compile_rule
from service.matching.normalize import Token, fold, name_tokens
from service.matching.translit import has_arabic_script

_RULES = tuple(compile_rule(pattern, repl) for pattern, repl in rules.PHONETIC_RULES)
_NON_INITIAL_VOWELS = re.compile(f"(?<=.)[{rules.SKELETON_VOWELS}]")
_DOUBLES = re.compile(r"(.)\1+")
_LOOSE = str.maketrans(*rules.LOOSE_LETTERS)


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """Rule-based phonetic form: "Wladimir" -> "vladimir", "Ivanoff" -> "ivanov"."""
    if token.isdigit() or len(token) < 2:
        return token
    return apply_rules(_RULES, token) or token


@lru_cache(maxsize=65536)
def consonants(token: str) -> str:
    """The consonants of the phonetic form in order, with no vowel-separated pair merged:
    "bqiq" -> "bkk" where its skeleton is "bk", the skeleton of "Biuk" too."""
    phon = phonetic(token)
    return _NON_INITIAL_VOWELS.sub("", phon) or phon


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton of the phonetic form: "sharaa" -> "shr", "ahmad" -> "ahmd"; its
    consonants with repeats merged, across vowels too."""
    phon = phonetic(token)
    if len(phon) < 2 or phon.isdigit():
        return phon
    return _DOUBLES.sub(r"\1", consonants(token))


@dataclass(frozen=True, slots=True)
class TokenKeys:
    """One token with its keys and role, as compared by the scorer."""

    text: str
    phon: str
    skel: str
    role: str
    abjad: bool = False  # written in Arabic script: short vowels absent, compare skeletons
    loose: str = ""  # forgiving form for a second comparison (see rules.LOOSE_LETTERS)
    bare: str = ""  # the word without a glued article ("elkaddafi" -> "kaddafi"), if any
    gloss: str = ""  # English gloss of an organisation word ("masrif" -> "bank"), if any


@dataclass(frozen=True, slots=True)
class NameKeys:
    """Everything the index and the scorer need about one name."""

    folded: str
    tokens: tuple[TokenKeys, ...]

    @property
    def skeleton_string(self) -> str:
        """Sorted skeletons of the name words: order-free whole-name key."""
        return " ".join(sorted(t.skel for t in self.tokens if t.role != "legal"))

    @property
    def phonetic_string(self) -> str:
        return " ".join(t.phon for t in self.tokens if t.role != "legal")


@lru_cache(maxsize=65536)
def loose(token: str) -> str:
    """Forgiving form of the phonetic word: "tochtachunov" ~ "tokhtakhunov" -> "tohtahunuv"."""
    out = phonetic(token)
    for digraph, repl in rules.LOOSE_DIGRAPHS:
        out = out.replace(digraph, repl)
    return _DOUBLES.sub(r"\1", out.translate(_LOOSE))


def bare(token: str) -> str:
    """The word without a glued article: "elkaddafi" -> "kaddafi", "alousta" -> "ousta".

    A vowel after the article needs a longer rest ("alim", "alan" are names); a wrong
    split such as "alexander" -> "exander" only adds a comparison nothing will pass.
    """
    for article in rules.GLUED_ARTICLES:
        rest = token[len(article) :]
        # a lone article ("al", "el") has no rest: it is no glued article
        if rest and token.startswith(article) and len(rest) >= (5 if rest[0] in "aeiouy" else 4):
            return rest
    return ""


def token_keys(token: Token, abjad: bool = False) -> TokenKeys:
    """Keys of one token (memoised: given names and legal forms recur constantly)."""
    return _token_keys(token.text, token.role, abjad)


@lru_cache(maxsize=65536)
def _token_keys(text: str, role: str, abjad: bool) -> TokenKeys:
    return TokenKeys(
        text, phonetic(text), skeleton(text), role, abjad, loose(text),
        "" if abjad else bare(text), gloss_of(text),
    )  # fmt: skip


def build_keys(name: str) -> NameKeys:
    """All keys of a raw name: "Ahmed Ash-Sharara" -> folded "ahmed ash sharara", ..."""
    folded = fold(name)
    abjad = has_arabic_script(name)
    return NameKeys(folded, tuple(token_keys(t, abjad) for t in name_tokens(folded)))
