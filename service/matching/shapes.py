"""What scoring needs of each side, computed once: a query or alias word's shape (which
words are names, the phonetic forms the string features compare) and a vocabulary word's
standing against the query (Word). scoring.py weighs and aligns them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from service.matching.keys import TokenKeys

if TYPE_CHECKING:
    from service.matching.index import AliasIndex

WEAK_ROLES = frozenset({"legal", "title"})  # left out of the whole-name string features


def significant(tokens: Sequence[TokenKeys]) -> list[TokenKeys]:
    """Tokens without legal forms or titles, unless the name is nothing but those."""
    kept = [t for t in tokens if t.role not in WEAK_ROLES]
    return kept or list(tokens)


def name_positions(tokens: Sequence[TokenKeys]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.role == "name"]


class Word(NamedTuple):
    """A vocabulary word against the query: what aligning and bounding need of it, built
    once per word and query (QueryScorer._word)."""

    sims: tuple[float, ...]  # similarity to each query word
    credits: tuple[float, ...]  # the credit of each of those pairs
    best: float  # the best of those credits
    weight: float  # rarity weight
    covered: float  # weight * best
    ranked: tuple[tuple[float, int], ...]  # (-similarity, query word) of the similar ones


class AliasShape(NamedTuple):
    """What scoring needs of an alias whatever the query: memoised per alias slot."""

    tids: tuple[int, ...]
    names: tuple[int, ...]  # positions of the name words
    edges: tuple[int, ...]  # first and last name word, if any
    spaced: str  # phonetic forms of the significant words, sorted: "putin vladimir"
    joined: str  # ...in name order without spaces: "vladimirputin"


def alias_shape(tids: Sequence[int], vocab: Sequence[TokenKeys]) -> AliasShape:
    """`name_positions`, `significant` and `sorted_words` written out: this runs for
    every alias retrieval hands over that the memo does not hold yet (dozens a query)."""
    alias = [vocab[t] for t in tids]
    names = tuple([i for i, t in enumerate(alias) if t.role == "name"])
    phons = [t.phon for t in alias if t.role not in WEAK_ROLES] or [t.phon for t in alias]
    edges = (names[0], names[-1]) if names else ()
    spaced = " ".join(sorted(" ".join(phons).split()))
    return AliasShape(tuple(tids), names, edges, spaced, "".join(phons))


def shape_of_slot(index: AliasIndex, slot: int) -> AliasShape:
    """The shape of the alias in `slot`, from the index's memo (index.SHAPE_MEMO), else
    worked out and kept there: the scorer fills it for the slots it scores, and the rules
    run after it (given_initial.py) read it back."""
    shape = index.alias_shapes.get(slot)
    if shape is None:
        shape = index.alias_shapes[slot] = alias_shape(index.alias_token_ids(slot), index.tokens)
    return shape


def sorted_words(words: Sequence[str]) -> str:
    """The words sorted and spaced, as fuzz.token_sort_ratio compares them, so that the
    folded ratio is a plain fuzz.ratio of two strings sorted once each (same value)."""
    return " ".join(sorted(" ".join(words).split()))
