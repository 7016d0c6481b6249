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

from service.matching import rules
from service.matching.keys import TokenKeys

# Role multipliers on a token's rarity weight.
ROLE_WEIGHTS = {
    "name": 1.0,
    "particle": 0.25,  # "bin", "abu": "Osama bin Laden" vs "Osama Laden" barely differ
    "legal": 0.1,  # "LLC" / "OOO": "OOO Interservis" = "Interservis LLC"
    "initial": 0.5,  # "V." stands for a given name but only weakly: "V. Putin"
    "generic": 0.5,  # "bank", "plant": "Rosneft Oil Company" vs "Rosneft" differ in kind words
}
INITIAL_SIM = 0.85  # "v" vs "vladimir": consistent, not proof
SKELETON_SIM = 0.92  # Arabic script has no short vowels: "ahmd" vs "ahmad" by consonants
SAME_SKELETON_SIM = 0.85  # Latin words with the same consonants: "Sahab" vs "Sahb"
LONG_VOWEL_FACTOR = 0.85  # Arabic long vowels missing from the Latin: "العرائش" vs "Rossosh"
LOOSE_SIM = 0.95  # loose forms agree: "Tochtachunov" vs "Tokhtakhunov" (German ch = kh)
GLUED_ARTICLE_SIM = 0.95  # "ELKADDAFI" vs "QADDAFI": article written solid
FIRST_LETTER_FACTOR = 0.85  # first sounds differ: "Amman" vs "Dammam", "Qadhafi" vs "Gaddafi"
PHONETIC_SIM = 0.97  # same phonetic form, other spelling: "Wladimir" vs "Vladimir"
MIN_TOKEN_SIM = 0.6  # below this two tokens are different words ("Hafez" / "Bashar")
CREDIT_FLOOR = 0.5  # similarity credited as (sim - floor) / (1 - floor): "ahmad"/"asaad" (0.6)
# earns 0.2, "sharaa"/"sharara" (0.86) 0.71, "wladimir"/"vladimir" (0.97) 0.94
FIRM_ALIGNMENT = 0.8  # alignments this good vouch for word order ("Sultan ASAAD" is not
# "Ahmed SULTAN" in surname-first order just because "ahmad" ~ "asaad" at 0.6)
SINGLE_NAME_FACTOR = 0.85  # one name word against a fuller person name: a lead, not proof
# ("Abu JA'FAR" vs "Abu Jaafar SHAKRA", "Ash-Sharara" vs "Ahmad al-Sharaa")
LONE_SURNAME_COST = 0.3  # a lone surname leaves the given name out by design: its absence
# costs a third ("Ash-Sharara" vs "Ahmad al-Sharaa"); the margin rule guards shared surnames
GIVEN_NAME_PENALTY = 0.7  # one side's given name is missing while its other names align:
# "Hafez al-Assad" vs "Bashar Hafez al-Assad" (father vs son), "Asma al-Assad" likewise
# Share of an unaligned word's weight that still counts against the pair, by the type of
# the candidate entity. Person lists drop and add middle names all the time ("Dmitry
# BALABA" = "Dmitriy Vladimirovich BALABA"), first and last names far less, and a query
# word the alias lacks is stronger evidence than the reverse. An extra word in an
# organisation or place name usually means another entity ("STARS COMMUNICATIONS" vs
# "STARS COMMUNICATIONS OFFSHORE", "Zvenigorod" vs "Zvenigorodka").
UNMATCHED_COST = {
    "person": {
        ("query", "edge"): 1.0,  # "Hafez al-Assad" vs "Bashar al-Assad": "hafez" counts fully
        ("query", "middle"): 0.5,  # "Mehrez ben Taha AMDOUNI" vs "Mehrez AMDOUNI"
        ("alias", "edge"): 0.6,  # "Ash-Sharara" is a fair short form of "Ahmad al-Sharaa"
        ("alias", "middle"): 0.25,  # patronymics: "Nikolay [Nikolayevich] TRUSHCHALOV"
    },
    "other": {
        ("query", "edge"): 1.0,
        ("query", "middle"): 0.8,
        ("alias", "edge"): 0.9,  # "ANSAR AL-SHARIA" vs "ANSAR AL-SHARIAH BRIGADE"
        ("alias", "middle"): 0.7,
    },
}
# Feature weights of the final score; they sum to one.
FEATURE_WEIGHTS = {
    "token_alignment": 0.85,  # rarity-weighted, order-free token match: the core evidence
    "folded_ratio": 0.05,  # whole-name edit similarity: "Shaibani"/"Shibani" letter by letter
    "joined_ratio": 0.1,  # spaces ignored: "Chong Chon Gang" vs "Chongchongang"
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
    sim = spelling_similarity(q, a)
    if q.bare and not a.bare:
        sim = max(sim, GLUED_ARTICLE_SIM * edit_similarity(q.bare, a.text))
    elif a.bare and not q.bare:
        sim = max(sim, GLUED_ARTICLE_SIM * edit_similarity(q.text, a.bare))
    return sim if sim >= MIN_TOKEN_SIM else 0.0


def spelling_similarity(q: TokenKeys, a: TokenKeys) -> float:
    """Edit similarity of the spellings, skeletons for Arabic script, loose forms as backup."""
    if q.abjad != a.abjad:
        sim = SKELETON_SIM * edit_similarity(q.skel, a.skel)
        script, latin = (q, a) if q.abjad else (a, q)
        if not has_long_vowels_of(script.phon, latin.phon):
            sim *= LONG_VOWEL_FACTOR
    elif q.abjad:
        sim = max(edit_similarity(q.text, a.text), SKELETON_SIM * edit_similarity(q.skel, a.skel))
    else:
        sim = max(
            edit_similarity(q.text, a.text),
            edit_similarity(q.phon, a.phon),
            LOOSE_SIM * edit_similarity(q.loose, a.loose),
        )
        if q.skel == a.skel:
            sim = max(sim, SAME_SKELETON_SIM)
    if not is_same_first_sound(q.phon[:1], a.phon[:1]):
        sim *= FIRST_LETTER_FACTOR
    return sim


_VOWEL_CLASS = str.maketrans("aeiouy", "aiiuui")


def has_long_vowels_of(script: str, latin: str) -> bool:
    """Arabic script writes only long vowels; a Latin spelling should show them in order.

    "raish" (العرائش) has a, i: "Araish" does, "Rossosh" does not.
    """
    wanted = [c for c in script[1:].translate(_VOWEL_CLASS) if c in "aiu"]
    pool = iter(c for c in latin.translate(_VOWEL_CLASS) if c in "aiu")
    return all(any(c == v for v in pool) for c in wanted)


def is_same_first_sound(first: str, other: str) -> bool:
    """Same first letter, or two that transcriptions exchange ("Jury"/"Yuri", "Q"/"G")."""
    if first == other:
        return True
    return any(first in group and other in group for group in rules.FIRST_LETTER_GROUPS)


SimCache = dict[tuple[int, int], float]


def align_tokens(
    query: Sequence[TokenKeys], alias: Sequence[TokenKeys], cache: SimCache | None = None
) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment, best pairs first: [(query_i, alias_j, sim)].

    `cache` memoises word pairs for one query (keyed by object ids, so only valid while
    the query's and the index's token objects live: within one resolve call).
    """
    cache = {} if cache is None else cache
    pairs = []
    for i, q in enumerate(query):
        for j, a in enumerate(alias):
            ident = (id(q), id(a))
            sim = cache.get(ident)
            if sim is None:
                sim = cache[ident] = token_similarity(q, a)
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
    entity_type: str = "person",
    cache: SimCache | None = None,
) -> tuple[float, list[dict[str, object]]]:
    """Weighted Dice over aligned tokens; missing alias words count at a discount."""
    pairs = align_tokens(query, alias, cache)
    wq = token_weights(query, rarity)
    wa = token_weights(alias, rarity)
    covered = 0.0
    aligned_a: set[int] = set()
    aligned_q: set[int] = set()
    detail: list[dict[str, object]] = []
    for i, j, sim in pairs:
        weight = (wq[i] + wa[j]) / 2.0
        covered += 2.0 * weight * credit(sim)
        aligned_q.add(i)
        aligned_a.add(j)
        detail.append(
            {
                "query": query[i].text,
                "alias": alias[j].text,
                "similarity": round(sim, 3),
                "weight": round(weight, 3),
            }
        )
    lone_surname = entity_type == "person" and is_lone_surname(query, alias, pairs)
    total = sum(wq[i] + wa[j] for i, j, _ in pairs)
    total += unmatched_cost(query, wq, aligned_q, "query", entity_type)
    alias_rest = unmatched_cost(alias, wa, aligned_a, "alias", entity_type)
    total += LONE_SURNAME_COST * alias_rest if lone_surname else alias_rest
    score = covered / total if total > 0 else 0.0
    if is_given_name_missing(query, alias, pairs):
        score *= GIVEN_NAME_PENALTY
    partial = is_single_name(query) and not is_single_name(alias)
    if entity_type == "person" and partial and not lone_surname:
        score *= SINGLE_NAME_FACTOR
    return score, detail


def is_lone_surname(
    query: Sequence[TokenKeys], alias: Sequence[TokenKeys], pairs: list[tuple[int, int, float]]
) -> bool:
    """One query name word, firmly aligned to the alias's last name word (its surname).

    People are named by surname alone ("Ash-Sharara", "Putin"), hardly ever by a given
    name or kunya alone ("Abu JA'FAR" vs "Abu Jaafar SHAKRA").
    """
    q_names = [i for i, t in enumerate(query) if t.role == "name"]
    a_names = [j for j, t in enumerate(alias) if t.role == "name"]
    if len(q_names) != 1 or len(a_names) < 2:
        return False
    return any(
        i == q_names[0] and j == a_names[-1] and sim >= FIRM_ALIGNMENT for i, j, sim in pairs
    )


def credit(sim: float) -> float:
    """Evidence earned by an aligned pair: near-misses earn little."""
    return max(0.0, (sim - CREDIT_FLOOR) / (1.0 - CREDIT_FLOOR))


def is_single_name(tokens: Sequence[TokenKeys]) -> bool:
    return sum(t.role == "name" for t in tokens) <= 1


def unmatched_cost(
    tokens: Sequence[TokenKeys],
    weights: list[float],
    aligned: set[int],
    side: str,
    entity_type: str,
) -> float:
    """Weight of the unaligned words of one side, middle names at a discount."""
    costs = UNMATCHED_COST.get(entity_type, UNMATCHED_COST["other"])
    names = [i for i, t in enumerate(tokens) if t.role == "name"]
    edges = {names[0], names[-1]} if names else set()
    return sum(
        weights[i] * costs[(side, "edge" if i in edges else "middle")]
        for i in range(len(tokens))
        if i not in aligned
    )


def is_given_name_missing(
    query: Sequence[TokenKeys], alias: Sequence[TokenKeys], pairs: list[tuple[int, int, float]]
) -> bool:
    """True unless the first name words align with each other or in surname-first order.

    Catches a missing given name ("Hafez al-Assad" vs "Bashar Hafez al-Assad") and two
    different ones ("Ali Muhammad HAMSHO" vs "Amr Mohamed HAMSHO"). Both names need two or
    more name words, so a bare surname ("Ash-Sharara") is judged by coverage alone.
    """
    q_names = [i for i, t in enumerate(query) if t.role == "name"]
    a_names = [j for j, t in enumerate(alias) if t.role == "name"]
    if len(q_names) < 2 or len(a_names) < 2:
        return False
    q_to_a = {i: j for i, j, sim in pairs if sim >= FIRM_ALIGNMENT}
    a_to_q = {j: i for i, j, sim in pairs if sim >= FIRM_ALIGNMENT}
    q_first, q_last, a_first, a_last = q_names[0], q_names[-1], a_names[0], a_names[-1]
    in_order = q_to_a.get(q_first) == a_first
    surname_first = q_to_a.get(q_first) == a_last or a_to_q.get(a_first) == q_last
    return not (in_order or surname_first)


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
    entity_type: str = "person",
    explain: bool = False,
    cache: SimCache | None = None,
) -> PairScore:
    """Combine the features into one score in [0, 1]."""
    alignment_score, detail = token_alignment(query, alias, rarity, entity_type, cache)
    components = {
        "token_alignment": alignment_score,
        "folded_ratio": folded_ratio(query, alias),
        "joined_ratio": joined_ratio(query, alias),
    }
    score = sum(FEATURE_WEIGHTS[name] * value for name, value in components.items())
    score = min(score, alignment_score + 0.15)  # string likeness alone cannot make a match
    return PairScore(max(0.0, min(1.0, score)), components, detail if explain else [])
