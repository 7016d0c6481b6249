"""Named feature functions and weights that turn a (query, alias) pair into one score.

The main feature aligns query tokens to alias tokens (order-free, so "PUTIN, Vladimir"
meets "Vladimir Putin") and weighs each token by its rarity in the alias table, so a
shared "al-Assad" cannot carry "Hafez al-Assad" to "Bashar al-Assad".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from service.matching.keys import TokenKeys

# Role multipliers on a token's rarity weight.
ROLE_WEIGHTS = {
    "name": 1.0,
    "particle": 0.25,  # "bin", "abu": "Osama bin Laden" vs "Osama Laden" barely differ
    "legal": 0.1,  # "LLC" / "OOO": "OOO Interservis" = "Interservis LLC"
    "initial": 0.5,  # "V." stands for a given name but only weakly: "V. Putin"
}
INITIAL_SIM = 0.85  # "v" vs "vladimir": consistent, not proof
SKELETON_SIM = 0.92  # Arabic script has no short vowels: "ahmd" vs "ahmad" by consonants
SAME_SKELETON_SIM = 0.85  # Latin words with the same consonants: "Sahab" vs "Sahb"
FIRST_LETTER_FACTOR = 0.85  # first sounds differ: "Amman" vs "Dammam", "Qadhafi" vs "Gaddafi"
PHONETIC_SIM = 0.97  # same phonetic form, other spelling: "Wladimir" vs "Vladimir"
MIN_TOKEN_SIM = 0.6  # below this two tokens are different words ("Hafez" / "Bashar")
GIVEN_NAME_PENALTY = 0.8  # one side's given name is missing while its other names align:
# "Hafez al-Assad" vs "Bashar Hafez al-Assad" (father vs son), "Asma al-Assad" likewise
UNMATCHED_ALIAS_WEIGHT = 0.6  # alias words the query omits cost less than extra query
# words: "Ash-Sharara" is a fair short form of "Ahmad al-Sharaa", "Hafez al-Assad" is not one
# of "Bashar al-Assad".

# Feature weights of the final score; they sum to one.
FEATURE_WEIGHTS = {
    "token_alignment": 0.7,  # rarity-weighted, order-free token match: the core evidence
    "folded_ratio": 0.1,  # whole-name edit similarity: "Shaibani"/"Shibani" letter by letter
    "joined_ratio": 0.2,  # spaces ignored: "Chong Chon Gang" vs "Chongchongang"
}


@dataclass
class PairScore:
    """A scored (query, alias) pair with what the explanation needs."""

    score: float
    components: dict[str, float]
    alignment: list[dict[str, object]] = field(default_factory=list)


def edit_similarity(a: str, b: str) -> float:
    """1 - Levenshtein distance / longer length: stricter than Indel on short words."""
    return Levenshtein.normalized_similarity(a, b)


def token_similarity(q: TokenKeys, a: TokenKeys) -> float:
    """Similarity of two words in [0, 1]: exact, phonetic, skeleton or edit similarity."""
    if q.text == a.text:
        return 1.0
    if q.role == "initial" or a.role == "initial":
        short, long_ = (q, a) if len(q.text) <= len(a.text) else (a, q)
        return INITIAL_SIM if long_.text.startswith(short.text) else 0.0
    if q.phon == a.phon:
        return PHONETIC_SIM
    if q.abjad or a.abjad:
        sim = SKELETON_SIM * edit_similarity(q.skel, a.skel)
    else:
        sim = max(edit_similarity(q.text, a.text), edit_similarity(q.phon, a.phon))
        if q.skel == a.skel:
            sim = max(sim, SAME_SKELETON_SIM)
    if q.phon[:1] != a.phon[:1] and not (_is_vowel(q.phon[:1]) and _is_vowel(a.phon[:1])):
        sim *= FIRST_LETTER_FACTOR
    return sim if sim >= MIN_TOKEN_SIM else 0.0


def _is_vowel(char: str) -> bool:
    return char != "" and char in "aeiouy"


def align_tokens(
    query: Sequence[TokenKeys], alias: Sequence[TokenKeys]
) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment, best pairs first: [(query_i, alias_j, sim)]."""
    pairs = []
    for i, q in enumerate(query):
        for j, a in enumerate(alias):
            sim = token_similarity(q, a)
            if sim > 0.0:
                pairs.append((sim, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_q: set[int] = set()
    used_a: set[int] = set()
    out = []
    for sim, i, j in pairs:
        if i not in used_q and j not in used_a:
            used_q.add(i)
            used_a.add(j)
            out.append((i, j, sim))
    return out


def token_weights(tokens: Sequence[TokenKeys], rarity: Callable[[str], float]) -> list[float]:
    """Rarity times role: common words ("muhammad", "llc") weigh little."""
    return [rarity(t.skel) * ROLE_WEIGHTS.get(t.role, 1.0) for t in tokens]


def token_alignment(
    query: Sequence[TokenKeys],
    alias: Sequence[TokenKeys],
    rarity: Callable[[str], float],
) -> tuple[float, list[dict[str, object]]]:
    """Weighted Dice over aligned tokens; missing alias words count at a discount."""
    pairs = align_tokens(query, alias)
    wq = token_weights(query, rarity)
    wa = token_weights(alias, rarity)
    covered = 0.0
    aligned_a: set[int] = set()
    aligned_q: set[int] = set()
    detail: list[dict[str, object]] = []
    for i, j, sim in pairs:
        weight = (wq[i] + wa[j]) / 2.0
        covered += 2.0 * weight * sim
        aligned_q.add(i)
        aligned_a.add(j)
        detail.append(
            {"query": query[i].text, "alias": alias[j].text, "similarity": round(sim, 3),
             "weight": round(weight, 3)}  # fmt: skip
        )
    total = sum(wq[i] + wa[j] for i, j, _ in pairs)
    total += sum(w for i, w in enumerate(wq) if i not in aligned_q)
    total += UNMATCHED_ALIAS_WEIGHT * sum(w for j, w in enumerate(wa) if j not in aligned_a)
    score = covered / total if total > 0 else 0.0
    if is_given_name_missing(query, alias, pairs):
        score *= GIVEN_NAME_PENALTY
    return score, detail


def is_given_name_missing(
    query: Sequence[TokenKeys], alias: Sequence[TokenKeys], pairs: list[tuple[int, int, float]]
) -> bool:
    """True when one side's first name word is unaligned but the other's first aligns elsewhere.

    Both names need two or more name words, so a bare surname query ("Ash-Sharara") is
    judged by coverage alone, and surname-first forms (both firsts aligned) pass.
    """
    q_names = [i for i, t in enumerate(query) if t.role == "name"]
    a_names = [j for j, t in enumerate(alias) if t.role == "name"]
    if len(q_names) < 2 or len(a_names) < 2:
        return False
    q_to_a = {i: j for i, j, _ in pairs}
    a_to_q = {j: i for i, j, _ in pairs}
    q_first, a_first = q_names[0], a_names[0]
    if q_to_a.get(q_first) == a_first:
        return False
    q_lost = q_first not in q_to_a and a_first in a_to_q
    a_lost = a_first not in a_to_q and q_first in q_to_a
    return q_lost or a_lost


def significant(tokens: Sequence[TokenKeys]) -> list[TokenKeys]:
    """Tokens without legal forms, unless the name is nothing but legal forms."""
    kept = [t for t in tokens if t.role != "legal"]
    return kept or list(tokens)


def folded_ratio(query: Sequence[TokenKeys], alias: Sequence[TokenKeys]) -> float:
    """Order-free edit similarity of the phonetic words."""
    q = " ".join(t.phon for t in significant(query))
    a = " ".join(t.phon for t in significant(alias))
    return fuzz.token_sort_ratio(q, a) / 100.0


def joined_ratio(query: Sequence[TokenKeys], alias: Sequence[TokenKeys]) -> float:
    """Edit similarity with spaces removed, in reading order: split or glued words."""
    q = "".join(t.phon for t in significant(query))
    a = "".join(t.phon for t in significant(alias))
    return fuzz.ratio(q, a) / 100.0


def score_pair(
    query: Sequence[TokenKeys],
    alias: Sequence[TokenKeys],
    rarity: Callable[[str], float],
    explain: bool = False,
) -> PairScore:
    """Combine the features into one score in [0, 1]."""
    alignment_score, detail = token_alignment(query, alias, rarity)
    components = {
        "token_alignment": alignment_score,
        "folded_ratio": folded_ratio(query, alias),
        "joined_ratio": joined_ratio(query, alias),
    }
    score = sum(FEATURE_WEIGHTS[name] * value for name, value in components.items())
    score = min(score, alignment_score + 0.15)  # string likeness alone cannot make a match
    return PairScore(max(0.0, min(1.0, score)), components, detail if explain else [])
