"""A given name written as an initial, against the given names the entity is known by.

"H. al-Assad" finds Bashar al-Assad through his surname-only alias "al-Assad": that alias
has no given name for the letter to disagree with, so the pair scores as "al-Assad" less
the letter's small weight (0.79, `matched`). Yet the table knows Bashar's given name from
his other aliases, and no transcription of "Bashar" starts with an H: the query names
another al-Assad (Hafez, his father), and a wrong `matched` attaches facts to the wrong
person. So a person matched through an alias without a given name is held back when the
query gives a given initial and every given name among the entity's aliases that hold the
same surname starts with another sound. Letters that transcriptions exchange agree
("W. Putin" / "Vladimir", "K." / "Qasim"; similarity.is_same_first_sound), and an entity
whose aliases give no given name is left alone: nothing contradicts the letter.

Like the rules of disagreement.py it turns `matched` into `ambiguous` and never changes a
score or the ranking. Only that rare path pays for it: one vectorised pass over the posting
list of the surname's key, which holds every alias the entity has with that surname.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from service.matching.index import AliasIndex
from service.matching.scoring import QueryScorer
from service.matching.shapes import alias_shape
from service.matching.similarity import is_same_first_sound

OTHER_INITIAL = "other given initial"


def contradicts_entity(
    scorer: QueryScorer, index: AliasIndex, entity: int, tids: Sequence[int]
) -> bool:
    """Whether the query's given initial is contradicted by the entity's given names, when
    its best alias (`tids`) is a lone surname (see the module docstring)."""
    given = scorer.given_initial
    if given < 0 or not scorer.q_names:  # the letter and at least one name word after it
        return False
    shape = alias_shape(tids, index.tokens)
    if len(shape.names) != 1:
        return False  # an alias with a given name: the scorer weighed the letter against it
    letter = scorer.query[given].text[:1]
    givens = given_names(index, entity, index.token_kid[tids[shape.names[0]]])
    return bool(givens) and not any(is_same_first_sound(letter, name[:1]) for name in givens)


def given_names(index: AliasIndex, entity: int, kid: int) -> list[str]:
    """The first name word of each live alias of `entity` found under key `kid` that has two
    or more name words (a given name and a surname)."""
    posting = np.asarray(index.postings[kid], dtype=np.int32)
    owners = np.frombuffer(index.alias_entity, dtype=np.int32)
    names = []
    for slot in posting[owners[posting] == entity].tolist():
        if not index.alias_live[slot]:
            continue
        shape = alias_shape(index.alias_token_ids(slot), index.tokens)
        if len(shape.names) >= 2:
            names.append(index.tokens[shape.tids[shape.names[0]]].text)
    return names
