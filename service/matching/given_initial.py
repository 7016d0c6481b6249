"""A given name written as an initial, against the given names the entity is known by.

"H. al-Assad" finds Bashar al-Assad through his surname-only alias "al-Assad": that alias
has no given name for the letter to disagree with, so the pair scores as "al-Assad" less
the letter's small weight (0.79, `matched`). Yet the table knows Bashar's given name from
his other aliases, and no transcription of "Bashar" starts with an H: the query names
another al-Assad (Hafez, his father), and a wrong `matched` attaches facts to the wrong
person. The same holds through an alias whose given name starts with another sound: "K.
al-Sharaa" scored 0.77 against "Ahmad al-Sharaa", the letter a missing given name to the
scorer (alignment.is_given_name_missing), which only costs a share. So a person is held
back when the query gives a given initial that starts neither the given name of the alias
it matched (read from where the query's surname aligned: "J. Xi" agrees with "Xi Jinping")
nor any given name among the entity's aliases that hold the same surname. Letters that
transcriptions exchange agree ("W. Putin" / "Vladimir", "K." / "Qasim";
similarity.is_same_first_sound), and an entity whose aliases give no given name is left
alone: nothing contradicts the letter.

Like the rules of disagreement.py it turns `matched` into `ambiguous` and never changes a
score or the ranking. Only that rare path pays for it: one vectorised pass over the posting
list of the surname's key, which holds every alias the entity has with that surname.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from service.matching.index import AliasIndex
from service.matching.scoring import QueryScorer
from service.matching.shapes import AliasShape, shape_of_slot
from service.matching.similarity import is_same_first_sound

OTHER_INITIAL = "other given initial"


def contradicts_entity(scorer: QueryScorer, index: AliasIndex, entity: int, slot: int) -> bool:
    """Whether the query's given initial is contradicted by the given name of the alias in
    `slot`, the entity's best, and by those of the entity's other aliases under the same
    surname (see the module docstring)."""
    given = scorer.given_initial
    if given < 0 or not scorer.q_names:  # the letter and at least one name word after it
        return False
    letter = scorer.query[given].text[:1]
    shape = shape_of_slot(index, slot)
    tids = shape.tids
    if len(shape.names) == 1:
        surname = shape.names[0]
    else:
        found = _surname_and_given(scorer, shape)
        if found is None:
            return False
        surname, alias_given = found
        if _agrees(letter, [index.tokens[tids[alias_given]].text, index.tokens[tids[0]].text]):
            return False
    givens = given_names(index, entity, index.token_kid[tids[surname]])
    return bool(givens) and not _agrees(letter, givens)


def _agrees(letter: str, words: Sequence[str]) -> bool:
    return any(is_same_first_sound(letter, word[:1]) for word in words)


def _surname_and_given(scorer: QueryScorer, shape: AliasShape) -> tuple[int, int] | None:
    """The alias's surname and given name positions, read from where the query's last name
    word aligned: its last name word ("Ahmad al-Sharaa"), or its first in surname-first
    order ("Xi Jinping" for "J. Xi"); None if it aligned with neither."""
    _, pairs = scorer.align_shape(shape, "person")
    last = scorer.q_names[-1]
    partner = next((j for i, j, _ in pairs if i == last), None)
    first, final = shape.names[0], shape.names[-1]
    if partner == final:
        return final, first
    if partner == first:
        return first, final
    return None


def given_names(index: AliasIndex, entity: int, kid: int) -> list[str]:
    """The first name word of each live alias of `entity` found under key `kid` that has two
    or more name words (a given name and a surname), and the word it opens with when that
    is another ("Abu" of "Abu Mohammad al-Julani": "A. Mohammed al-Joulani" may be it)."""
    posting = np.asarray(index.postings[kid], dtype=np.int32)
    owners = np.frombuffer(index.alias_entity, dtype=np.int32)
    names = []
    for slot in posting[owners[posting] == entity].tolist():
        if not index.alias_live[slot]:
            continue
        shape = shape_of_slot(index, slot)
        if len(shape.names) >= 2:
            names.append(index.tokens[shape.tids[shape.names[0]]].text)
            names.append(index.tokens[shape.tids[0]].text)
    return names
