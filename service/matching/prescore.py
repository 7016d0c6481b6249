"""A cheap pre-score over the retrieved aliases, so that only the few that can still lead
reach the exact scorer (candidates.py).

Scoring an alias exactly costs Python per word: a similarity to every query word for each
new vocabulary word, a bound, an alignment. Of the RERANK aliases retrieval hands over,
most are neighbours sharing one key ("muhammad ...") that the exact scorer then discards.
Two signals, each cheap and each blind where the other sees, pick those worth it:

- retrieval's own order (the rarity of the skeleton keys shared, glosses and near keys
  included): its first RETRIEVAL_HEAD aliases are always kept, so a word matched only by
  its gloss ("masrif" = "bank") or its Arabic skeleton is never lost to spelling;
- a whole-name string likeness, rapidfuzz token_set_ratio of the phonetic word forms in
  one vectorised call (process.cdist, in C): order-free and blind to extra words, so
  "Putin Vladimir" meets "Vladimir Vladimirovich Putin". Aliases as like the query as the
  PRESCORE_KEEP-th likest are kept, ties included, and so is any alias with the same
  words as one kept by its rank (its twin in another script is never split from it).

Neither signal bounds the exact score, so this trades a little certainty for speed; the
keep sizes are set where the evaluation folds and engine_bench's top-1 do not move
(benchmarks/engine_bench.py prints both).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

RETRIEVAL_HEAD = 16  # retrieval's first aliases, always scored exactly
PRESCORE_KEEP = 20  # ...and the aliases whose words are likest the query's, ties included


def shortlist(query: str, slots: Sequence[int], forms: Sequence[str], keep: int) -> list[int]:
    """The slots worth scoring exactly, in retrieval order: the first RETRIEVAL_HEAD, and
    those whose `forms` (phonetic words, as scoring compares them) are likest `query`.

    ``keep``: how many entities the caller wants exactly; the pre-score keeps at least as
    many aliases by likeness, so a long candidate list is not cut short.
    """
    wanted = max(PRESCORE_KEEP, keep)
    if len(slots) <= RETRIEVAL_HEAD + wanted:
        return list(slots)
    likeness = process.cdist([query], forms, scorer=fuzz.token_set_ratio, dtype=np.uint8)[0]
    ranked = likeness.copy()  # (the array's own partition: np.partition's wrapper cost more)
    ranked.partition(len(likeness) - wanted)
    bar = ranked[len(likeness) - wanted]
    kept = (likeness >= bar).tolist()
    head = {forms[i] for i in range(RETRIEVAL_HEAD)}
    # an alias with the same words as one in the head goes along: which of such twins is
    # shown depends on the query's script (candidates.py), not on where retrieval put it
    return [
        slot for i, slot in enumerate(slots) if i < RETRIEVAL_HEAD or kept[i] or forms[i] in head
    ]
