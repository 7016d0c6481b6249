"""Unicode, case, diacritics, hyphens, apostrophes and Arabic articles.

`fold` gives the human-readable form shown in API responses ("Ash-Sharara" ->
"ash sharara"); `name_tokens` turns it into the tokens that keys and scores use, with
articles dropped and particles, initials and legal forms marked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from service.matching import roles, rules
from service.matching.glossary import gloss_of
from service.matching.translit import transliterate

_APOSTROPHES = str.maketrans(dict.fromkeys(rules.APOSTROPHES, ""))
_HYPHENS = str.maketrans(dict.fromkeys(rules.HYPHENS, " "))
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_FAMILY = {variant: family[0] for family in rules.NAME_FAMILIES for variant in family}
_LEGAL_MAX = max(len(p) for p in roles.LEGAL_PHRASES)
_GENERIC = roles.ORG_GENERIC_WORDS | roles.PLACE_GENERIC_WORDS


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name and its role: name, particle, initial, generic, title or legal."""

    text: str
    role: str = "name"


def _strip_marks(text: str) -> str:
    """Drop combining diacritics: "Şeki" -> "Seki", "Armintîre" -> "Armintire"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _reorder_comma(text: str) -> str:
    """List order back to reading order: "AL-ASSAD, Bashar" -> "Bashar AL-ASSAD".

    Only one comma, and not when the tail is a legal form ("ACME, LTD").
    """
    head, sep, tail = text.partition(",")
    if not sep or "," in tail or not tail.strip() or not head.strip():
        return text
    tail_words = _fold_words(tail).split()
    if not tail_words or all(w in roles.LEGAL_WORDS for w in tail_words) or len(tail_words) > 3:
        return text
    return f"{tail} {head}"


def _fold_words(text: str, east_slavic: bool | None = None) -> str:
    """Script, case, diacritics and punctuation folding without the comma rule.
    ``east_slavic``: see translit.transliterate."""
    text = _cased(text)
    text = transliterate(text, east_slavic).lower()  # anyascii capitalises: 习近平 -> "XiJinPing"
    text = _strip_marks(text)
    if not text.isascii():
        text = anyascii(text).lower()
    text = text.translate(_APOSTROPHES).translate(_HYPHENS)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _cased(text: str) -> str:
    """The first step of `_fold_words`, which the east-Slavic letters are read from."""
    # Apostrophes go before NFKC, which turns the acute accent U+00B4 into space + mark.
    return unicodedata.normalize("NFKC", text.translate(_APOSTROPHES)).lower()


def fold(name: str) -> str:
    """Human-readable normalised form: "AL-ASSAD, Bashar" -> "bashar al assad"."""
    if not name:
        return ""
    return _fold_words(_reorder_comma(name))


def _is_article(word: str, following: str | None) -> bool:
    """ "al"/"el" before any word; "ash"/"at"/"ad"... only before their sun letter."""
    if following is None or following.isdigit():
        return False
    if word in rules.ARTICLES_ANY:
        return True
    starts = rules.ARTICLES_SUN.get(word)
    return starts is not None and following.startswith(starts)


_ABD_GLUED = re.compile(f"^(?:{'|'.join(rules.ABD_PREFIXES)})(?=[a-z]{{3}})")


def _split_abd(words: list[str]) -> list[str]:
    """Join "abd" forms with their name: "abdul rahman", "abdurrahman" -> "abdrahman"."""
    if not any(w.startswith("abd") for w in words):
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in rules.ABD_PREFIXES and i + 1 < len(words):
            out.append("abd" + words[i + 1])
            i += 2
            continue
        out.append(_ABD_GLUED.sub("abd", word, count=1))
        i += 1
    return out


def _join_din(words: list[str]) -> list[str]:
    """Join "ad-Din" to the word before: "nasr din" -> "nasrdin" (= "Nasreddine")."""
    out: list[str] = []
    for word in words:
        if word in rules.DIN_WORDS and out and len(out[-1]) >= 3:
            out[-1] = out[-1] + "din"
        else:
            out.append(word)
    return out


def _legal_mask(words: list[str]) -> list[bool]:
    """Mark legal-form words, whole phrases first: "obshchestvo s ogranichennoy ..."."""
    legal_words = roles.LEGAL_WORDS
    mask = [w in legal_words for w in words]
    for start, word in enumerate(words):
        if word not in _LEGAL_PHRASE_FIRST:  # most names hold no phrase at all
            continue
        for size in range(min(_LEGAL_MAX, len(words) - start), 1, -1):
            if tuple(words[start : start + size]) in _LEGAL_PHRASE_SET:
                for k in range(start, start + size):
                    mask[k] = True
                break
    return mask


_LEGAL_PHRASE_SET = frozenset(roles.LEGAL_PHRASES)
_LEGAL_PHRASE_FIRST = frozenset(phrase[0] for phrase in roles.LEGAL_PHRASES)


def name_tokens(folded: str) -> list[Token]:
    """Tokens for matching: "bashar al assad" -> [bashar, assad]; roles mark weak words."""
    words = folded.split()
    last = len(words) - 1
    forms, family = rules.PARTICLE_FORMS, _FAMILY
    kept = []
    for i, word in enumerate(words):
        if word in _ARTICLE_WORDS and i < last and _is_article(word, words[i + 1]):
            continue
        word = forms.get(word, word)
        kept.append(family.get(word, word))
    kept = _join_din(_split_abd(kept))
    legal = _legal_mask(kept)
    tokens = [
        Token(word, "legal" if is_legal else _role(word))
        for word, is_legal in zip(kept, legal, strict=True)
    ]
    if len(tokens) > 1 and tokens[0].text in LEADING_INITIALS and tokens[0].role == "particle":
        tokens[0] = Token(tokens[0].text, "initial")
    return tokens


# One-letter particles ("y", Spanish "and"; "e", the Persian ezafe) join two words, so one
# that opens a name is an initial: "Y. Putin" (Yuri), "E. Lavrov" (Evgeny); the fold has
# dropped the dot by now.
LEADING_INITIALS = frozenset(w for w in rules.PARTICLES if len(w) == 1 and w.isalpha())


def kept_form(word: str) -> str | None:
    """The form `name_tokens` keeps of a folded word that is not a dropped article, when
    its neighbours cannot change it; None for an "abd" form that joins the next word and
    an "ad-din" form that joins the word before (word_keys.py keys names word by word)."""
    word = rules.PARTICLE_FORMS.get(word, word)
    word = _FAMILY.get(word, word)
    if word.startswith("abd"):
        if word in rules.ABD_PREFIXES:
            return None
        word = _ABD_GLUED.sub("abd", word, count=1)
    return None if word in rules.DIN_WORDS else word


def word_role(word: str) -> str:
    """The role `name_tokens` gives a kept word that no legal phrase covers."""
    return "legal" if word in roles.LEGAL_WORDS else _role(word)


def _role(word: str) -> str:
    """Role of a word that is not part of a legal form (memoised: names repeat a lot)."""
    role = _ROLES.get(word)
    if role is None:
        if word in rules.PARTICLES:
            role = "particle"
        elif word in roles.TITLES:
            role = "title"
        elif word in _GENERIC or gloss_of(word) in _GENERIC:  # "masrif" like "bank"
            role = "generic"
        elif len(word) == 1 and word.isalpha():
            role = "initial"
        else:
            role = "name"
        if len(_ROLES) > ROLE_MEMO:
            _ROLES.clear()
        _ROLES[word] = role
    return role


ROLE_MEMO = 65_536  # words whose role is remembered (the rules are fixed at import)
_ROLES: dict[str, str] = {}
_ARTICLE_WORDS = rules.ARTICLES_ANY | frozenset(rules.ARTICLES_SUN)
