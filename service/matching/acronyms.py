"""Acronyms: "ZMDC" is "Zimbabwe Mining Development Corporation", "IRGC" the Guard Corps.

Organisations go by their initials, which no spelling rule can reach. Aliases of
organisations and places are filed under their initials (with and without the legal
form: "ASRC" = "Advanced Systems Research Company", "KCST" = "Korean Committee [for]
Space Technology"). A query written as one upper-case word of two to six letters looks
them up; a longer query looks up its own initials among the table's one-word aliases.
An acronym is weak evidence, the more so the shorter it is: its score grows with its
length, and two entities with the same initials leave the answer ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from service.matching.keys import NameKeys, TokenKeys

if TYPE_CHECKING:
    from service.matching.index import AliasIndex

# Words an acronym leaves out. Source: the prepositions, articles and conjunctions of
# English, French, Spanish, Italian, German, Persian and Arabic ("fi" in, "wa" and, "bil"
# by the) that acronyms of organisation names skip (e.g. ISO 4 abbreviation rules).
SKIPPED = frozenset({
    "of", "the", "and", "for", "in", "on", "at", "to", "de", "des", "du", "la", "le", "el",
    "y", "et", "und", "fi", "wa", "va", "e", "di", "da", "del", "bil",
})  # fmt: skip
UNFILED_ROLES = frozenset({"title", "particle"})
MIN_LETTERS = 2
MAX_LETTERS = 6  # a longer upper-case word is a name ("SYRIAMAR"), not initials
MAX_WORDS = 8
SCORES = {2: 0.6, 3: 0.72, 4: 0.8, 5: 0.82, 6: 0.84}  # by length: "FSB" < "PGPIC"
PERSON = "person"  # people are not filed: "VVP" for Putin is rare, "AB" for anyone common


def initials(tokens: Sequence[TokenKeys]) -> set[str]:
    """The acronyms a name may go by: initials with and without its legal-form words."""
    words = [t for t in tokens if t.role not in UNFILED_ROLES and t.text not in SKIPPED]
    if not 2 <= len(words) <= MAX_WORDS or not all(t.text[:1].isalpha() for t in words):
        return set()
    found = {"".join(t.text[0] for t in words)}
    plain = [t for t in words if t.role != "legal"]
    if len(plain) >= 2:
        found.add("".join(t.text[0] for t in plain))
    return {a for a in found if MIN_LETTERS <= len(a) <= MAX_WORDS}


def query_acronym(name: str, keys: NameKeys) -> str | None:
    """The acronym a query is written as ("ZMDC", "Z.M.D.C."), if it is one."""
    letters = "".join(name.split()).replace(".", "")
    if not (MIN_LETTERS <= len(letters) <= MAX_LETTERS and letters.isalpha()):
        return None
    if not letters.isupper() or not letters.isascii():
        return None
    return letters.lower()


def score(acronym: str) -> float:
    return SCORES.get(len(acronym), SCORES[MAX_LETTERS])


def slots(index: AliasIndex, name: str, keys: NameKeys) -> Iterator[tuple[int, float]]:
    """(alias slot, score) for aliases whose initials the query is ("ZMDC"), or, for a
    longer query, one-word aliases that are its initials ("IRGC")."""
    written = query_acronym(name, keys)
    if written is not None:
        for slot in index.acronyms.get(written, ()):
            yield slot, score(written)
        return
    for acronym in initials(keys.tokens):
        tid = index.token_pos.get((acronym, "name", False))
        if tid is None:
            continue
        for slot in one_word_aliases(index, tid):  # "IRGC", not "IRGC Aerospace Force"
            yield slot, score(acronym)


def one_word_aliases(index: AliasIndex, tid: int) -> list[int]:
    """Slots of the aliases that are the one word `tid`, read from its key's posting list
    with numpy: the initials of "Ahmad Hassan" are "ah", whose key holds thousands of
    aliases at a million, which a loop in Python walked for every such name."""
    posting = np.asarray(index.postings[index.token_kid[tid]], dtype=np.int64)
    if not len(posting):
        return []
    lengths = np.frombuffer(index.alias_tok_len, dtype=np.int8)
    posting = posting[lengths[posting] == 1]
    starts = np.frombuffer(index.alias_tok_start, dtype=np.int64)[posting]
    return posting[np.frombuffer(index.tok_buf, dtype=np.int32)[starts] == tid].tolist()
