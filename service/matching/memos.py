"""How full each memo keyed by words is: what benchmarks and tests watch for growth.

A resolve stays cheap because a word's keys, role, gloss, rarity, near keys and
similarities are remembered; query words fill these memos too, so every one is capped
(lru_cache maxsize, or a size past which it starts over) and a worker facing ever new
names levels off (benchmarks/memory_soak.py).
"""

from __future__ import annotations

from service.matching import glossary, keys, normalize
from service.matching.index import AliasIndex


def memo_sizes(index: AliasIndex) -> dict[str, int]:
    """Entries held now, by memo: module-wide ones and those kept on `index`."""
    return {
        "token keys": keys._token_keys.cache_info().currsize,
        "phonetic": keys.phonetic.cache_info().currsize,
        "skeleton": keys.skeleton.cache_info().currsize,
        "roles": len(normalize._ROLES),
        "glosses": glossary.gloss_of.cache_info().currsize,
        "rarities": len(index.idf_memo),
        "near keys": len(index.neighbour_cache),
        "similarity rows": len(index.word_sims),
    }
