"""Near keys: which skeleton keys are within a few edits of another, found through the
padded bigrams they share (AliasIndex.neighbours keeps a bigram index over its keys)."""

from __future__ import annotations

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
