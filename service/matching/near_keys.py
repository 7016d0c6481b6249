"""Near keys: which skeleton keys are within a few edits of another, found through the
padded bigrams they share (AliasIndex.neighbours keeps a bigram index over its keys)."""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein


def key_bigrams(skel: str) -> set[str]:
    """Padded bigrams of a skeleton: "shbn" -> {"^s", "sh", "hb", "bn", "n$"}."""
    padded = f"^{skel}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def min_shared_grams(skel: str) -> int:
    """Padded bigrams a key within max_key_distance of `skel` shares with it at least
    (each edit breaks two), so the bigram index can rule the others out unseen."""
    return max(1, len(skel) + 1 - 2 * max_key_distance(skel))


def max_key_distance(skel: str) -> int:
    """Edits tolerated between skeletons: one for short keys, two from six, three from ten
    ("novoaleksandrovka" compounds drift more than "Assad")."""
    return 1 if len(skel) < 6 else 2 if len(skel) < 10 else 3


def near_similarity(skel: str, other: str, shared_grams: int) -> float | None:
    """Similarity of a near key, or None: within max_key_distance edits (the shared
    padded bigrams rule most keys out first), both keys three letters or more."""
    if shared_grams < min_shared_grams(skel):
        return None
    limit = max_key_distance(skel)
    if abs(len(other) - len(skel)) > limit or min(len(other), len(skel)) < 3:
        return None
    dist = Levenshtein.distance(skel, other, score_cutoff=limit)
    if dist > limit:
        return None
    return 1.0 - dist / max(len(skel), len(other))


def fuzzy_keys(
    skel: str,
    exact: int | None,
    bigrams: Mapping[str, array[int]],
    kid_skel: Sequence[str],
    kid_len: array[int],
) -> list[tuple[int, float]]:
    """Key ids other than `exact` that `near_similarity` accepts, in key order: those
    sharing enough bigrams (counted over the bigram index), then of a length within reach
    (a numpy filter over `kid_len`, the keys' lengths), then within `max_key_distance`
    edits (one rapidfuzz cdist call). At a million aliases a query word shares enough
    bigrams with about 175 keys and 31 are of a length within reach: one near_similarity
    call each cost 118 us a look-up, these 55."""
    grams = [bigrams[g] for g in key_bigrams(skel) if g in bigrams]
    if not grams:
        return []
    counts = np.bincount(np.concatenate([np.asarray(g, dtype=np.int32) for g in grams]))
    kids = (counts >= min_shared_grams(skel)).nonzero()[0]
    lengths = np.frombuffer(kid_len, dtype=np.int32)[kids]
    limit = max_key_distance(skel)
    kids = kids[(np.abs(lengths - len(skel)) <= limit) & (lengths >= 3)].tolist()
    others = [kid_skel[kid] for kid in kids]
    dists = process.cdist([skel], others, scorer=Levenshtein.distance, score_cutoff=limit)
    out = []
    for kid, other, dist in zip(kids, others, dists[0].tolist(), strict=True):
        if dist <= limit and kid != exact:  # near_similarity's value, computed alike
            out.append((kid, 1.0 - dist / max(len(skel), len(other))))
    return out


def with_new_keys(
    skel: str, found: list[tuple[int, float]], seen: int, kid_skel: Sequence[str]
) -> list[tuple[int, float]]:
    """`found` (a look-up of `skel` when `seen` keys existed) plus the keys from number
    `seen` on that `fuzzy_keys` would accept: what a fresh look-up returns, in the same
    order (new keys sort last). A curator's write then costs a cached query word a check
    of the keys added since, not the whole fuzzy search again."""
    out = list(found)
    grams = key_bigrams(skel) if len(skel) >= 3 else set()
    for kid in range(seen, len(kid_skel)):
        other = kid_skel[kid]
        if other == skel:
            out.insert(0, (kid, 1.0))
        elif grams:
            sim = near_similarity(skel, other, len(grams & key_bigrams(other)))
            if sim is not None:
                out.append((kid, sim))
    return out
